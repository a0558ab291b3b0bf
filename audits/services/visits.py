"""Scheduling visits, picking the team, moving a visit on, and what the home page shows.

Every write goes through one of these functions (the case sample's through ``sample``), so
the team rules (own council, overlapping days, PSWs only, one lead) hold whichever page,
command or script asks. Each raises ``ValidationError`` keyed by the form field it concerns,
with a message that says what to change.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from auditportal import access, notices
from audits.models import (
    AuditTool,
    CalendarFeed,
    Declaration,
    StatusChange,
    Visit,
    VisitAuditor,
)
from audits.models.visits import auditor_problems, next_working_day
from audits.tasks.visits import send_assignment_notice, send_status_notice
from authorities.models import Authority, User

# --- Scheduling and the team -----------------------------------------------------------


def lock_visit(visit: Visit) -> Visit:
    """Lock the visit's row for the rest of the transaction (one change at a time)."""
    Visit.objects.select_for_update().filter(pk=visit.pk).values_list("pk").get()
    return visit


def _notify_new_auditors(visit: Visit, auditor_ids: Iterable[int]) -> None:
    for auditor_id in auditor_ids:
        notices.queue(send_assignment_notice, visit.pk, auditor_id)


def _others(lead: User | None, auditors: Sequence[User]) -> list[User]:
    """The auditors besides the lead, each once."""
    seen = {lead.pk} if lead else set()
    others = []
    for auditor in auditors:
        if auditor.pk not in seen:
            seen.add(auditor.pk)
            others.append(auditor)
    return others


def _team_problems(visit: Visit, lead: User | None, auditors: Sequence[User]) -> dict:
    others = _others(lead, auditors)
    errors: dict[str, list[str]] = {}
    if lead is None:
        errors["lead"] = ["Choose the lead auditor."]
    else:
        errors["lead"] = auditor_problems(visit=visit, auditor=lead)
    errors["auditors"] = [
        problem for auditor in others for problem in auditor_problems(visit=visit, auditor=auditor)
    ]
    return {name: messages for name, messages in errors.items() if messages}


def _peer_team_problems(visit: Visit, peer_team: Sequence[User]) -> list[str]:
    return [
        f"{person} is not a peer challenge team member of the {visit.host.region} region."
        for person in peer_team
        if person.role != User.Role.PEER_CHALLENGE or person.region_id != visit.host.region_id
    ]


def _apply_team(visit: Visit, lead: User, auditors: Sequence[User]) -> list[int]:
    """Write the team; returns the ids of auditors new to it."""
    wanted = [lead.pk, *[a.pk for a in _others(lead, auditors)]]
    links = {link.auditor_id: link for link in visit.auditor_links.all()}
    # Their cases go back to the pool for allocate_cases to hand out again.
    leaving = [pk for pk in links if pk not in wanted]
    visit.case_files.filter(allocated_to_id__in=leaving).update(allocated_to=None)
    VisitAuditor.objects.filter(visit=visit, auditor_id__in=leaving).delete()
    # Clear the old lead first: the database allows one lead per visit at any moment.
    VisitAuditor.objects.filter(visit=visit, is_lead=True).exclude(auditor=lead).update(
        is_lead=False
    )
    added = []
    for pk in wanted:
        is_lead = pk == lead.pk
        if pk in links:
            if links[pk].is_lead != is_lead:
                VisitAuditor.objects.filter(pk=links[pk].pk).update(is_lead=is_lead)
        else:
            VisitAuditor.objects.create(visit=visit, auditor_id=pk, is_lead=is_lead)
            added.append(pk)
    return added


def _raise_if(errors: dict) -> None:
    errors = {name: messages for name, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)


def _lock_people(people: Iterable[User]) -> None:
    """Lock the auditors' rows so two visits cannot take the same PSW for the same days."""
    ids = sorted({person.pk for person in people if person})
    list(User.objects.select_for_update().filter(pk__in=ids).values_list("pk"))


@transaction.atomic
def schedule_visit(
    *,
    host: Authority,
    tool: AuditTool,
    first_day: datetime.date,
    last_day: datetime.date | None = None,
    peer_challenge_date: datetime.date | None = None,
    data_sharing_reference: str = "",
    lead: User | None,
    auditors: Sequence[User] = (),
    peer_team: Sequence[User] = (),
    by: User,
) -> Visit:
    """Put a visit in the diary with its team; the auditors are told by e-mail."""
    _lock_people([lead, *auditors])
    visit = Visit(
        host=host,
        tool=tool,
        first_day=first_day,
        last_day=last_day or (next_working_day(first_day) if first_day else None),
        peer_challenge_date=peer_challenge_date,
        data_sharing_reference=data_sharing_reference.strip(),
        coordinator=by,
    )
    errors: dict[str, list[str]] = {}
    try:
        visit.full_clean()
    except ValidationError as error:
        errors = error.message_dict
    if "host" not in errors and "first_day" not in errors and "last_day" not in errors:
        for name, messages in _team_problems(visit, lead, auditors).items():
            errors.setdefault(name, []).extend(messages)
        if peer_team:
            errors.setdefault("peer_team", []).extend(_peer_team_problems(visit, peer_team))
    _raise_if(errors)
    visit.save()
    visit.peer_team.set(peer_team)
    StatusChange.objects.create(visit=visit, to_status=Visit.Status.PLANNED, by=by)
    added = _apply_team(visit, lead, auditors)
    _notify_new_auditors(visit, added)
    return visit


