"""What audits puts on people's home pages: each provider one query, for the roles it names.

Registered when the app is ready (``AuditsConfig.ready`` imports this module).
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.urls import reverse

from auditportal import access, dates
from audits.attention import Attention, attention_provider
from audits.models import CaseAudit, CaseFile, ImmediateConcern, Visit
from audits.policies.casework import EDITABLE_VISIT_STATUSES
from authorities.models import User

from .visits import declarations_due, needing_attention

R = User.Role


def _plural(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


@attention_provider(R.COORDINATOR)
def visits_missing_something(person, today: datetime.date) -> list[Attention]:
    """Visits on site within eight weeks whose next step still lacks something."""
    visits = access.visible(person, Visit)
    return [
        Attention(
            label=f"{visit.host}, {visit.days_display}",
            url=visit.get_absolute_url(),
            detail=f"{_plural(len(missing), 'thing')} to do before "
            f"{visit.next_status_display.lower()}, first: {missing[0]}",
        )
        for visit in needing_attention(visits, today=today)
        for missing in [visit.missing_for_next()]
    ]


@attention_provider(R.COORDINATOR)
def open_concerns_in_region(person, today: datetime.date) -> list[Attention]:
    counts = (
        access.visible(person, ImmediateConcern)
        .exclude(status=ImmediateConcern.Status.CLOSED)
        .aggregate(
            still_open=Count("pk"),
            raised=Count("pk", filter=Q(status=ImmediateConcern.Status.RAISED)),
        )
    )
    if not counts["still_open"]:
        return []
    waiting = counts["raised"]
    return [
        Attention(
            label=f"{_plural(counts['still_open'], 'immediate concern')} still open",
            url=reverse("audits:concern-list"),
            detail=f"{waiting} not yet acknowledged by the host council"
            if waiting
            else "Each has been acknowledged; follow them up until the host closes them.",
            urgent=bool(waiting),
        )
    ]


@attention_provider(R.PSW)
def declarations_to_make(person, today: datetime.date) -> list[Attention]:
    return [
        Attention(
            label=f"Make your declaration of interests for {visit.host}, {visit.days_display}",
            url=reverse("audits:declaration-edit", args=[visit.pk]),
            detail="You see the cases once you have made it.",
        )
        for visit in declarations_due(access.visible(person, Visit), person=person)
    ]


@attention_provider(R.PSW)
def cases_to_finish(person, today: datetime.date) -> list[Attention]:
    """The person's own case audits, on visits where they can still be changed."""
    cases = (
        access.visible(person, CaseAudit)
        .filter(
            allocated_to=person,
            status__in=CaseAudit.DRAFT_STATUSES,
            visit__status__in=EDITABLE_VISIT_STATUSES,
        )
        .select_related("visit__host")
        .order_by("visit__first_day", "reference")
    )
    return [
        Attention(
            label=f"{'Change' if changes else 'Finish'} the case audit of {case.reference}",
            url=reverse("audits:caseaudit-detail", args=[case.visit_id, case.pk]),
            detail=f"{case.visit.host}: "
            + ("your co-auditor asked for changes" if changes else case.get_status_display()),
        )
        for case in cases
        for changes in [case.status == CaseFile.Status.CHANGES_REQUESTED]
    ]


@attention_provider(R.PSW)
def cases_to_moderate(person, today: datetime.date) -> list[Attention]:
    """Cases a co-auditor has submitted: the other auditor reviews them."""
    cases = (
        access.visible(person, CaseAudit)
        .filter(status=CaseFile.Status.SUBMITTED, visit__status__in=EDITABLE_VISIT_STATUSES)
        .exclude(allocated_to=person)
        .select_related("visit__host", "allocated_to")
        .order_by("visit__first_day", "reference")
    )
    return [
        Attention(
            label=f"Review {case.reference}",
            url=reverse("audits:caseaudit-review", args=[case.visit_id, case.pk]),
            detail=f"{case.visit.host}: submitted by {case.allocated_to or 'a co-auditor'}",
        )
        for case in cases
    ]


