"""Regional learning listens to the covering report: an issued visit's counts are stored once."""

from django.dispatch import receiver

from audits.models import Visit
from reports.signals import report_issued

from . import tallies


@receiver(report_issued, dispatch_uid="learning-store-counts-at-issue")
def store_counts_at_issue(sender, *, visit, **kwargs):
    tallies.rebuild(Visit.objects.filter(pk=visit.pk))
