"""E-mails about learning actions, sent through Django's tasks framework."""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from authorities.models import User

from .models import overdue_actions


@task()
def send_overdue_reminder(*, owner_id: int, today: str, site_url: str = "") -> int:
    """List the owner's overdue learning actions and where to update them."""
    owner = User.objects.get(pk=owner_id)
    actions = list(
        overdue_actions(datetime.date.fromisoformat(today))
        .filter(owner=owner)
        .select_related("visit__host")
        .order_by("due_on", "pk")
    )
    if not actions or not owner.email:
        return 0
    link = site_url.rstrip("/") + reverse("learning:action-register") + "?overdue=on"
    body = render_to_string(
        "emails/learning_actions_overdue.txt", {"owner": owner, "actions": actions, "link": link}
    )
    message = EmailMessage(
        subject=(
            f"{len(actions)} learning action{'s' if len(actions) != 1 else ''} overdue: "
            "please update"
        ),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[owner.email],
    )
    return message.send()
