"""Workflows on the audit tool: editing a draft, proposals, comparing versions.

Every function is keyword-only and atomic. Freezing itself lives on the models, so these
functions cannot change a published version even if a caller forgets to check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from auditportal import access

from ..models import (
    AuditTool,
    Question,
    QuestionOption,
    QuestionProposal,
    RatingLevel,
    RatingScale,
    Theme,
)
from . import conditions

Direction = Literal["up", "down"]


# --- keys and positions -------------------------------------------------------------------


def _new_key(base: str, taken: set[str], max_length: int) -> str:
    """A slug key from ``base`` that no version of the tool has ever used."""
    stem = slugify(base)[: max_length - 4].strip("-") or "item"
    key, n = stem, 2
    while key in taken:
        key, n = f"{stem}-{n}", n + 1
    return key


def _keys_ever_used(tool: AuditTool, model: type[models.Model]) -> set[str]:
    # Keys are never reused, even for a question removed two versions ago: results across
    # versions are joined on them.
    return set(
        model.objects.filter(tool__region_id=tool.region_id, tool__name=tool.name).values_list(
            "key", flat=True
        )
    )


def _next_position(siblings: models.QuerySet) -> int:
    return (siblings.aggregate(top=Max("position"))["top"] or 0) + 1


# --- editing a draft ----------------------------------------------------------------------


@transaction.atomic
def add_theme(
    *, tool: AuditTool, title: str, description: str = "", kind: str = Theme.Kind.PRACTICE
) -> Theme:
    return Theme.objects.create(
        tool=tool,
        key=_new_key(title, _keys_ever_used(tool, Theme), 60),
        position=_next_position(tool.themes.all()),
        title=title,
        description=description,
        kind=kind,
    )


@transaction.atomic
def add_question(
    *,
    theme: Theme,
    text: str,
    guidance: str = "",
    answer_kind: str = Question.AnswerKind.SCALE,
    scale: RatingScale | None = None,
    required: bool = True,
    cqc_statements: list[str] | None = None,
    **kind_fields,
) -> Question:
    """Add a question; ``kind_fields`` are the kind's own (``allows_not_applicable``,
    ``number_min``, ``number_max``); options are added with ``set_options``."""
    tool = theme.tool
    short = " ".join(text.split()[:6])
    return Question.objects.create(
        tool=tool,
        theme=theme,
        key=_new_key(f"{theme.key} {short}", _keys_ever_used(tool, Question), 80),
        position=_next_position(theme.questions.all()),
        text=text,
        guidance=guidance,
        answer_kind=answer_kind,
        scale=scale if answer_kind == Question.AnswerKind.SCALE else None,
        required=required,
        cqc_statements=list(cqc_statements or []),
        **kind_fields,
    )


@transaction.atomic
def set_options(
    *, question: Question, options: list[tuple[str | None, str]], none_of_these: str = ""
) -> None:
    """Make the question's options these (key, label) pairs, in order.

    An option given with its key keeps it, however its label is reworded, so its results stay
    comparable; one given without a key is new and gets a key that no version of this question
    has ever used, so a removed option's results never merge with a new one's. Options left
    out are removed. ``none_of_these`` (a label) adds a last option ticked only on its own.
    """
    current = {option.key: option for option in question.options.all()}
    taken = set(
        QuestionOption.objects.filter(
            question__tool__region_id=question.tool.region_id,
            question__tool__name=question.tool.name,
            question__key=question.key,
        ).values_list("key", flat=True)
    )
    existing_none = next((o for o in current.values() if o.none_of_these), None)
    wanted = list(options)
    if none_of_these:
        wanted.append((existing_none.key if existing_none else None, none_of_these))
    kept = []
    for position, (key, label) in enumerate(wanted, start=1):
        option = current.pop(key, None) if key else None
        if option is None:
            option = QuestionOption(question=question, key=_new_key(label, taken, 50))
            taken.add(option.key)
        option.label, option.position = label, position
        option.none_of_these = bool(none_of_these) and position == len(wanted)
        kept.append(option)
    for gone in current.values():
        gone.delete()
    for option in kept:
        option.save()


@transaction.atomic
def add_scale(*, tool: AuditTool, name: str, purpose: str) -> RatingScale:
    taken = set(tool.scales.values_list("key", flat=True))
    return RatingScale.objects.create(
        tool=tool, key=_new_key(name, taken, 50), name=name, purpose=purpose
    )


@transaction.atomic
def add_level(
    *,
    scale: RatingScale,
    label: str,
    score: int,
    colour: str,
    needs_note: bool = False,
    is_not_applicable: bool = False,
    is_not_evidenced: bool = False,
) -> RatingLevel:
    taken = set(scale.levels.values_list("key", flat=True))
    return RatingLevel.objects.create(
        scale=scale,
        key=_new_key(label, taken, 50),
        label=label,
        score=score,
        colour=colour,
        position=_next_position(scale.levels.all()),
        needs_note=needs_note,
        is_not_applicable=is_not_applicable,
        is_not_evidenced=is_not_evidenced,
    )


def _siblings(part: Theme | Question | RatingLevel) -> models.QuerySet:
    if isinstance(part, Theme):
        return Theme.objects.filter(tool_id=part.tool_id)
    if isinstance(part, Question):
        return Question.objects.filter(theme_id=part.theme_id)
    return RatingLevel.objects.filter(scale_id=part.scale_id)


@transaction.atomic
def move(*, part: Theme | Question | RatingLevel, direction: Direction) -> bool:
    """Swap a theme, question or level with its neighbour; False if it is already at the end."""
    ordered = list(_siblings(part).select_for_update().order_by("position", "pk"))
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == part.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, sibling in enumerate(ordered, start=1):
        sibling.position = position
    type(part).objects.bulk_update(ordered, ["position"])
    return True


@transaction.atomic
def remove(*, part: Theme | Question | RatingLevel | RatingScale) -> None:
    """Remove a part of a draft (a theme with its questions); a scale only when unused."""
    if isinstance(part, RatingScale) and part.questions.exists():
        raise ValidationError(
            f"Questions are rated on “{part.name}”: move them to another scale first."
        )
    part.delete()  # a theme's questions and a scale's levels go with it


# --- versions -----------------------------------------------------------------------------


def draft_for(*, tool: AuditTool, by) -> AuditTool:
    """The tool's draft next version, created from the latest published one if there is none."""
    versions = AuditTool.objects.filter(region_id=tool.region_id, name=tool.name)
    draft = versions.drafts().first()
    if draft is not None:
        return draft
    base = (
        versions.published().order_by("-version").first() or versions.order_by("-version").first()
    )
    return base.new_version(by=by)