@transaction.atomic
def update_visit(
    *,
    visit: Visit,
    tool: AuditTool,
    first_day: datetime.date,
    last_day: datetime.date | None = None,
    peer_challenge_date: datetime.date | None = None,
    data_sharing_reference: str = "",
    lead: User | None,
    auditors: Sequence[User] = (),
    peer_team: Sequence[User] = (),
    by: User,
) -> Visit:
    """Change a visit's days, tool, agreement reference, team and peer challenge team."""
    lock_visit(visit)
    _lock_people([lead, *auditors])
    visit.refresh_from_db(fields=["status"])
    if visit.is_finished:
        raise ValidationError(f"The visit is {visit.get_status_display().lower()}.")
    visit.tool = tool
    visit.first_day = first_day
    visit.last_day = last_day or (next_working_day(first_day) if first_day else None)
    visit.peer_challenge_date = peer_challenge_date
    visit.data_sharing_reference = data_sharing_reference.strip()
    team_changes = _team_changes(visit, lead, auditors)
    # With a new team, its members' days are checked below, not the leaving members'.
    visit.team_checked_separately = team_changes
    errors: dict[str, list[str]] = {}
    try:
        visit.full_clean()
    except ValidationError as error:
        errors = error.message_dict
    if team_changes and visit.status not in Visit.BEFORE_SITE:
        errors.setdefault("lead", []).append(
            "The team is fixed once it is on site; the coordinator can still move cases."
        )
    elif team_changes and "first_day" not in errors and "last_day" not in errors:
        for name, messages in _team_problems(visit, lead, auditors).items():
            errors.setdefault(name, []).extend(messages)
    errors.setdefault("peer_team", []).extend(_peer_team_problems(visit, peer_team))
    _raise_if(errors)
    visit.save()
    visit.peer_team.set(peer_team)
    if team_changes:
        _notify_new_auditors(visit, _apply_team(visit, lead, auditors))
    return visit


def _team_changes(visit: Visit, lead: User | None, auditors: Sequence[User]) -> bool:
    current = {(link.auditor_id, link.is_lead) for link in visit.auditor_links.all()}
    wanted = {(lead.pk if lead else None, True)} | {(a.pk, False) for a in _others(lead, auditors)}
    return current != wanted


@transaction.atomic
def set_team(*, visit: Visit, lead: User | None, auditors: Sequence[User] = (), by: User) -> Visit:
    """Choose the team: exactly one lead and the other auditors, every rule checked."""
    lock_visit(visit)
    _lock_people([lead, *auditors])
    visit.refresh_from_db(fields=["status"])
    if visit.status not in Visit.BEFORE_SITE:
        raise ValidationError({"lead": ["The team is fixed once it is on site."]})
    _raise_if(_team_problems(visit, lead, auditors))
    _notify_new_auditors(visit, _apply_team(visit, lead, auditors))
    return visit


@transaction.atomic
def advance_visit(*, visit: Visit, to: str, by: User, note: str = "") -> StatusChange:
    """Move the visit on (``Visit.advance`` guards the move); the team and host PSW are told."""
    change = visit.advance(to=to, by=by, note=note)
    notices.queue(send_status_notice, change.pk)
    return change


MOVE_CONSEQUENCES = {
    Visit.Status.SAMPLE_AGREED: [
        "The case sample is agreed with the host council. The team and the host's PSW are "
        "told by e-mail.",
        "Cases can still be added, removed or moved between auditors until the team is on site.",
    ],
    Visit.Status.ON_SITE: [
        "The audit tool is fixed at {tool} for this visit, and the sample and the team can no "
        "longer change.",
        "The auditors can open their cases and start auditing. The team and the host's PSW "
        "are told by e-mail.",
    ],
    Visit.Status.DRAFTING: [
        "The team has left the site and writes up: cases can no longer move between "
        "auditors, and declarations can no longer be changed.",
        "Case audits can still be finished and reviewed.",
    ],
    Visit.Status.ACCURACY_CHECK: [
        "The host council's PSW, Director and Assistant Director can read the draft covering "
        "report and comment on it.",
    ],
    Visit.Status.ISSUED: ["The covering report is issued to the host council."],
    Visit.Status.CLOSED: [
        "The visit is finished: nothing about it can change any more. Its issued reports stay "
        "available to those who could read them.",
    ],
    Visit.Status.CANCELLED: [
        "The team and the host council will be told by e-mail. A cancelled visit cannot be "
        "reopened: schedule a new one instead.",
    ],
}


