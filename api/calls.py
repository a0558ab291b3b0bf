"""How long the API's call log is kept."""

import datetime

from django.conf import settings

from .models import ApiCall


def prune_calls(*, now: datetime.datetime, dry_run: bool = False) -> int:
    """Forget calls older than AUDITPORTAL_SECURITY_EVENT_DAYS, as for security events."""
    cutoff = now - datetime.timedelta(days=settings.AUDITPORTAL_SECURITY_EVENT_DAYS)
    old = ApiCall.objects.filter(at__lt=cutoff)
    return old.count() if dry_run else old.delete()[0]