@dataclass
class QuestionChange:
    """One stable key across two versions: the old and new question and what differs."""

    key: str
    old: Question | None
    new: Question | None
    fields: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[str, str, str]]:
        """(what, before, after) for each field that differs, in words, for side by side."""
        names = dict((label, name) for name, label in COMPARED_FIELDS)
        return [
            (
                label,
                _shown(self.old, names[label], self.new, before=True),
                _shown(self.new, names[label], self.old),
            )
            for label in self.fields
        ]


@dataclass
class ToolComparison:
    old: AuditTool
    new: AuditTool
    added: list[QuestionChange]
    removed: list[QuestionChange]
    changed: list[QuestionChange]
    unchanged: int
    themes_added: list[Theme]
    themes_removed: list[Theme]
    scale_changes: list[str]
    theme_changes: list[str] = field(default_factory=list)  # a theme's kind, in words

    @property
    def has_changes(self) -> bool:
        return bool(
            self.added
            or self.removed
            or self.changed
            or self.themes_added
            or self.themes_removed
            or self.scale_changes
            or self.theme_changes
        )


COMPARED_FIELDS = [
    ("text", "Question"),
    ("guidance", "Guidance"),
    ("theme", "Theme"),
    ("answer_kind", "Answer"),
    ("scale", "Scale"),
    ("options", "Options"),
    ("limits", "Numbers allowed"),
    ("allows_not_applicable", "Not applicable allowed"),
    ("required", "Required"),
    ("cqc_statements", "CQC quality statements"),
    ("conditions", "When it is asked"),
]


def _options(question: Question) -> dict[str, tuple[str, bool]]:
    return {o.key: (o.label, o.none_of_these) for o in question.options.all()}


def _options_shown(question: Question, other: Question | None, *, before: bool) -> str:
    """A question's options in words, each marked where the other version differs: added
    and relabelled options on the new side, removed ones on the old, matched on their keys."""
    mine, theirs = _options(question), _options(other) if other else {}
    shown = []
    for key, (label, _) in mine.items():
        if key not in theirs:
            label += " (removed)" if before else " (added)"
        elif not before and theirs[key][0] != label:
            label += f" (was “{theirs[key][0]}”)"
        shown.append(label)
    return "; ".join(shown) or "None"


def _question_value(question: Question, name: str):
    if name == "theme":
        return question.theme.key
    if name == "scale":
        return question.scale.key if question.scale_id else None
    if name == "cqc_statements":
        return sorted(question.cqc_statements or [])
    if name == "options":
        return list(_options(question).items())
    if name == "limits":
        return (question.number_min, question.number_max)
    if name == "conditions":
        return conditions.compared(question)
    return getattr(question, name)


def _shown(
    question: Question, name: str, other: Question | None = None, *, before: bool = False
) -> str:
    if name == "theme":
        return question.theme.title
    if name == "scale":
        return question.scale.name if question.scale_id else "None"
    if name == "answer_kind":
        return question.get_answer_kind_display()
    if name == "required":
        return "Yes" if question.required else "No (optional)"
    if name == "allows_not_applicable":
        return "Yes" if question.allows_not_applicable else "No"
    if name == "options":
        return _options_shown(question, other, before=before)
    if name == "limits":
        return question.kind_summary if question.answer_kind == "number" else "None"
    if name == "cqc_statements":
        return "; ".join(question.cqc_labels) or "None"
    if name == "conditions":
        return conditions.in_words(question)
    return getattr(question, name) or "None"