def move_consequences(visit: Visit, to: str) -> list[str]:
    """What moving ``visit`` to ``to`` does, for the page that asks to confirm it."""
    said = [line.format(tool=visit.tool) for line in MOVE_CONSEQUENCES.get(to, [])]
    return [*said, "This cannot be undone: a visit's status only moves forward."]


def visit_warnings(visit: Visit, team: Sequence[VisitAuditor] | None = None) -> list[str]:
    """What the coordinator should look at again, though nothing stops the visit."""
    warnings = visit.date_warnings()
    if team is None:
        team = list(visit.auditor_links.select_related("auditor__home_authority"))
    if len(team) == 1:
        warnings.append("Only one auditor is on the team; visits usually have two PSWs.")
    warnings += reciprocal_pairs(visit, team)
    declarations = (
        Declaration.objects.filter(visit=visit, auditor__in=[link.auditor_id for link in team])
        .select_related("auditor")
        .annotate(linked_cases=Count("conflicted_cases"))
    )
    for declaration in declarations:
        if declaration.worked_at_host_recently:
            warnings.append(
                f"{declaration.auditor} declared that they worked at {visit.host} in the "
                "last three years; consider another PSW."
            )
        if declaration.knows_someone and not declaration.linked_cases:
            warnings.append(
                f"{declaration.auditor} knows a person or worker on a case but did not say "
                "which case; read their declaration and move the case by hand."
            )
    return warnings


def reciprocal_pairs(visit: Visit, team: Sequence[VisitAuditor] | None = None) -> list[str]:
    """Warnings for A's PSW auditing B in the same year as B's PSW audits A."""
    if team is None:
        team = list(visit.auditor_links.select_related("auditor__home_authority"))
    by_council = {link.auditor.home_authority_id: link.auditor for link in team}
    year = visit.first_day.year
    returns = (
        VisitAuditor.objects.filter(
            visit__host_id__in=by_council,
            visit__first_day__year=year,
            auditor__home_authority_id=visit.host_id,
        )
        .exclude(visit=visit)
        .exclude(visit__status=Visit.Status.CANCELLED)
        .select_related("visit__host", "auditor")
        .order_by("visit__first_day")
    )
    return [
        f"Reciprocal pair in {year}: {by_council[back.visit.host_id]} "
        f"({back.visit.host}) audits {visit.host} while {back.auditor} ({visit.host}) audits "
        f"{back.visit.host} on {back.visit.days_display}. Consider a PSW from another "
        "council for one of the two visits."
        for back in returns
    ]


# --- Calendars --------------------------------------------------------------------------


@transaction.atomic
def renew_calendar_feed(*, person: User) -> CalendarFeed:
    """Make a person's calendar link, or replace it so the old one stops working."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(person=person)
    if not created:
        feed.renew()
    return feed


def stop_calendar_feed(*, person: User) -> None:
    CalendarFeed.objects.filter(person=person).delete()


# --- Reading: what each role's pages and home page show ---------------------------------


def upcoming(visits, *, today: datetime.date):
    return visits.active().filter(last_day__gte=today).order_by("first_day")


def needing_attention(visits, *, today: datetime.date, weeks: int = 8) -> list[Visit]:
    """Visits soon on site whose next step still has something missing."""
    soon = today + datetime.timedelta(weeks=weeks)
    candidates = (
        visits.filter(status__in=Visit.BEFORE_SITE, first_day__lte=soon)
        .with_preparation()
        .select_related("host")
        .order_by("first_day")
    )
    return [visit for visit in candidates if visit.missing_for_next()]


def declarations_due(visits, *, person: User):
    """Visits ``person`` audits and has not yet declared for."""
    return (
        visits.filter(auditor_links__auditor=person, status__in=Visit.UNTIL_DRAFTING)
        .exclude(Q(declarations__auditor=person))
        .select_related("host")
        .order_by("first_day")
    )


def home_summary(user: User) -> dict:
    """What the home page shows each role about visits, below what needs their attention."""
    visits = access.visible(user, Visit).select_related("host")
    today = timezone.localdate()
    if user.is_coordinator:
        return {"upcoming_visits": upcoming(visits, today=today)[:5]}
    if user.is_psw:
        mine = visits.filter(pk__in=VisitAuditor.objects.filter(auditor=user).values("visit"))
        return {"next_visit": upcoming(mine, today=today).first()}
    return {}
