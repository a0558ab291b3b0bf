"""Record each refusal of the access mechanism (``auditportal.access``) as an AccessDenial.

``access`` marks the Http404 or PermissionDenied it raises; this middleware sees the
exception once the view has given up on it, outside any transaction the view had open, so
the record is kept even though the view's own work was rolled back.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction

from .models import AccessDenial

logger = logging.getLogger("auditportal.access")


def record(request, exception) -> AccessDenial | None:
    refusal = getattr(exception, "access_refusal", None)
    user = getattr(request, "user", None)
    if refusal is None or user is None or not user.is_authenticated:
        return None
    status = 403 if isinstance(exception, PermissionDenied) else 404
    match = getattr(request, "resolver_match", None)
    denial = AccessDenial(
        person=user,
        status=status,
        method=request.method[:10],
        view_name=(match.view_name if match else "")[:200],
        subject=refusal["subject"],
        lookup=refusal["lookup"],
        request_id=getattr(request, "request_id", ""),
    )
    try:
        with transaction.atomic():
            denial.save()
    except DatabaseError:
        # The refusal page matters more than its record; the log line still says it.
        logger.exception("Could not record an access denial")
    logger.info(
        "access refused",
        extra={"status": status, "view": denial.view_name, "subject": denial.subject},
    )
    return denial


class AccessDenialMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        record(request, exception)
        return None  # Django still turns the exception into the 403 or 404 page


def prune(*, now: datetime.datetime, dry_run: bool = False) -> int:
    """Forget denials older than AUDITPORTAL_SECURITY_EVENT_DAYS, as for security events."""
    cutoff = now - datetime.timedelta(days=settings.AUDITPORTAL_SECURITY_EVENT_DAYS)
    old = AccessDenial.objects.filter(at__lt=cutoff)
    return old.count() if dry_run else old.delete()[0]
