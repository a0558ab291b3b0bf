"""Blind double rating (calibration): the coordinator marks a few cases of a visit; two
auditors rate each without seeing the other's ratings; once both have rated every question
the ratings are revealed, the two agree the answers, and those become the case's answers.
How far they agreed is ``audits.agreement``'s sums.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from authorities.models import User

from ..agreement import Agreement, agreement
from ..models import (
    Answer,
    Calibration,
    CalibrationRating,
    CaseAudit,
    CaseAuditError,
    CaseFile,
    Declaration,
    Question,
    RatingLevel,
    Visit,
    VisitAuditor,
)
from .casework import calibration_of, save_answer


def _second_rater(case: CaseAudit) -> User | None:
    """The first other auditor on the team (the lead first) without a declared link."""
    conflicted = Declaration.objects.filter(visit=case.visit, conflicted_cases=case).values(
        "auditor"
    )
    link = (
        VisitAuditor.objects.filter(visit=case.visit)
        .exclude(auditor_id=case.allocated_to_id)
        .exclude(auditor__in=conflicted)
        .select_related("auditor")
        .order_by("-is_lead", "auditor__full_name")
        .first()
    )
    return link.auditor if link else None


@transaction.atomic
def mark_for_calibration(*, visit: Visit, cases, by: User) -> list[Calibration]:
    """Mark not-yet-started cases of ``visit`` for blind double rating."""
    marked = []
    for case in cases:
        if case.visit_id != visit.pk:
            raise CaseAuditError(f"{case.reference} is not in this visit's sample.")
        if calibration_of(case) is not None:
            continue
        if (
            case.status != CaseFile.Status.NOT_STARTED
            or Answer.objects.filter(case_file=case).exists()
        ):
            raise CaseAuditError(
                f"{case.reference} has already been started, so it can no longer be rated blind."
            )
        if case.allocated_to_id is None:
            raise CaseAuditError(f"Allocate {case.reference} to an auditor before marking it.")
        second = _second_rater(case)
        if second is None:
            raise CaseAuditError(
                f"{case.reference} needs a second auditor on the team, without a declared link "
                "to it, to rate it blind."
            )
        marked.append(
            Calibration.objects.create(
                case_file=case,
                first_rater_id=case.allocated_to_id,
                second_rater=second,
                marked_by=by,
            )
        )
    return marked


@transaction.atomic
def unmark_calibration(*, calibration: Calibration, by: User) -> None:
    if calibration.ratings.exists():
        raise CaseAuditError(
            f"{calibration.case_file.reference} has ratings already, so it stays double rated."
        )
    calibration.delete()


def rated_questions(tool_id) -> list[Question]:
    """The questions that are double rated: those rated on a scale."""
    return list(
        Question.objects.filter(tool_id=tool_id, answer_kind=Question.AnswerKind.SCALE)
        .select_related("theme", "scale")
        .order_by("theme__position", "position", "pk")
    )


@transaction.atomic
def save_ratings(
    *, calibration: Calibration, rater: User, levels: dict[int, RatingLevel | None]
) -> int:
    """Store one rater's blind ratings (question id → level); reveal when both are done.

    Returns how many questions this rater has still to rate.
    """
    if rater.pk not in calibration.rater_ids:
        raise CaseAuditError("Only the two auditors chosen for this case rate it.")
    if calibration.is_revealed:
        raise CaseAuditError(
            "You have both rated this case, so the ratings are fixed. Record the agreed answers."
        )
    existing = {
        rating.question_id: rating
        for rating in CalibrationRating.objects.filter(calibration=calibration, rater=rater)
    }
    for question_id, level in levels.items():
        rating = existing.get(question_id)
        if level is None or (rating and rating.level_id == level.pk):
            continue
        if rating is None:
            CalibrationRating.objects.create(
                calibration=calibration, question_id=question_id, rater=rater, level=level
            )
        else:
            rating.level = level
            rating.save()
    total = len(rated_questions(calibration.case_file.visit.tool_id))
    done = Counter(
        CalibrationRating.objects.filter(calibration=calibration).values_list("rater", flat=True)
    )
    if all(done[rater_id] >= total for rater_id in calibration.rater_ids):
        calibration.revealed_at = timezone.now()
        calibration.save(update_fields=["revealed_at"])
    return total - done[rater.pk]


def rating_counts(calibration: Calibration) -> Counter:
    """How many questions each rater has rated (counts only: they reveal no ratings)."""
    return Counter(
        CalibrationRating.objects.filter(calibration=calibration).values_list("rater", flat=True)
    )


def rating_pairs(calibration: Calibration, ratings) -> dict[int, tuple]:
    """Question id → (first rater's level, second rater's level), where both rated."""
    mine: dict[int, dict[int, RatingLevel]] = defaultdict(dict)
    for rating in ratings:
        mine[rating.rater_id][rating.question_id] = rating.level
    first, second = (mine[rater_id] for rater_id in calibration.rater_ids)
    return {qid: (first[qid], second[qid]) for qid in first if qid in second}


def case_agreement(calibration: Calibration, ratings) -> Agreement:
    pairs = rating_pairs(calibration, ratings)
    return agreement([(a.key, b.key) for a, b in pairs.values()])


@dataclass
class VisitAgreement:
    per_case: list[tuple[Calibration, Agreement]]
    overall: Agreement


def revealed_pairs(visit) -> dict[int, list[tuple[int, int]]]:
    """Each revealed double-rated case of the visit (by calibration id) with the first and the
    second rater's level id on every question both rated, in one query."""
    rated: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    raters: dict[int, tuple[int, int]] = {}
    for calibration_id, first, second, question_id, rater_id, level_id in (
        CalibrationRating.objects.filter(
            calibration__case_file__visit=visit, calibration__revealed_at__isnull=False
        )
        .order_by()
        .values_list(
            "calibration_id",
            "calibration__first_rater_id",
            "calibration__second_rater_id",
            "question_id",
            "rater_id",
            "level_id",
        )
    ):
        raters[calibration_id] = (first, second)
        rated[(calibration_id, question_id)][rater_id] = level_id
    pairs: dict[int, list[tuple[int, int]]] = {calibration_id: [] for calibration_id in raters}
    for (calibration_id, _question_id), levels in rated.items():
        first, second = raters[calibration_id]
        if first in levels and second in levels:
            pairs[calibration_id].append((levels[first], levels[second]))
    return pairs