def _questions(tool: AuditTool) -> dict[str, Question]:
    return {
        q.key: q
        for q in tool.questions.select_related("theme", "scale")
        .prefetch_related("options", "conditions__depends_on__options")
        .order_by("theme__position", "position", "pk")
    }


def _scale_changes(old: AuditTool, new: AuditTool) -> list[str]:
    def levels(tool):
        return {
            (level.scale.key, level.key): (
                level.label,
                level.score,
                level.colour,
                level.needs_note,
                level.is_not_applicable,
                level.is_not_evidenced,
            )
            for level in RatingLevel.objects.filter(scale__tool=tool).select_related("scale")
        }

    before, after = levels(old), levels(new)
    changes = []
    for scale, level in sorted(after.keys() - before.keys()):
        changes.append(f"Level {level} added to the {scale} scale")
    for scale, level in sorted(before.keys() - after.keys()):
        changes.append(f"Level {level} removed from the {scale} scale")
    for scale, level in sorted(before.keys() & after.keys()):
        if before[scale, level] != after[scale, level]:
            changes.append(f"Level {level} of the {scale} scale changed")
    return changes


def compare_tools(*, old: AuditTool, new: AuditTool) -> ToolComparison:
    """What changed between two versions, question by question, matched on stable keys."""
    before, after = _questions(old), _questions(new)
    changed = []
    unchanged = 0
    for key in after.keys() & before.keys():
        differing = [
            label
            for name, label in COMPARED_FIELDS
            if _question_value(before[key], name) != _question_value(after[key], name)
        ]
        if differing:
            changed.append(QuestionChange(key, before[key], after[key], differing))
        else:
            unchanged += 1
    order = list(after)
    changed.sort(key=lambda change: order.index(change.key))
    old_themes = {t.key: t for t in old.themes.all()}
    new_themes = {t.key: t for t in new.themes.all()}
    return ToolComparison(
        old=old,
        new=new,
        added=[QuestionChange(k, None, q) for k, q in after.items() if k not in before],
        removed=[QuestionChange(k, q, None) for k, q in before.items() if k not in after],
        changed=changed,
        unchanged=unchanged,
        themes_added=[t for k, t in new_themes.items() if k not in old_themes],
        themes_removed=[t for k, t in old_themes.items() if k not in new_themes],
        scale_changes=_scale_changes(old, new),
        theme_changes=[
            f"{theme.title}: now a {theme.get_kind_display().lower()} "
            f"(was a {old_themes[key].get_kind_display().lower()})"
            for key, theme in new_themes.items()
            if key in old_themes and old_themes[key].kind != theme.kind
        ],
    )


# --- proposals ----------------------------------------------------------------------------


@transaction.atomic
def propose_change(
    *, question: Question, proposed_text: str, proposed_guidance: str, reason: str, by
) -> QuestionProposal:
    """An auditor proposes new wording for a question of a published version."""
    if question.tool.status != AuditTool.Status.PUBLISHED:
        raise ValidationError("Changes are proposed to a published version of the tool.")
    return QuestionProposal.objects.create(
        tool=question.tool,
        question_key=question.key,
        current_text=question.text,
        proposed_text=proposed_text,
        proposed_guidance=proposed_guidance,
        reason=reason,
        proposed_by=by,
    )


def _lock_open(proposal: QuestionProposal) -> QuestionProposal:
    proposal = (
        QuestionProposal.objects.select_for_update().select_related("tool").get(pk=proposal.pk)
    )
    if not proposal.is_open:
        raise ValidationError(
            f"This proposal has already been {proposal.get_status_display().lower()}."
        )
    return proposal


@transaction.atomic
def accept_proposal(*, proposal: QuestionProposal, by) -> Question:
    """Put the proposed wording into the next draft (made if needed) and close the proposal."""
    proposal = _lock_open(proposal)
    draft = draft_for(tool=proposal.tool, by=by)
    question = draft.questions.filter(key=proposal.question_key).first()
    if question is None:
        raise ValidationError(
            f"The draft (version {draft.version}) no longer has the question "
            f"“{proposal.question_key}”. Add it back to the draft, or decline the proposal."
        )
    question.text = proposal.proposed_text
    if proposal.proposed_guidance:
        question.guidance = proposal.proposed_guidance
    question.save()
    proposal.status = QuestionProposal.Status.ACCEPTED
    proposal.applied_to = draft
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save()
    return question


@transaction.atomic
def decline_proposal(*, proposal: QuestionProposal, reason: str, by) -> QuestionProposal:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Say why the proposal is declined.")
    proposal = _lock_open(proposal)
    proposal.status = QuestionProposal.Status.DECLINED
    proposal.decline_reason = reason
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save()
    return proposal


# --- home page ----------------------------------------------------------------------------


def owner_summary(user) -> dict:
    """For a tool owner's home page: open proposals and drafts in progress."""
    return {
        "open_proposal_count": access.visible(user, QuestionProposal)
        .filter(status=QuestionProposal.Status.OPEN)
        .count(),
        "draft_tools": list(access.visible(user, AuditTool).drafts().order_by("name")),
    }