def _hosted(person):
    """The visits to the person's own council (host PSW, Director, Assistant Director)."""
    return (
        access.visible(person, Visit)
        .filter(host_id=person.home_authority_id)
        .select_related("host")
    )


@attention_provider(R.PSW)
def sample_to_supply(person, today: datetime.date) -> list[Attention]:
    if not person.home_authority_id:
        return []
    visits = (
        _hosted(person).filter(status=Visit.Status.PLANNED).with_preparation().order_by("first_day")
    )
    return [
        Attention(
            label=f"Supply the case sample for the visit on {visit.days_display}",
            url=visit.get_absolute_url() + "#sample",
            detail=f"{_plural(visit.prep_cases, 'case')} so far; a two-day visit covers "
            "about 8 to 16 cases of mixed types.",
        )
        for visit in visits
    ]


@attention_provider(R.PSW)
def team_on_site_here(person, today: datetime.date) -> list[Attention]:
    """The host PSW's own council's visit while the team is there."""
    if not person.home_authority_id:
        return []
    return [
        Attention(
            label=f"The audit team is on site at {visit.host}, {visit.days_display}",
            url=visit.get_absolute_url(),
            detail="Make sure the team has the case files and the people they need to meet.",
        )
        for visit in _hosted(person).filter(status=Visit.Status.ON_SITE).order_by("first_day")
    ]


@attention_provider(R.PSW)
def concerns_to_handle(person, today: datetime.date) -> list[Attention]:
    """Concerns about the PSW's own council: acknowledge, then close when dealt with."""
    if not person.home_authority_id:
        return []
    concerns = (
        access.visible(person, ImmediateConcern)
        .filter(visit__host_id=person.home_authority_id)
        .exclude(status=ImmediateConcern.Status.CLOSED)
        .select_related("case_file")
        .order_by("-status", "raised_at")  # raised before acknowledged
    )
    return [
        Attention(
            label=f"Immediate concern about {concern.case_file.reference}",
            url=reverse("audits:concern-detail", args=[concern.pk]),
            detail=f"Raised {dates.day(concern.raised_at)}: "
            + ("acknowledge it now" if raised else "acknowledged; close it once it is dealt with"),
            urgent=raised,
        )
        for concern in concerns
        for raised in [concern.status == ImmediateConcern.Status.RAISED]
    ]


@attention_provider(R.DIRECTOR, R.ASSISTANT_DIRECTOR, R.PEER_CHALLENGE)
def peer_challenge_coming(person, today: datetime.date) -> list[Attention]:
    """The host's leaders' own council's peer challenge; a peer member's own challenges."""
    if person.role == R.PEER_CHALLENGE:
        visits = access.visible(person, Visit).select_related("host")
    elif person.home_authority_id:
        visits = _hosted(person)
    else:
        return []
    visits = visits.active().filter(peer_challenge_date__gte=today).order_by("peer_challenge_date")
    return [
        Attention(
            label=f"Peer challenge at {visit.host} on {dates.day(visit.peer_challenge_date)}",
            url=visit.get_absolute_url(),
            detail=f"After the case file audit on {visit.days_display} "
            f"({visit.get_status_display().lower()}); the covering report is issued before it.",
        )
        for visit in visits
    ]


@attention_provider(R.TOOL_OWNER)
def tool_work(person, today: datetime.date) -> list[Attention]:
    """Open proposals to answer and drafts in progress (two queries)."""
    from .tools import owner_summary

    summary = owner_summary(person)
    items = []
    if summary["open_proposal_count"]:
        items.append(
            Attention(
                label=f"Answer {_plural(summary['open_proposal_count'], 'open proposal')}",
                url=reverse("audits:proposal-list"),
                detail="Auditors have asked to change a question.",
            )
        )
    items += [
        Attention(
            label=f"Carry on with the draft {tool}",
            url=tool.get_absolute_url(),
            detail="Publish it when the region's PSWs have agreed the changes.",
        )
        for tool in summary["draft_tools"]
    ]
    return items
