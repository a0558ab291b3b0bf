"""Setting a draft question's conditions: the earlier answers that show it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Question, QuestionCondition


def earlier_choice_questions(
    question: Question | None, *, tool, theme=None
) -> tuple[list[Question], list[Question]]:
    """The questions a condition of ``question`` may name (yes/no and choice questions before
    it in the tool, or before the end of ``theme`` for a question still to be added), and
    every question of the tool in order, to number them."""
    questions = list(
        tool.questions.select_related("theme")
        .prefetch_related("options")
        .order_by("theme__position", "position", "pk")
    )
    if question is not None and question.pk:
        index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
        earlier = questions[:index]
    elif theme is not None:
        earlier = [q for q in questions if q.theme.position <= theme.position]
    else:
        earlier = questions
    return [q for q in earlier if q.answer_kind in Question.CHOICE_KINDS], questions


@transaction.atomic
def set_conditions(*, question: Question, answers: dict[str, list[str]], match: str) -> None:
    """Show ``question`` only when the earlier questions (by key) have one of the answers
    (option keys); an empty ``answers`` asks it always."""
    by_key = {q.key: q for q in Question.objects.filter(tool_id=question.tool_id, key__in=answers)}
    unknown = set(answers) - set(by_key)
    if unknown or question.key in answers:
        raise ValidationError("Choose answers of earlier questions of this tool.")
    QuestionCondition.objects.filter(question=question).delete()
    QuestionCondition.objects.bulk_create(
        QuestionCondition(question=question, depends_on=by_key[key], answers=keys, position=n)
        for n, (key, keys) in enumerate(answers.items(), start=1)
    )
    if question.show_when != match:
        question.show_when = match
        question.save(update_fields=["show_when"])


def compared(question: Question) -> tuple:
    """A question's conditions as compare matches them: on stable question and option keys."""
    conditions = sorted(
        (c.depends_on.key, tuple(sorted(c.answers))) for c in question.conditions.all()
    )
    return (question.show_when if len(conditions) > 1 else "all", tuple(conditions))


def in_words(question: Question) -> str:
    """ "Always asked", or "Shown when ‘Was an impairment found?’ is ‘Yes’", for compare."""
    parts = []
    for condition in question.conditions.all():
        earlier = condition.depends_on
        labels = {choice.key: choice.label for choice in earlier.choices}
        answers = " or ".join(f"‘{labels.get(key, key)}’" for key in condition.answers)
        parts.append(f"“{earlier.text}” ({earlier.key}) is {answers}")
    if not parts:
        return "Always asked"
    return "Shown when " + (" or " if question.show_when == "any" else " and ").join(parts)
