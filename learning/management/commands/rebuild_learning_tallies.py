from django.core.management.base import BaseCommand

from learning import tallies
from learning.models import LearningVisit
from learning.policies import SHARED_STATUSES


class Command(BaseCommand):
    help = (
        "Count the answers of every issued and closed visit again and store the counts the "
        "regional dashboard reads. Safe to run at any time; running it twice gives the same."
    )

    def add_arguments(self, parser):
        parser.add_argument("--visit", type=int, action="append", help="Only this visit (repeat).")

    def handle(self, *args, visit=None, **options):
        visits = LearningVisit.objects.filter(status__in=SHARED_STATUSES)
        if visit:
            visits = visits.filter(pk__in=visit)
        done = tallies.rebuild(visits)
        self.stdout.write(self.style.SUCCESS(f"Stored the counts of {done} issued visits."))
