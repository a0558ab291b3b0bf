from django.conf import settings
from django.core.management.base import BaseCommand

from authorities.security import prune_events


class Command(BaseCommand):
    help = "Delete security events older than AUDITPORTAL_SECURITY_EVENT_DAYS (365 by default)."

    def handle(self, *args, **options):
        deleted = prune_events()
        days = settings.AUDITPORTAL_SECURITY_EVENT_DAYS
        self.stdout.write(f"Deleted {deleted} security event(s) older than {days} days.")
