"""E-mails about immediate concerns, sent through Django's tasks framework.

The e-mails say only which visit and which case file (its pseudonymous reference) and
where to sign in: what the risk is stays inside the service, behind its access rules.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from authorities.models import User

from ..models import ImmediateConcern

# Concerns about people at risk jump the queue of report rendering and reminders.
URGENT = 50


def _link(site_url: str, concern: ImmediateConcern) -> str:
    return site_url.rstrip("/") + reverse("audits:concern-detail", args=[concern.pk])


def _send(*, template: str, subject: str, to: list[str], cc: list[str], context: dict) -> int:
    if not to:
        to, cc = cc, []
    if not to:
        return 0
    body = render_to_string(template, context)
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to, cc=cc
    )
    return message.send()


@task(priority=URGENT)
def send_concern_raised(*, concern_id: int, site_url: str = "") -> int:
    """Tell the host council's PSWs (and the visit's coordinator) that a concern was raised."""
    concern = ImmediateConcern.objects.select_related(
        "visit__host", "visit__coordinator", "case_file", "raised_by"
    ).get(pk=concern_id)
    host_psws = User.objects.filter(
        role=User.Role.PSW, home_authority_id=concern.visit.host_id, is_active=True
    ).order_by("pk")
    return _send(
        template="emails/concern_raised.txt",
        subject=f"Immediate concern raised: {concern.case_file.reference}, {concern.visit.host}",
        to=[person.email for person in host_psws],
        cc=[concern.visit.coordinator.email] if concern.visit.coordinator.is_active else [],
        context={"concern": concern, "link": _link(site_url, concern)},
    )


@task(priority=URGENT)
def send_concern_acknowledged(*, concern_id: int, site_url: str = "") -> int:
    """Tell the visit's auditors and coordinator that the host's PSW has acknowledged it."""
    concern = ImmediateConcern.objects.select_related(
        "visit__host", "visit__coordinator", "case_file", "acknowledged_by"
    ).get(pk=concern_id)
    team = User.objects.filter(visit_links__visit=concern.visit, is_active=True).order_by("pk")
    return _send(
        template="emails/concern_acknowledged.txt",
        subject=f"Concern acknowledged: {concern.case_file.reference}, {concern.visit.host}",
        to=[person.email for person in team],
        cc=[concern.visit.coordinator.email] if concern.visit.coordinator.is_active else [],
        context={"concern": concern, "link": _link(site_url, concern)},
    )
