"""Regional learning's own models: what the dashboard reads, and the log of every export."""

from django.conf import settings
from django.db import models

from audits.models import AuditTool, Visit
from authorities.models import Region

__all__ = ["ExportLog", "LearningVisit"]


class LearningVisit(Visit):
    """A visit as a source of regional learning: its own access policy, apart from the visit's.

    Only issued and closed visits feed the regional views, and they are read in aggregate;
    who may read them is decided by ``reports.policies_learning``.
    """

    class Meta:
        proxy = True
        verbose_name = "visit for regional learning"
        verbose_name_plural = "visits for regional learning"


class ExportLog(models.Model):
    """One download of regional learning data: who, when, which filters, named or not."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel"

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="learning_exports"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="learning_exports")
    format = models.CharField(max_length=10, choices=Format.choices)
    year_from = models.PositiveSmallIntegerField(null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(null=True, blank=True)
    tool = models.ForeignKey(
        AuditTool, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rows = models.PositiveIntegerField(default=0)
    # Whether council names were in the file (coordinators) or only letters.
    named = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_format_display()} export by {self.by} at {self.at:%Y-%m-%d %H:%M}"
