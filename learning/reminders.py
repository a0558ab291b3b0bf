"""Daily reminders to the owners of overdue learning actions: one e-mail per owner a day."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from auditportal import notices

from .models import ActionReminder, overdue_actions
from .tasks import send_overdue_reminder


def remind_overdue_actions(*, today: datetime.date | None = None, site_url: str = "") -> int:
    """Queue one e-mail to each owner with overdue actions who has not been reminded today.

    Each reminder is recorded before its e-mail is queued, and the database allows one per
    owner a day, so running the command twice (or on two servers at once) sends once.
    Returns how many e-mails were queued.
    """
    today = today or timezone.localdate()
    owners = (
        overdue_actions(today)
        .exclude(owner__action_reminders__sent_on=today)
        .values("owner_id")
        .annotate(n=Count("pk"))
        .order_by("owner_id")
    )
    queued = 0
    for row in owners:
        try:
            with transaction.atomic():
                ActionReminder.objects.create(
                    owner_id=row["owner_id"], sent_on=today, overdue=row["n"]
                )
                notices.queue(
                    send_overdue_reminder,
                    owner_id=row["owner_id"],
                    today=today.isoformat(),
                    site_url=site_url,
                )
        except IntegrityError:
            continue  # another run reminded this owner today
        queued += 1
    return queued
