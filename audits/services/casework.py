"""Case audits: saving answers without lost updates, submission, moderation and calibration.

Every save carries the version the auditor started from and is a conditional UPDATE (or an
INSERT guarded by a unique constraint), so two saves from the same version cannot both
win: the second is refused with ``StaleVersion`` holding what is stored now.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from copy import copy
from dataclasses import dataclass, field

from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from auditportal import trail
from authorities.models import User

from ..calibration import Agreement, agreement
from ..completeness import JUDGEMENT_SECTION, Completeness, Gap, check
from ..models import (
    Answer,
    Calibration,
    CalibrationRating,
    CaseAudit,
    CaseAuditError,
    CaseFile,
    CaseJudgement,
    Declaration,
    ModerationEvent,
    Question,
    RatingLevel,
    RatingScale,
    Theme,
    Visit,
    VisitAuditor,
)

S = CaseFile.Status
Action = ModerationEvent.Action


class StaleVersion(Exception):
    """The save started from an older version than the one stored now."""

    def __init__(self, current):
        super().__init__("Someone else saved this in the meantime.")
        self.current = current


class IncompleteCase(CaseAuditError):
    """Submission refused: ``gaps`` lists what is missing."""

    def __init__(self, case, gaps: list[Gap]):
        count = len(gaps)
        super().__init__(
            f"{case.reference} cannot be submitted yet: {count} thing{'s' if count != 1 else ''} "
            "still to do."
        )
        self.gaps = gaps


# --- Reading a case audit ---------------------------------------------------------------


def case_audits():
    """Case audits with what every case page needs in the same query."""
    return CaseAudit.objects.select_related(
        "visit__host", "allocated_to", "judgement", "calibration"
    )


def judgement_of(case) -> CaseJudgement | None:
    try:
        return case.judgement
    except CaseJudgement.DoesNotExist:
        return None


def calibration_of(case) -> Calibration | None:
    try:
        return case.calibration
    except Calibration.DoesNotExist:
        return None


@dataclass
class CaseAuditState:
    """Everything one case audit page reads, loaded in a fixed number of queries."""

    case: CaseAudit
    themes: list[Theme]
    questions: list[Question]
    levels: dict[int, RatingLevel]
    scale_levels: dict[int, list[RatingLevel]]
    judgement_levels: list[RatingLevel]
    answers: dict[int, Answer]
    judgement: CaseJudgement | None
    completeness: Completeness = field(init=False)

    def __post_init__(self):
        self.completeness = check(
            themes=self.themes,
            questions=self.questions,
            answers=self.answers,
            levels=self.levels,
            judgement=self.judgement,
        )

    def theme(self, key: str | None) -> Theme | None:
        if not key:
            return self.themes[0] if self.themes else None
        return next((theme for theme in self.themes if theme.key == key), None)

    def questions_in(self, theme) -> list[Question]:
        return [question for question in self.questions if question.theme_id == theme.pk]

    def next_section(self, theme) -> str:
        """The key of the section after ``theme`` (the judgement after the last theme)."""
        keys = [t.key for t in self.themes]
        index = keys.index(theme.key)
        return keys[index + 1] if index + 1 < len(keys) else JUDGEMENT_SECTION

    @property
    def calibration(self) -> Calibration | None:
        return calibration_of(self.case)

    @property
    def is_being_double_rated(self) -> bool:
        calibration = self.calibration
        return calibration is not None and not calibration.is_agreed


def tool_levels(tool_id) -> tuple[dict[int, RatingLevel], dict[int, list[RatingLevel]], list]:
    """The tool's rating levels by id, by scale, and the judgement scale's levels."""
    levels = list(RatingLevel.objects.filter(scale__tool_id=tool_id).select_related("scale"))
    by_scale: dict[int, list[RatingLevel]] = defaultdict(list)
    for level in levels:
        by_scale[level.scale_id].append(level)
    judgement = [level for level in levels if level.scale.purpose == RatingScale.Purpose.JUDGEMENT]
    return {level.pk: level for level in levels}, dict(by_scale), judgement


def load_case_audit(case: CaseAudit) -> CaseAuditState:
    tool_id = case.visit.tool_id
    levels, by_scale, judgement_levels = tool_levels(tool_id)
    # The levels are loaded already, so answers and the judgement take theirs from here.
    answers = {}
    for answer in Answer.objects.filter(case_file=case):
        answer.level = levels.get(answer.level_id)
        answers[answer.question_id] = answer
    judgement = judgement_of(case)
    if judgement is not None:
        judgement.level = levels.get(judgement.level_id)
        judgement.moderated_level = levels.get(judgement.moderated_level_id)
    return CaseAuditState(
        case=case,
        themes=list(Theme.objects.filter(tool_id=tool_id).order_by("position", "pk")),
        questions=list(
            Question.objects.filter(tool_id=tool_id)
            .defer("cqc_statements")
            .order_by("theme__position", "position", "pk")
        ),
        levels=levels,
        scale_levels=by_scale,
        judgement_levels=judgement_levels,
        answers=answers,
        judgement=judgement,
    )


# --- Saving without lost updates --------------------------------------------------------


def _same(current, values: dict) -> bool:
    return all(getattr(current, name) == value for name, value in values.items())


def _log_update(old, new, *, by) -> None:
    """Keep a conditional UPDATE in the audit trail (UPDATE fires no model signals)."""
    changes = model_instance_diff(old, new)
    if changes:
        LogEntry.objects.log_create(new, action=LogEntry.Action.UPDATE, changes=changes, actor=by)


def _versioned_save(model, *, lookup: dict, values: dict, version: int, by, related=()):
    """Store ``values`` on the row found by ``lookup`` if it is still at ``version``.

    Saving what is already stored succeeds without a write, so a save retried after a lost
    response, or two people writing the same thing, is never a conflict.
    """
    rows = model.objects.filter(**lookup).select_related("updated_by", *related).order_by("pk")
    current = rows.first()
    if current is not None and _same(current, values):
        return current
    if current is None:
        try:
            with transaction.atomic():
                return model.objects.create(**lookup, **values, version=1, updated_by=by)
        except IntegrityError:
            current = rows.get()
            if _same(current, values):
                return current
            raise StaleVersion(current) from None
    if current.version != version:
        raise StaleVersion(current)
    now = timezone.now()
    stored = model.objects.filter(pk=current.pk, version=version).update(
        **values, version=version + 1, updated_by=by, updated_at=now
    )
    if not stored:
        current = rows.get()
        if _same(current, values):
            return current
        raise StaleVersion(current)
    saved = copy(current)
    for name, value in {**lookup, **values}.items():
        setattr(saved, name, value)
    saved.version, saved.updated_by, saved.updated_at = version + 1, by, now
    _log_update(current, saved, by=by)
    return saved


def _refuse_unless_editable(case: CaseAudit) -> None:
    case.refuse_edit_unless_draft()
    calibration = calibration_of(case)
    if calibration is not None and not calibration.is_agreed:
        raise CaseAuditError(
            f"{case.reference} is being double rated blind. Rate it on its double rating page; "
            "the agreed answers appear here once you have both rated it and agreed them."
        )


def _mark_started(case: CaseAudit) -> None:
    if case.status == S.NOT_STARTED:
        CaseFile.objects.filter(pk=case.pk, status=S.NOT_STARTED).update(status=S.IN_PROGRESS)
        case.status = S.IN_PROGRESS


@transaction.atomic
def save_answer(
    *,
    case: CaseAudit,
    question: Question,
    level: RatingLevel | None,
    text: str = "",
    note: str = "",
    version: int,
    by: User,
) -> Answer:
    """Save one answer, refusing with ``StaleVersion`` if it changed since ``version``."""
    _refuse_unless_editable(case)
    if question.tool_id != case.visit.tool_id:
        raise CaseAuditError("That question is not in this visit's audit tool.")
    if level is not None and level.scale_id != question.scale_id:
        raise CaseAuditError("Choose one of the answers offered for this question.")
    answer = _versioned_save(
        Answer,
        lookup={"case_file": case, "question": question},
        values={"level_id": level.pk if level else None, "text": text, "note": note},
        version=version,
        by=by,
        related=("level",),
    )
    _mark_started(case)
    return answer


@transaction.atomic
def save_judgement(
    *,
    case: CaseAudit,
    level: RatingLevel | None,
    rationale: str = "",
    strength: str = "",
    improvement: str = "",
    version: int,
    by: User,
) -> CaseJudgement:
    """Save the case's first judgement, refusing with ``StaleVersion`` like answers."""
    _refuse_unless_editable(case)
    if level is not None and (
        level.scale.tool_id != case.visit.tool_id
        or level.scale.purpose != RatingScale.Purpose.JUDGEMENT
    ):
        raise CaseAuditError("Choose one of the judgements offered.")
    judgement = _versioned_save(
        CaseJudgement,
        lookup={"case_file": case},
        values={
            "level_id": level.pk if level else None,
            "rationale": rationale,
            "strength": strength,
            "improvement": improvement,
        },
        version=version,
        by=by,
        related=("level",),
    )
    _mark_started(case)
    return judgement


