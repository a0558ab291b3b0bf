"""A case audit's trail in plain words: every recorded change to its answers, judgement,
moderation and double rating, from the audit log, with levels and people by name."""

from __future__ import annotations

from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from auditportal import trail as masking
from authorities.models import User

from ..models import (
    Answer,
    Calibration,
    CalibrationRating,
    CaseAudit,
    CaseJudgement,
    ModerationEvent,
)
from .casework import DROPPED_HIDDEN, calibration_of, tool_levels


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
    Answer: {
        "level": "Answer",
        "choices": "Options chosen (by key)",
        "number": "Answer",
        "date": "Answer",
        "text": "Answer",
        "not_applicable": "Not applicable",
        "note": "Evidence note",
    },
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


def _action(entry) -> str:
    if (entry.additional_data or {}).get("reason") == DROPPED_HIDDEN:
        return (
            "Removed on submission: the question was not asked, because of the answer it depends on"
        )
    return _TRAIL_ACTIONS.get(entry.action, "Recorded")


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
        if value in (None, "None", "", "[]", "False"):
            return "—"
        if masking.is_masked(value):
            return masking.describe_masked(value)
        if name in _LEVEL_FIELDS:
            level = levels.get(int(value))
            return level.label if level else "a level no longer in the tool"
        if name in _USER_FIELDS:
            return names.get(int(value), "someone")
        if name == "action":
            return actions.get(value, value)
        if name == "not_applicable":
            return "Yes"
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
            if before != after or masking.is_masked(recorded[name][1])
        ]
        described.append(
            TrailEntry(
                at=entry.timestamp,
                actor=entry.actor.full_name if entry.actor else "The service",
                subject=subject,
                action=_action(entry),
                changes=changes,
            )
        )
    return described
