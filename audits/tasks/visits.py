"""E-mails sent through Django's tasks framework, so a busy region moves them to workers.

Tasks take ids, not objects (their arguments must survive a trip through a queue), and
re-read what they need, so an e-mail says what is true when it is sent. E-mails carry
dates, councils and statuses only: never case details.
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django_tasks import task

from audits.models import StatusChange, Visit
from authorities.models import User


def _send(recipients, subject: str, template: str, context: dict) -> int:
    messages = [
        EmailMessage(
            subject=subject,
            body=render_to_string(template, {**context, "recipient": person}),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[person.email],
        )
        for person in recipients
    ]
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0


@task()
def send_assignment_notice(visit_id: int, auditor_id: int) -> int:
    """Tell a PSW they are on a visit's team."""
    visit = Visit.objects.select_related("host", "coordinator").get(pk=visit_id)
    link = visit.auditor_links.select_related("auditor").filter(auditor_id=auditor_id).first()
    if link is None or not link.auditor.is_active:
        return 0  # taken off the team before the e-mail went
    team = [other.auditor for other in visit.auditor_links.select_related("auditor")]
    return _send(
        [link.auditor],
        f"You are auditing {visit.host} on {visit.days_display}",
        "emails/visit_assigned.txt",
        {"visit": visit, "is_lead": link.is_lead, "team": team, "service": settings.SERVICE_NAME},
    )


@task()
def send_status_notice(status_change_id: int) -> int:
    """Tell the team and the host council's PSW that a visit has moved on."""
    change = StatusChange.objects.select_related("visit__host", "by").get(pk=status_change_id)
    visit = change.visit
    team = [link.auditor for link in visit.auditor_links.select_related("auditor")]
    host_psws = User.objects.filter(
        home_authority=visit.host, role=User.Role.PSW, is_active=True
    ).order_by("pk")
    recipients = {person.pk: person for person in [*team, *host_psws] if person.is_active}
    return _send(
        recipients.values(),
        f"{visit.host} audit, {visit.days_display}: {change.get_to_status_display().lower()}",
        "emails/visit_status_changed.txt",
        {"visit": visit, "change": change, "service": settings.SERVICE_NAME},
    )