# --- Submission and moderation ----------------------------------------------------------


@transaction.atomic
def submit_case(*, case: CaseAudit, by: User) -> ModerationEvent:
    """Submit a complete case for review by the other auditor or the coordinator."""
    calibration = calibration_of(case)
    if calibration is not None and not calibration.is_agreed:
        raise CaseAuditError(
            f"{case.reference} is being double rated: record the agreed answers before "
            "submitting it."
        )
    if case.status not in CaseAudit.MOVES[S.SUBMITTED]:
        raise CaseAuditError(case._move_refusal(S.SUBMITTED))
    state = load_case_audit(case)
    if not state.completeness.is_complete:
        raise IncompleteCase(case, state.completeness.gaps)
    return case.advance(to=S.SUBMITTED, by=by, action=Action.SUBMITTED)


def _last_submitter_id(case) -> int | None:
    event = (
        ModerationEvent.objects.filter(case_file=case, action=Action.SUBMITTED)
        .order_by("-at", "-pk")
        .first()
    )
    return event.by_id if event else None


def _refuse_own_review(case: CaseAudit, by: User) -> None:
    if by.pk in {case.allocated_to_id, _last_submitter_id(case)}:
        raise CaseAuditError(
            f"You audited {case.reference}, so the other auditor or the coordinator reviews it."
        )


