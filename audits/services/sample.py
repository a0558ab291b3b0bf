"""The case sample, its allocation between the team, and the declarations of interest that
take cases off an auditor.

The sample is open until the team is on site; cases move between auditors, and
declarations change, until drafting starts. Each write locks the visit's row, so two people
changing the same visit at once make one change at a time, and raises ``ValidationError``
keyed by the form field it concerns, with a message that says what to change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from audits.models import CaseFile, Declaration, Visit
from audits.models.visits import SAMPLE_GUIDANCE, declared_conflicts
from authorities.models import User

from .visits import lock_visit

# --- The case sample --------------------------------------------------------------------

SAMPLE_FIELDS = ("reference", "case_type", "team", "primary_support_reason", "age_band")


def _sample_open(visit: Visit) -> None:
    visit.refresh_from_db(fields=["status"])
    if not visit.sample_is_open:
        raise ValidationError("The sample is fixed once the team is on site.")


@transaction.atomic
def add_case(
    *,
    visit: Visit,
    reference: str,
    case_type: str,
    primary_support_reason: str,
    age_band: str,
    team: str = "",
    by: User,
) -> CaseFile:
    """Add one case to the sample."""
    lock_visit(visit)
    _sample_open(visit)
    case = CaseFile(
        visit=visit,
        reference=reference,
        case_type=case_type,
        team=team,
        primary_support_reason=primary_support_reason,
        age_band=age_band,
    )
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def update_case(
    *,
    case: CaseFile,
    reference: str,
    case_type: str,
    primary_support_reason: str,
    age_band: str,
    team: str = "",
    by: User,
) -> CaseFile:
    """Correct a case's details while the sample is still open."""
    lock_visit(case.visit)
    _sample_open(case.visit)
    case.reference, case.case_type, case.team = reference, case_type, team
    case.primary_support_reason, case.age_band = primary_support_reason, age_band
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def add_sample(*, visit: Visit, rows: Sequence[dict], by: User) -> list[CaseFile]:
    """Add checked rows (from ``audits.sampling``) all at once, or none of them."""
    lock_visit(visit)
    _sample_open(visit)
    existing = {ref.upper() for ref in visit.case_files.values_list("reference", flat=True)}
    clashes = [row["reference"] for row in rows if row["reference"].upper() in existing]
    if clashes:
        raise ValidationError(
            f"{', '.join(clashes)} {'is' if len(clashes) == 1 else 'are'} already in the "
            "sample (added while you were uploading). Nothing has been saved."
        )
    # One save per case rather than bulk_create, so the audit trail records each one.
    cases = []
    for row in rows:
        case = CaseFile(visit=visit, **{name: row.get(name, "") for name in SAMPLE_FIELDS})
        case.save()
        cases.append(case)
    return cases


@transaction.atomic
def remove_case(*, case: CaseFile, by: User) -> None:
    lock_visit(case.visit)
    _sample_open(case.visit)
    case.delete()


@dataclass(frozen=True)
class Mix:
    """The sample's make-up by case type, against DOMAIN.md's list."""

    counts: list[tuple[str, int]]
    total: int
    missing: list[str] = field(default_factory=list)

    @property
    def guidance(self) -> str:
        low, high = SAMPLE_GUIDANCE
        if self.total < low:
            return (
                f"The sample has {self.total} case{'s' if self.total != 1 else ''}; "
                f"a two-day visit by two PSWs usually covers {low} to {high}."
            )
        if self.total > high:
            return (
                f"The sample has {self.total} cases; a two-day visit by two PSWs usually "
                f"covers {low} to {high}, so the team may not reach them all."
            )
        return f"The sample has {self.total} cases, within the usual {low} to {high}."


def sample_mix(cases: Iterable[CaseFile]) -> Mix:
    counter = Counter(case.case_type for case in cases)
    counts = [(label, counter[value]) for value, label in CaseFile.CaseType.choices]
    return Mix(
        counts=counts,
        total=sum(counter.values()),
        missing=[label for label, count in counts if not count],
    )


# --- Allocation and declarations --------------------------------------------------------


@dataclass(frozen=True)
class Allocation:
    allocated: list[CaseFile]
    left_over: list[CaseFile]


def _team_in_order(visit: Visit) -> list[User]:
    """The lead first, then the others by name: the order ties are broken in."""
    return [link.auditor for link in visit.auditor_links.select_related("auditor")]


def _pick(case: CaseFile, team: list[User], counts: Counter, conflicts: set) -> User | None:
    eligible = [a for a in team if (case.pk, a.pk) not in conflicts]
    if not eligible:
        return None
    return min(eligible, key=lambda a: (counts[a.pk], team.index(a)))


