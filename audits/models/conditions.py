"""Conditional questions: a question asked only when an earlier answer of the same case says so.

A ``QuestionCondition`` names the earlier question (``depends_on``) and the answers that
show the later one: option keys of a choice question, or ``yes``/``no``. A question with
several conditions says whether any or all of them must hold (``Question.show_when``).
Conditions are part of the tool version, frozen with it and copied into the next draft.
Which questions apply to a case, given its answers, is ``audits.conditions``.
"""

from __future__ import annotations

from collections import defaultdict

from auditlog.registry import auditlog
from django.db import models

from .freezing import ToolPart, ToolPartQuerySet

# Kinds answered by choosing (as ``Question.CHOICE_KINDS``; the model imports this module).
CHOICE_KINDS = frozenset({"single", "multiple", "yes_no"})


class QuestionCondition(ToolPart):
    """“Shown when 6.2 is ‘Yes’”: ``question`` is asked only if ``depends_on`` was answered
    with one of ``answers``."""

    TOOL_PATH = "question__tool"

    question = models.ForeignKey(
        "audits.Question", on_delete=models.CASCADE, related_name="conditions"
    )
    # CASCADE: removing a question from a draft removes the conditions that named it.
    depends_on = models.ForeignKey(
        "audits.Question", on_delete=models.CASCADE, related_name="dependents"
    )
    # Option keys (or "yes"/"no"), never labels, so a condition survives rewording.
    answers = models.JSONField(default=list)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ToolPartQuerySet.as_manager()

    class Meta(ToolPart.Meta):
        ordering = ["question_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "depends_on"], name="one_condition_per_question_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(question=models.F("depends_on")),
                name="condition_not_on_itself",
            ),
        ]

    def __str__(self):
        return f"{self.question_id} when {self.depends_on_id} is {', '.join(self.answers)}"

    def _owners(self) -> dict[str, object]:
        return {"questions": self.question_id}


auditlog.register(QuestionCondition)


def copy_conditions(pairs) -> None:
    """Copy the conditions of each (old, new) question pair, pointing at the new questions."""
    pairs = list(pairs)
    new_of = {old.pk: new for old, new in pairs}
    conditions = QuestionCondition.objects.filter(question_id__in=list(new_of)).order_by(
        "question_id", "position", "pk"
    )
    QuestionCondition.objects.bulk_create(
        QuestionCondition(
            question=new_of[c.question_id],
            depends_on=new_of[c.depends_on_id],
            answers=list(c.answers),
            position=c.position,
        )
        for c in conditions
    )


def numbers(questions) -> dict[int, str]:
    """Each question's number as the case page and report show it: "6.2", theme 6 question 2,
    from questions in the tool's order (theme position, then position)."""
    result: dict[int, str] = {}
    theme_number: dict[int, int] = {}
    within: dict[int, int] = defaultdict(int)
    for question in questions:
        theme_number.setdefault(question.theme_id, len(theme_number) + 1)
        within[question.theme_id] += 1
        result[question.pk] = f"{theme_number[question.theme_id]}.{within[question.theme_id]}"
    return result


# --- what is wrong with a draft's conditions -----------------------------------------------


def condition_problems(questions: list) -> list[str]:
    """Problems with the conditions of a draft's questions (in the tool's order, options and
    conditions loaded), in words a tool owner acts on."""
    order = {question.pk: index for index, question in enumerate(questions)}
    by_id = {question.pk: question for question in questions}
    number_of = numbers(questions)
    problems = []
    for question in questions:
        place = f"Question {number_of[question.pk]} (“{question.text}”)"
        for condition in question.conditions.all():
            earlier = by_id.get(condition.depends_on_id)
            if earlier is None:
                problems.append(f"{place} depends on a question of another tool: remove it.")
                continue
            problems += _one_condition_problems(place, condition, earlier, order, number_of)
    return problems


def _one_condition_problems(place, condition, earlier, order, number_of) -> list[str]:
    name = f"question {number_of[earlier.pk]}"
    if earlier.answer_kind not in CHOICE_KINDS:
        return [
            f"{place} depends on {name}, which is answered {earlier.kind_summary.lower()} "
            "and has no answers to choose from: depend on a yes/no or choice question."
        ]
    problems = []
    if order[earlier.pk] >= order[condition.question_id]:
        problems.append(
            f"{place} depends on {name}, which comes after it: a question can depend only "
            "on an earlier one. Move it, or change the condition."
        )
    unknown = set(condition.answers) - {choice.key for choice in earlier.choices}
    if unknown:
        problems.append(
            f"{place} depends on {name} having the answer "
            f"{', '.join(sorted(unknown))}, which it does not offer: choose one of its answers."
        )
    if not condition.answers:
        problems.append(f"{place} depends on {name} but names none of its answers: choose one.")
    return problems