def _reason_required(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise CaseAuditError(f"Give a reason {what}.")
    return reason


@transaction.atomic
def agree_case(*, case: CaseAudit, by: User) -> ModerationEvent:
    """The reviewer agrees the case as audited, first judgement included."""
    _refuse_own_review(case, by)
    event = case.advance(to=S.AGREED, by=by, action=Action.AGREED)
    judgement = judgement_of(case)
    if judgement is not None:
        judgement.moderated_by, judgement.moderated_at = by, event.at
        judgement.save(update_fields=["moderated_by", "moderated_at", "updated_at"])
    return event


@transaction.atomic
def request_changes(*, case: CaseAudit, by: User, reason: str) -> ModerationEvent:
    """Send the case back to its auditor, saying what to change."""
    _refuse_own_review(case, by)
    reason = _reason_required(reason, "so the auditor knows what to change")
    return case.advance(
        to=S.CHANGES_REQUESTED, by=by, action=Action.CHANGES_REQUESTED, reason=reason
    )


@transaction.atomic
def moderate_case(*, case: CaseAudit, by: User, level: RatingLevel, reason: str) -> ModerationEvent:
    """Agree the case with a different overall judgement; the first one is kept beside it."""
    _refuse_own_review(case, by)
    reason = _reason_required(reason, "for the moderated judgement")
    judgement = judgement_of(case)
    if judgement is None or judgement.level_id is None:
        raise CaseAuditError(f"{case.reference} has no first judgement to moderate.")
    if level.scale_id != judgement.level.scale_id:
        raise CaseAuditError("Choose one of the judgements offered.")
    if level.pk == judgement.level_id:
        raise CaseAuditError(
            f"{level.label} is the judgement already given. To keep it, agree the case instead."
        )
    event = case.advance(to=S.AGREED, by=by, action=Action.MODERATED, reason=reason, level=level)
    judgement.moderated_level = level
    judgement.moderation_reason = reason
    judgement.moderated_by, judgement.moderated_at = by, event.at
    judgement.save()
    return event


def is_lead_auditor(user, visit) -> bool:
    return VisitAuditor.objects.filter(visit=visit, auditor=user, is_lead=True).exists()


def may_lock(user, case) -> bool:
    """The coordinator or the visit's lead auditor locks agreed cases; the page asks too."""
    return user.is_coordinator or is_lead_auditor(user, case.visit)


@transaction.atomic
def lock_case(*, case: CaseAudit, by: User) -> ModerationEvent:
    """Lock an agreed case so nothing in it changes again."""
    if not may_lock(by, case):
        raise CaseAuditError("Only the coordinator or the visit's lead auditor can lock a case.")
    return case.advance(to=S.LOCKED, by=by, action=Action.LOCKED)


# --- Calibration: blind double rating ---------------------------------------------------


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
        if case.status != S.NOT_STARTED or Answer.objects.filter(case_file=case).exists():
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


def visit_agreement(visit) -> VisitAgreement:
    """Agreement on every revealed double-rated case of the visit, and over all of them."""
    calibrations = list(
        Calibration.objects.filter(case_file__visit=visit, revealed_at__isnull=False)
        .select_related("case_file")
        .order_by("case_file__reference")
    )
    ratings: dict[int, list] = defaultdict(list)
    for rating in CalibrationRating.objects.filter(calibration__in=calibrations).select_related(
        "level"
    ):
        ratings[rating.calibration_id].append(rating)
    per_case, pooled = [], []
    for calibration in calibrations:
        pairs = rating_pairs(calibration, ratings[calibration.pk])
        keyed = [(a.key, b.key) for a, b in pairs.values()]
        pooled += keyed
        per_case.append((calibration, agreement(keyed)))
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


# --- The visit's progress ---------------------------------------------------------------


@dataclass
class AuditorProgress:
    auditor: User
    is_lead: bool
    statuses: Counter = field(default_factory=Counter)
    answered: int = 0

    @property
    def cases(self) -> int:
        return sum(self.statuses.values())


@dataclass
class VisitProgress:
    cases: list[CaseAudit]
    question_count: int
    auditors: list[AuditorProgress]
    statuses: Counter
    agreement: VisitAgreement

    @property
    def status_counts(self) -> list[int]:
        """Cases in each status, in the status machine's order."""
        return [self.statuses[status] for status in S.values]

    @property
    def auditor_rows(self) -> list[dict]:
        return [
            {"auditor": row, "counts": [row.statuses[status] for status in S.values]}
            for row in self.auditors
        ]

    @property
    def answered(self) -> int:
        return sum(case.answered for case in self.cases)


def visit_progress(*, visit: Visit, cases) -> VisitProgress:
    """Progress per case and per auditor, from ``cases`` (already limited to what the viewer
    may see)."""
    answered = Count("answers", filter=Q(answers__level__isnull=False) | ~Q(answers__text=""))
    cases = list(
        cases.select_related("allocated_to", "judgement__level", "judgement__moderated_level")
        .select_related("calibration")
        .annotate(answered=answered)
        .order_by("reference")
    )
    team = {
        link.auditor_id: AuditorProgress(link.auditor, link.is_lead)
        for link in VisitAuditor.objects.filter(visit=visit).select_related("auditor")
    }
    statuses = Counter()
    for case in cases:
        statuses[case.status] += 1
        progress = team.get(case.allocated_to_id)
        if progress is not None:
            progress.statuses[case.status] += 1
            progress.answered += case.answered
    return VisitProgress(
        cases=cases,
        question_count=Question.objects.filter(tool_id=visit.tool_id).count(),
        auditors=list(team.values()),
        statuses=statuses,
        agreement=visit_agreement(visit),
    )


# --- The audit trail --------------------------------------------------------------------


@dataclass(frozen=True)
class TrailChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class TrailEntry:
    at: object
    actor: str
    subject: str
    action: str
    changes: list[TrailChange]


def case_trail(*, case: CaseAudit, viewer: User) -> list[TrailEntry]:
    """Every recorded change to the case's answers, judgement, moderation and double rating,
    newest first. A rater sees the other's blind ratings only once both have finished."""
    calibration = calibration_of(case)
    types = ContentType.objects.get_for_models(
        Answer, CaseJudgement, ModerationEvent, Calibration, CalibrationRating
    )
    subjects = {
        types[Answer]: Answer.objects.filter(case_file=case),
        types[CaseJudgement]: CaseJudgement.objects.filter(case_file=case),
        types[ModerationEvent]: ModerationEvent.objects.filter(case_file=case),
    }
    if calibration is not None:
        subjects[types[Calibration]] = Calibration.objects.filter(pk=calibration.pk)
        ratings = CalibrationRating.objects.filter(calibration=calibration)
        if not (calibration.is_revealed or viewer.is_coordinator):
            ratings = ratings.filter(rater=viewer)
        subjects[types[CalibrationRating]] = ratings
    query = Q()
    for content_type, rows in subjects.items():
        query |= Q(content_type=content_type, object_id__in=rows.values("pk"))
    entries = list(
        LogEntry.objects.filter(query).select_related("actor").order_by("-timestamp", "-pk")
    )
    return _describe_entries(case, entries, types)


# Labels for the trail, by model and field; fields not listed are not shown.
_TRAIL_FIELDS = {
    Answer: {"level": "Answer", "text": "Answer", "note": "Evidence note"},
    CaseJudgement: {
        "level": "First judgement",
        "rationale": "Rationale",
        "strength": "One strength",
        "improvement": "One thing to improve",
        "moderated_level": "Moderated judgement",
        "moderation_reason": "Reason for the moderated judgement",
        "moderated_by": "Reviewed by",
    },
    ModerationEvent: {"action": "Step", "reason": "Reason", "level": "Moderated judgement"},
    Calibration: {
        "first_rater": "First rater",
        "second_rater": "Second rater",
        "revealed_at": "Both finished rating",
        "agreed_by": "Agreed answers recorded by",
    },
    CalibrationRating: {"level": "Blind rating"},
}
_TRAIL_SUBJECTS = {
    CaseJudgement: "Overall judgement",
    ModerationEvent: "Moderation",
    Calibration: "Double rating",
}
_TRAIL_ACTIONS = {
    LogEntry.Action.CREATE: "Added",
    LogEntry.Action.UPDATE: "Changed",
    LogEntry.Action.DELETE: "Removed",
}
_LEVEL_FIELDS = {"level", "moderated_level"}
_USER_FIELDS = {"moderated_by", "first_rater", "second_rater", "agreed_by"}


def _describe_entries(case, entries, types) -> list[TrailEntry]:
    """Plain words for log entries: level and people ids become labels and names."""
    question_of = {
        types[Answer].pk: dict(
            Answer.objects.filter(case_file=case).values_list("pk", "question__text")
        ),
        types[CalibrationRating].pk: dict(
            CalibrationRating.objects.filter(calibration__case_file=case).values_list(
                "pk", "question__text"
            )
        ),
    }
    levels, _, _ = tool_levels(case.visit.tool_id)
    user_ids = {
        int(value)
        for entry in entries
        for name, values in (entry.changes_dict or {}).items()
        if name in _USER_FIELDS
        for value in values
        if value and value != "None"
    }
    names = dict(User.objects.filter(pk__in=user_ids).values_list("pk", "full_name"))
    model_of = {content_type.pk: model for model, content_type in types.items()}
    actions = dict(ModerationEvent.Action.choices)

    def show(name, value) -> str:
        if value in (None, "None", ""):
            return "—"
        if trail.is_masked(value):
            return trail.describe_masked(value)
        if name in _LEVEL_FIELDS:
            level = levels.get(int(value))
            return level.label if level else "a level no longer in the tool"
        if name in _USER_FIELDS:
            return names.get(int(value), "someone")
        if name == "action":
            return actions.get(value, value)
        return value

    described = []
    for entry in entries:
        model = model_of[entry.content_type_id]
        labels = _TRAIL_FIELDS[model]
        question = question_of.get(entry.content_type_id, {}).get(entry.object_id)
        subject = _TRAIL_SUBJECTS.get(model) or (
            f"{'Blind rating of' if model is CalibrationRating else 'Answer to'}: {question or ''}"
        )
        # In the form's order: PostgreSQL's jsonb does not keep the order keys came in.
        recorded = entry.changes_dict or {}
        changes = [
            TrailChange(label, before, after)
            for name, label in labels.items()
            if name in recorded
            for before, after in [(show(name, recorded[name][0]), show(name, recorded[name][1]))]
            # A note reworded to the same length still changed (its fingerprint did).
            if before != after or trail.is_masked(recorded[name][1])
        ]
        described.append(
            TrailEntry(
                at=entry.timestamp,
                actor=entry.actor.full_name if entry.actor else "The service",
                subject=subject,
                action=_TRAIL_ACTIONS.get(entry.action, "Recorded"),
                changes=changes,
            )
        )
    return described
