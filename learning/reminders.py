"""Daily reminders about overdue actions, one e-mail per person a day: the learning actions
auditors take home, and the improvement plan actions hosts own (by name, or by role, when the
host council's PSW, who keeps the plan, is reminded)."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from auditportal import notices
from audits.services.improvement import plan_reminder_counts

from .models import ActionReminder, overdue_actions
from .tasks import send_overdue_reminder


def remind_overdue_actions(*, today: datetime.date | None = None, site_url: str = "") -> int:
    """Queue one e-mail to each person with overdue actions who has not been reminded today.

    Each reminder is recorded before its e-mail is queued, and the database allows one per
    person a day, so running the command twice (or on two servers at once) sends once.
    Returns how many e-mails were queued.
    """
    today = today or timezone.localdate()
    counts = plan_reminder_counts(today)
    counts.update(overdue_actions(today).values_list("owner_id", flat=True))
    reminded = set(ActionReminder.objects.filter(sent_on=today).values_list("owner_id", flat=True))
    queued = 0
    for owner_id in sorted(set(counts) - reminded):
        try:
            with transaction.atomic():
                ActionReminder.objects.create(
                    owner_id=owner_id, sent_on=today, overdue=counts[owner_id]
                )
                notices.queue(
                    send_overdue_reminder,
                    owner_id=owner_id,
                    today=today.isoformat(),
                    site_url=site_url,
                )
        except IntegrityError:
            continue  # another run reminded this owner today
        queued += 1
    return queued