@transaction.atomic
def allocate_cases(*, visit: Visit, by: User | None = None) -> Allocation:
    """Hand out every case without an eligible auditor, evening out the numbers.

    Each goes to the auditor with the fewest cases (the lead first on a tie, so the lead
    takes the odd one), never to an auditor who declared a link to it.
    """
    lock_visit(visit)
    team = _team_in_order(visit)
    conflicts = declared_conflicts(visit)
    team_ids = {a.pk for a in team}
    cases = list(visit.case_files.order_by("reference"))
    counts = Counter(
        c.allocated_to_id
        for c in cases
        if c.allocated_to_id in team_ids and (c.pk, c.allocated_to_id) not in conflicts
    )
    allocated, left_over = [], []
    for case in cases:
        if case.allocated_to_id in team_ids and (case.pk, case.allocated_to_id) not in conflicts:
            continue
        auditor = _pick(case, team, counts, conflicts)
        if auditor is None:
            if case.allocated_to_id is not None:
                CaseFile.objects.filter(pk=case.pk).update(allocated_to=None)
            left_over.append(case)
            continue
        counts[auditor.pk] += 1
        case.allocated_to = auditor
        case.save(update_fields=["allocated_to"])
        allocated.append(case)
    return Allocation(allocated=allocated, left_over=left_over)


@transaction.atomic
def move_case(*, case: CaseFile, to: User, by: User) -> CaseFile:
    """Give a case to another auditor on the team, by hand."""
    visit = lock_visit(case.visit)
    visit.refresh_from_db(fields=["status"])
    if visit.status not in Visit.UNTIL_DRAFTING:
        raise ValidationError("Cases can no longer be moved: the report is being drafted.")
    if not visit.auditor_links.filter(auditor=to).exists():
        raise ValidationError({"auditor": [f"{to} is not on this visit's team."]})
    if (case.pk, to.pk) in declared_conflicts(visit):
        raise ValidationError(
            {"auditor": [f"{to} declared a link to {case.reference}; choose another auditor."]}
        )
    case.allocated_to = to
    case.save(update_fields=["allocated_to"])
    return case


@dataclass(frozen=True)
class DeclarationResult:
    declaration: Declaration
    moved: list[CaseFile]
    unallocated: list[CaseFile]


@transaction.atomic
def record_declaration(
    *,
    visit: Visit,
    auditor: User,
    worked_at_host_recently: bool,
    knows_someone: bool,
    details: str = "",
    conflicted_cases: Iterable[CaseFile] = (),
    by: User,
) -> DeclarationResult:
    """Keep an auditor's declaration; cases they are linked to go to a co-auditor."""
    lock_visit(visit)
    visit.refresh_from_db(fields=["status"])
    if visit.status not in Visit.UNTIL_DRAFTING:
        raise ValidationError("Declarations can no longer change: the report is being drafted.")
    if not visit.auditor_links.filter(auditor=auditor).exists():
        raise ValidationError(f"{auditor} is not on this visit's team.")
    conflicted = list(conflicted_cases)
    strangers = [case.reference for case in conflicted if case.visit_id != visit.pk]
    if strangers:
        raise ValidationError(
            {"conflicted_cases": [f"{', '.join(strangers)} is not in this sample."]}
        )
    if conflicted and not knows_someone:
        raise ValidationError(
            {
                "knows_someone": [
                    "You ticked cases you have a link to: answer Yes to knowing a person or "
                    "worker on a case, or untick them."
                ]
            }
        )
    if knows_someone and not conflicted and not details.strip():
        raise ValidationError(
            {
                "details": [
                    "Tick the cases you have a link to, or describe the link without naming "
                    "anyone, such as “I used to manage the allocated worker”."
                ]
            }
        )
    declaration, _ = Declaration.objects.update_or_create(
        visit=visit,
        auditor=auditor,
        defaults={
            "worked_at_host_recently": worked_at_host_recently,
            "knows_someone": knows_someone,
            "details": details.strip(),
        },
    )
    declaration.conflicted_cases.set(conflicted)
    moved, unallocated = _reallocate_conflicted(visit, auditor, conflicted)
    return DeclarationResult(declaration=declaration, moved=moved, unallocated=unallocated)


def _reallocate_conflicted(visit: Visit, auditor: User, conflicted: list[CaseFile]):
    ids = [case.pk for case in conflicted]
    taken_back = list(visit.case_files.filter(pk__in=ids, allocated_to=auditor))
    if not taken_back:
        return [], []
    team = _team_in_order(visit)
    conflicts = declared_conflicts(visit)
    counts = Counter(
        visit.case_files.filter(allocated_to__in=team)
        .exclude(pk__in=[c.pk for c in taken_back])
        .values_list("allocated_to_id", flat=True)
    )
    moved, unallocated = [], []
    for case in taken_back:
        other = _pick(case, team, counts, conflicts)
        case.allocated_to = other
        case.save(update_fields=["allocated_to"])
        if other:
            counts[other.pk] += 1
            moved.append(case)
        else:
            unallocated.append(case)
    return moved, unallocated