def visit_agreement(visit) -> VisitAgreement:
    """Agreement on every revealed double-rated case of the visit, and over all of them."""
    calibrations = list(
        Calibration.objects.filter(case_file__visit=visit, revealed_at__isnull=False)
        .select_related("case_file")
        .order_by("case_file__reference")
    )
    pairs = revealed_pairs(visit) if calibrations else {}
    per_case = [
        (calibration, agreement(pairs.get(calibration.pk, []))) for calibration in calibrations
    ]
    pooled = [pair for calibration in calibrations for pair in pairs.get(calibration.pk, [])]
    return VisitAgreement(per_case=per_case, overall=agreement(pooled))


@transaction.atomic
def record_agreed_answers(
    *, calibration: Calibration, levels: dict[int, RatingLevel], by: User
) -> list[Answer]:
    """The raters' agreed level for each question becomes the case's answer."""
    if by.pk not in calibration.rater_ids:
        raise CaseAuditError("Only the two auditors who rated this case agree its answers.")
    if not calibration.is_revealed:
        raise CaseAuditError("Both auditors must finish rating before agreeing the answers.")
    if calibration.is_agreed:
        raise CaseAuditError("The agreed answers for this case have already been recorded.")
    case = CaseAudit.objects.select_related("visit").get(pk=calibration.case_file_id)
    questions = rated_questions(case.visit.tool_id)
    missing = [q for q in questions if levels.get(q.pk) is None]
    if missing:
        raise CaseAuditError(f"Choose the agreed answer for: {missing[0].text}")
    calibration.agreed_by, calibration.agreed_at = by, timezone.now()
    calibration.save(update_fields=["agreed_by", "agreed_at"])
    case.calibration = calibration
    answers = []
    for question in questions:
        current = Answer.objects.filter(case_file=case, question=question).first()
        answers.append(
            save_answer(
                case=case,
                question=question,
                level=levels[question.pk],
                text=current.text if current else "",
                note=current.note if current else "",
                version=current.version if current else 0,
                by=by,
            )
        )
    return answers
