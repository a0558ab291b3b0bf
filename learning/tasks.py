"""E-mails about overdue actions, sent through Django's tasks framework."""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from audits.services.improvement import overdue_plan_actions_for
from authorities.models import User

from .models import overdue_actions


@task()
def send_overdue_reminder(*, owner_id: int, today: str, site_url: str = "") -> int:
    """List the person's overdue learning and improvement plan actions, and where to update them."""
    owner = User.objects.get(pk=owner_id)
    day = datetime.date.fromisoformat(today)
    actions = list(
        overdue_actions(day)
        .filter(owner=owner)
        .select_related("visit__host")
        .order_by("due_on", "pk")
    )
    plan_actions = list(overdue_plan_actions_for(owner, day))
    if not (actions or plan_actions) or not owner.email:
        return 0
    site = site_url.rstrip("/")
    context = {
        "owner": owner,
        "actions": actions,
        "plan_actions": plan_actions,
        "link": site + reverse("learning:action-register") + "?overdue=on",
        "plan_links": sorted(
            {
                site + reverse("audits:plan-detail", args=[a.recommendation.visit_id])
                for a in plan_actions
            }
        ),
    }
    body = render_to_string("emails/learning_actions_overdue.txt", context)
    message = EmailMessage(
        subject=_subject(len(actions), len(plan_actions)),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[owner.email],
    )
    return message.send()


def _subject(learning: int, plan: int) -> str:
    parts = []
    if learning:
        parts.append(f"{learning} learning action{'s' if learning != 1 else ''}")
    if plan:
        parts.append(f"{plan} improvement plan action{'s' if plan != 1 else ''}")
    return " and ".join(parts) + " overdue: please update"
