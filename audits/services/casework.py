"""Case audits: reading one, saving answers without lost updates, submission and moderation.

Blind double rating is ``services.double_rating``, the trail in plain words ``services.trail``,
a visit's progress ``services.progress``; who may lock a case is the policies' rule.

Every save carries the version the auditor started from and is a conditional UPDATE (or an
INSERT guarded by a unique constraint), so two saves from the same version cannot both
win: the second is refused with ``StaleVersion`` holding what is stored now.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from copy import copy
from dataclasses import dataclass, field

from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.utils import timezone

from authorities.models import User

from ..completeness import CHECK_SECTION, JUDGEMENT_SECTION, Completeness, Gap, check
from ..conditions import applicable_questions, load_conditions, page_rules
from ..models import (
    Answer,
    Calibration,
    CaseAudit,
    CaseAuditError,
    CaseFile,
    CaseJudgement,
    ModerationEvent,
    Question,
    QuestionCondition,
    RatingLevel,
    RatingScale,
    Theme,
)
from ..policies.casework import may_lock

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
        "visit__host", "visit__tool", "allocated_to", "judgement", "calibration"
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
    applicable: set[int] = field(init=False)
    condition_rules: dict = field(init=False)

    def __post_init__(self):
        # Questions hidden by their conditions are not asked, required or counted.
        self.applicable = applicable_questions(self.questions, self.answers)
        self.condition_rules = page_rules(self.questions, self.answers)
        self.completeness = check(
            themes=self.themes,
            questions=[q for q in self.questions if q.pk in self.applicable],
            answers=self.answers,
            levels=self.levels,
            judgement=self.judgement,
            judged=self.judged,
        )

    @property
    def judged(self) -> bool:
        """Whether the tool gives each case an overall judgement."""
        return self.case.visit.tool.has_overall_judgement

    def theme(self, key: str | None) -> Theme | None:
        if not key:
            return self.themes[0] if self.themes else None
        return next((theme for theme in self.themes if theme.key == key), None)

    def questions_in(self, theme) -> list[Question]:
        return [question for question in self.questions if question.theme_id == theme.pk]

    def next_section(self, theme) -> str:
        """The key of the section after ``theme``: after the last theme, the judgement, or
        checking the answers where the tool gives cases no judgement."""
        keys = [t.key for t in self.themes]
        index = keys.index(theme.key)
        if index + 1 < len(keys):
            return keys[index + 1]
        return JUDGEMENT_SECTION if self.judged else CHECK_SECTION

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
    questions = list(
        Question.objects.filter(tool_id=tool_id)
        .defer("cqc_statements")
        .annotate(conditional=Exists(QuestionCondition.objects.filter(question=OuterRef("pk"))))
        .order_by("theme__position", "position", "pk")
    )
    if any(question.has_options for question in questions):
        # Only tools with choice questions pay for the query that reads their options.
        prefetch_related_objects(questions, "options")
    if any(question.conditional for question in questions):
        load_conditions(questions)  # likewise, only tools with conditional questions
    return CaseAuditState(
        case=case,
        themes=list(Theme.objects.filter(tool_id=tool_id).order_by("position", "pk")),
        questions=questions,
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
    choices: list[str] | None = None,
    number: int | None = None,
    date: datetime.date | None = None,
    not_applicable: bool = False,
    version: int,
    by: User,
) -> Answer:
    """Save one answer, refusing with ``StaleVersion`` if it changed since ``version``."""
    _refuse_unless_editable(case)
    if question.tool_id != case.visit.tool_id:
        raise CaseAuditError("That question is not in this visit's audit tool.")
    choices = list(choices or [])
    offered = {choice.key for choice in question.choices}
    if (
        (level is not None and level.scale_id != question.scale_id)
        or not set(choices) <= offered
        or (not_applicable and not question.allows_not_applicable)
        or (len(choices) > 1 and question.answer_kind != question.AnswerKind.MULTIPLE)
    ):
        raise CaseAuditError("Choose one of the answers offered for this question.")
    answer = _versioned_save(
        Answer,
        lookup={"case_file": case, "question": question},
        values={
            "level_id": level.pk if level else None,
            "text": text,
            "note": note,
            "choices": choices,
            "number": number,
            "date": date,
            "not_applicable": not_applicable,
        },
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
    if not case.visit.tool.has_overall_judgement:
        raise CaseAuditError("This visit's audit tool gives cases no overall judgement.")
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
    drop_hidden_answers(state, by=by)
    return case.advance(to=S.SUBMITTED, by=by, action=Action.SUBMITTED)


# What the trail says of an answer cleared on submission because its question was not asked.
DROPPED_HIDDEN = "dropped_hidden"


def drop_hidden_answers(state: CaseAuditState, *, by: User) -> int:
    """Clear what was typed in questions hidden by their conditions, each with a note in the
    trail. Kept until now so that changing an answer back brings it back."""
    blank = {
        "level_id": None,
        "text": "",
        "note": "",
        "choices": [],
        "number": None,
        "date": None,
        "not_applicable": False,
    }
    dropped = 0
    for question_id, answer in state.answers.items():
        if question_id in state.applicable or not answer.has_content:
            continue
        Answer.objects.filter(pk=answer.pk).update(
            **blank, version=answer.version + 1, updated_by=by, updated_at=timezone.now()
        )
        cleared = copy(answer)
        for name, value in blank.items():
            setattr(cleared, name, value)
        changes = model_instance_diff(answer, cleared)
        LogEntry.objects.log_create(
            cleared,
            action=LogEntry.Action.UPDATE,
            changes=changes,
            actor=by,
            additional_data={"reason": DROPPED_HIDDEN},
            force_log=True,
        )
        dropped += 1
    return dropped


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


@transaction.atomic
def lock_case(*, case: CaseAudit, by: User) -> ModerationEvent:
    """Lock an agreed case so nothing in it changes again."""
    if not may_lock(by, case):
        raise CaseAuditError("Only the coordinator or the visit's lead auditor can lock a case.")
    return case.advance(to=S.LOCKED, by=by, action=Action.LOCKED)
