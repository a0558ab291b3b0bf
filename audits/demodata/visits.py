"""A realistic West Midlands programme of visits for the demo.

Seven visits of the first round (2025 to 2026) are issued or closed, and Dudley's second audit,
a year after its first (October 2026), is issued; Sandwell's is on site on the day the demo is
seeded, so that auditors have a visit to work on; six at the other councils are coming up in
2027. Each has a lead and a second PSW from other councils (never
the host's own, never on two visits at once, and no reciprocal pairs in a year), their
declarations, a data-sharing agreement reference and a sample of 10 to 14 cases of mixed
types with pseudonymous references such as WAL-01, allocated between the two auditors.

A visit is known by its council and first day (Sandwell's, on site today, by its council
alone), so one already there is left alone and running the seed twice changes nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audits.models import AuditTool, CaseFile, StatusChange, Visit, VisitAuditor
from audits.models.visits import auditor_problems
from audits.services.sample import allocate_cases, record_declaration
from authorities.models import Authority, Region, User

TOOL_NAME = "West Midlands case file audit tool"
S = Visit.Status


@dataclass(frozen=True)
class PlannedVisit:
    host: str
    first_day: datetime.date | None  # None: on site on the day the demo is seeded
    lead: str
    auditor: str
    status: str
    # (auditor slug, case number) an auditor declared a link to, for realism
    declared_link: tuple[str, int] | None = None


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


PROGRAMME = [
    # The first round: past visits, their reports issued.
    PlannedVisit("walsall", _day("2025-03-11"), "sandwell", "solihull", S.CLOSED),
    PlannedVisit("coventry", _day("2025-05-13"), "worcestershire", "stoke-on-trent", S.CLOSED),
    PlannedVisit(
        "wolverhampton", _day("2025-07-08"), "shropshire", "birmingham", S.CLOSED, ("birmingham", 5)
    ),
    PlannedVisit(
        "telford-and-wrekin", _day("2025-09-16"), "herefordshire", "staffordshire", S.CLOSED
    ),
    PlannedVisit("dudley", _day("2025-11-11"), "warwickshire", "sandwell", S.CLOSED),
    PlannedVisit("birmingham", _day("2026-02-10"), "walsall", "coventry", S.ISSUED),
    PlannedVisit("staffordshire", _day("2026-04-21"), "dudley", "telford-and-wrekin", S.ISSUED),
    # Dudley audited again a year on, so its report, visit and regional view show what moved.
    PlannedVisit("dudley", _day("2026-10-20"), "solihull", "herefordshire", S.ISSUED),
    # On site now, whenever the demo is seeded.
    PlannedVisit("sandwell", None, "wolverhampton", "birmingham", S.ON_SITE),
    # The next round, in 2027.
    PlannedVisit("solihull", _day("2027-02-09"), "coventry", "telford-and-wrekin", S.PLANNED),
    PlannedVisit("herefordshire", _day("2027-03-16"), "staffordshire", "walsall", S.PLANNED),
    PlannedVisit(
        "stoke-on-trent",
        _day("2027-04-20"),
        "dudley",
        "wolverhampton",
        S.PLANNED,
        ("wolverhampton", 4),
    ),
    PlannedVisit("shropshire", _day("2027-05-11"), "birmingham", "staffordshire", S.PLANNED),
    PlannedVisit("warwickshire", _day("2027-06-15"), "walsall", "coventry", S.PLANNED),
    PlannedVisit("worcestershire", _day("2027-07-13"), "telford-and-wrekin", "dudley", S.PLANNED),
]

# Councils whose visits the demo peer challenge member is attached to.
PEER_CHALLENGE_AT = {"dudley", "sandwell"}

TEAMS = [
    "Locality team North",
    "Locality team South",
    "Hospital discharge team",
    "Learning disability team",
    "Mental health team",
    "Safeguarding hub",
    "Transitions team",
    "Carers support team",
    "Review team",
]
# The path a visit takes and, for each step, how many days after the first day it happened.
HISTORY = [
    (S.SAMPLE_AGREED, -14),
    (S.ON_SITE, 0),
    (S.DRAFTING, 2),
    (S.ACCURACY_CHECK, 21),
    (S.ISSUED, 35),
    (S.CLOSED, 90),
]


def _psw(councils: dict[str, Authority], slug: str) -> User:
    return User.objects.get(email=f"psw@{slug}.example", home_authority=councils[slug])


def _prefix(host: Authority) -> str:
    return host.name[:3].upper()


def _sample(host: Authority, rng: random.Random) -> list[dict]:
    """10 to 14 cases covering the case types, with plausible ages and support reasons."""
    types = list(CaseFile.CaseType.values)
    count = rng.randint(10, 14)
    picked = types + rng.sample(types, count - len(types))
    rng.shuffle(picked)
    reasons = list(CaseFile.SupportReason.values)
    cases = []
    for number, case_type in enumerate(picked, start=1):
        if case_type == CaseFile.CaseType.TRANSITION:
            age = CaseFile.AgeBand.AGE_18_25
        elif case_type == CaseFile.CaseType.CARER:
            age = rng.choice([CaseFile.AgeBand.AGE_26_64, CaseFile.AgeBand.AGE_65_84])
        else:
            age = rng.choice(list(CaseFile.AgeBand.values))
        reason = (
            CaseFile.SupportReason.CARER
            if case_type == CaseFile.CaseType.CARER
            else rng.choice(reasons[:-1])
        )
        cases.append(
            {
                "reference": f"{_prefix(host)}-{number:02d}",
                "case_type": case_type,
                "team": rng.choice(TEAMS),
                "primary_support_reason": reason,
                "age_band": age,
            }
        )
    return cases


def _checked(visit: Visit, people: list[User]) -> None:
    """The demo obeys the same rules as everyone else."""
    visit.full_clean()
    problems = [p for person in people for p in auditor_problems(visit=visit, auditor=person)]
    if problems:
        raise ValidationError(problems)


def _create(plan: PlannedVisit, *, councils, tool, coordinator, peer) -> Visit:
    host = councils[plan.host]
    lead, auditor = _psw(councils, plan.lead), _psw(councils, plan.auditor)
    rng = random.Random(f"{plan.host}-{plan.first_day}")  # the same sample on every run
    visit = Visit(
        host=host,
        tool=tool,
        first_day=plan.first_day,
        last_day=plan.first_day + datetime.timedelta(days=1),
        peer_challenge_date=plan.first_day + datetime.timedelta(days=rng.choice([28, 35, 42])),
        data_sharing_reference=f"DSA-{plan.first_day:%Y}-{_prefix(host)}",
        coordinator=coordinator,
    )
    _checked(visit, [lead, auditor])
    visit.save()
    VisitAuditor.objects.create(visit=visit, auditor=lead, is_lead=True)
    VisitAuditor.objects.create(visit=visit, auditor=auditor)
    if peer and plan.host in PEER_CHALLENGE_AT:
        visit.peer_team.add(peer)
    cases = []
    for row in _sample(host, rng):
        case = CaseFile(visit=visit, **row)
        case.full_clean()
        case.save()
        cases.append(case)
    allocate_cases(visit=visit)
    for person in (lead, auditor):
        linked = (
            [cases[plan.declared_link[1] - 1]]
            if plan.declared_link and plan.declared_link[0] == person.home_authority.slug
            else []
        )
        record_declaration(
            visit=visit,
            auditor=person,
            worked_at_host_recently=False,
            knows_someone=bool(linked),
            details="I used to supervise the allocated worker." if linked else "",
            conflicted_cases=linked,
            by=person,
        )
    _write_history(visit, plan, coordinator)
    return visit


def _write_history(visit: Visit, plan: PlannedVisit, coordinator: User) -> None:
    """Record the moves a real visit would have made, at the dates it would have made them."""
    scheduled = plan.first_day - datetime.timedelta(days=120)
    order = [status for status, _ in HISTORY]
    reached = order[: order.index(plan.status) + 1] if plan.status in order else []
    moves = [(S.PLANNED, "", scheduled)]
    previous = S.PLANNED
    for status, offset in HISTORY:
        if status not in reached:
            break
        moves.append((status, previous, plan.first_day + datetime.timedelta(days=offset)))
        previous = status
    for to_status, from_status, day in moves:
        change = StatusChange.objects.create(
            visit=visit, from_status=from_status, to_status=to_status, by=coordinator
        )
        at = datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=datetime.UTC)
        StatusChange.objects.filter(pk=change.pk).update(at=at)
    Visit.objects.filter(pk=visit.pk).update(status=plan.status)


def _already_there(plan: PlannedVisit, host: Authority) -> bool:
    visits = Visit.objects.filter(host=host)
    if plan.first_day is not None:
        visits = visits.filter(first_day=plan.first_day)
    return visits.exists()


@transaction.atomic
def seed(*, password: str, out) -> list:
    region = Region.objects.get(slug="west-midlands")
    versions = list(
        AuditTool.objects.filter(
            region=region, name=TOOL_NAME, status=AuditTool.Status.PUBLISHED
        ).order_by("version")
    )
    tool = versions[-1] if versions else None
    if tool is None:
        out.write(f"Visits: skipped, as there is no published “{TOOL_NAME}” yet.")
        return []
    coordinator = User.objects.get(email="coordinator@wm.example")
    peer = User.objects.filter(email="peer@wm.example").first()
    councils = {a.slug: a for a in Authority.objects.filter(region=region)}
    made = 0
    for plan in PROGRAMME:
        if _already_there(plan, councils[plan.host]):
            continue
        if plan.first_day is None:
            plan = replace(plan, first_day=timezone.localdate())
        # The first round was audited with the first version; later visits use the newest.
        used = versions[0] if plan.status in (S.ISSUED, S.CLOSED) else tool
        _create(plan, councils=councils, tool=used, coordinator=coordinator, peer=peer)
        made += 1
    done = sum(p.status in (S.ISSUED, S.CLOSED) for p in PROGRAMME)
    out.write(
        f"Visits: {len(PROGRAMME)} in the programme ({made} added), "
        f"{done} of them issued or closed (Dudley's twice), one on site now."
    )
    return []
