"""A question's answer options, and what a question of each answer kind needs to be whole.

Options carry stable keys like questions do: an answer stores the keys it chose, so results
stay comparable across versions however the labels are reworded. Yes/no questions need no
options of their own: their two answers are the same in every tool (``YES_NO``).
"""

from __future__ import annotations

from typing import NamedTuple

from django.db import models

from ..cqc import QualityStatement
from .freezing import ToolPart, ToolPartQuerySet

SCALE, SINGLE, MULTIPLE, YES_NO_KIND, NUMBER, DATE, TEXT = (
    "scale",
    "single",
    "multiple",
    "yes_no",
    "number",
    "date",
    "text",
)


class Choice(NamedTuple):
    """One answer an auditor can choose: an option's key and label."""

    key: str
    label: str
    none_of_these: bool = False


YES_NO = (Choice("yes", "Yes"), Choice("no", "No"))


class QuestionOption(ToolPart):
    """One answer of a choice question, such as "Advocate involved" or "None of these"."""

    TOOL_PATH = "question__tool"
    COPIED_FIELDS = ("key", "label", "position", "none_of_these")

    question = models.ForeignKey(
        "audits.Question", on_delete=models.CASCADE, related_name="options"
    )
    key = models.SlugField(
        max_length=50, help_text="Stable key: stays the same when the question is carried forward."
    )
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    # Ticked alone: "none of these" cannot stand beside another ticked option.
    none_of_these = models.BooleanField(default=False)

    objects = ToolPartQuerySet.as_manager()

    class Meta(ToolPart.Meta):
        ordering = ["question_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "key"], name="option_key_unique_in_question"
            )
        ]

    def __str__(self):
        return self.label

    def _owners(self) -> dict[str, object]:
        return {"questions": self.question_id}


def kind_summary(question) -> str:
    """How a question is answered, in words: "Rated on the question rating scale"."""
    kind = question.answer_kind
    if kind == SCALE:
        words = f"Rated on the {question.scale.name.lower()} scale" if question.scale_id else ""
    elif kind == NUMBER:
        words = "A whole number" + _range(question.number_min, question.number_max)
    elif kind in (SINGLE, MULTIPLE):
        labels = "; ".join(option.label for option in question.options.all())
        words = f"{question.get_answer_kind_display()}: {labels}"
    else:
        words = question.get_answer_kind_display()
    if question.allows_not_applicable and kind != SCALE:
        words += ", or not applicable"
    return words


def _range(low, high) -> str:
    if low is not None and high is not None:
        return f" from {low} to {high}"
    if low is not None:
        return f" of {low} or more"
    if high is not None:
        return f" of {high} or fewer"
    return ""


def question_problems(question, scale_ids: set[int], tool_pk: int) -> list[str]:
    """What stops one question of a draft being published, in words a tool owner acts on."""
    place = f"Question “{question.text}” in theme {question.theme.title}"
    problems = []
    kind = question.answer_kind
    if question.is_rated and not question.theme.is_practice:
        problems.append(
            f"“{question.text}” is rated on a scale, but its theme "
            f"({question.theme.title}) is a context section, which is not judged: "
            "make it a choice question, or make the theme a practice theme."
        )
    if kind == SCALE and question.scale_id not in scale_ids:
        problems.append(f"{place} is rated but has no scale of this tool: choose one.")
    if (
        kind == SCALE
        and question.scale_id in scale_ids
        and question.allows_not_applicable
        and not any(level.is_not_applicable for level in question.scale.levels.all())
    ):
        problems.append(
            f"{place} allows “Not applicable”, but its scale has no Not applicable level: "
            "add one to the scale, or do not allow Not applicable."
        )
    if kind in (SINGLE, MULTIPLE):
        options = list(question.options.all())
        ordinary = [option for option in options if not option.none_of_these]
        if len(ordinary) < 2:
            problems.append(f"{place} needs at least two answer options to choose from.")
        if kind == SINGLE and len(ordinary) < len(options):
            problems.append(
                f"{place} has a “none of these” option, which only a tick-all-that-apply "
                "question can have."
            )
    if question.theme.tool_id != tool_pk:
        problems.append(f"{place} belongs to another tool's theme.")
    unknown = set(question.cqc_statements or []) - set(QualityStatement.values)
    if unknown:
        problems.append(
            f"{place} is tagged with unknown CQC quality statements: " + ", ".join(sorted(unknown))
        )
    return problems
