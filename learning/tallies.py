"""Stored counts of issued visits' answers, so that the regional dashboard reads one row per
visit and question (and per visit and theme) rather than every answer.

An issued visit's answers no longer change, so its counts are made once when its report is
issued (``reports.services`` sends ``report_issued``, and ``learning.receivers`` stores
them), for the synthetic dataset when it is generated, and again whenever
``manage.py rebuild_learning_tallies`` is run. A visit without stored counts (one issued
before they existed, or made in tests) is counted from its answers as before, so the
figures are the same either way.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Q

from audits.conditions import excluding_hidden
from audits.counting import CATEGORIES, NOT_APPLICABLE, Level, categorise
from audits.models import Answer, Question, RatingLevel, RatingScale, Theme

from .choices import count_visit
from .models import ChoiceTally, QuestionTally, ThemeTally


def level_categories(tool_ids) -> dict[int, str]:
    """The category of each level of the tools' question scales (``audits.counting``)."""
    rows = (
        RatingLevel.objects.filter(scale__tool_id__in=tool_ids)
        .exclude(scale__purpose=RatingScale.Purpose.JUDGEMENT)
        .values_list(*Level._fields)
    )
    return categorise(Level(*row) for row in rows)


@transaction.atomic
def rebuild(visit_queryset) -> int:
    """Count the answers of the visits again and store them; returns how many visits."""
    visits = list(visit_queryset.order_by().values_list("pk", "tool_id"))
    visit_ids = [pk for pk, _tool in visits]
    if not visit_ids:
        return 0
    QuestionTally.objects.filter(visit_id__in=visit_ids).delete()
    ChoiceTally.objects.filter(visit_id__in=visit_ids).delete()
    ChoiceTally.objects.bulk_create(
        ChoiceTally(visit_id=v, question_id=q, **figures)
        for (v, q), figures in count_visit(visit_ids).items()
    )
    ThemeTally.objects.filter(visit_id__in=visit_ids).delete()
    category = level_categories({tool for _pk, tool in visits})
    applicable = [pk for pk, name in category.items() if name != NOT_APPLICABLE] or [-1]
    # Answers kept in a question its conditions hide (until submission) are not counted.
    answers = excluding_hidden(
        Answer.objects.filter(
            case_file__visit_id__in=visit_ids,
            question__answer_kind=Question.AnswerKind.SCALE,
            question__theme__kind=Theme.Kind.PRACTICE,
            level_id__isnull=False,
        ),
        visit_ids,
    )
    counts: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for visit_id, question_id, level_id, n in (
        answers.values_list("case_file__visit_id", "question_id", "level_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        name = category.get(level_id)
        if name is not None:
            slot = counts[(visit_id, question_id)]
            slot[name] = slot.get(name, 0) + n
    QuestionTally.objects.bulk_create(
        (QuestionTally(visit_id=v, question_id=q, **values) for (v, q), values in counts.items()),
        batch_size=2000,
    )
    cases = {
        (visit_id, theme_id): n
        for visit_id, theme_id, n in answers.filter(level_id__in=applicable)
        .values_list("case_file__visit_id", "question__theme_id")
        .annotate(n=Count("case_file_id", distinct=True))
        .order_by()
    }
    # A row for every theme, even one with no applicable answer, marks the visit as counted.
    themes = defaultdict(list)
    for pk, tool_id in Theme.objects.filter(
        tool_id__in={t for _p, t in visits}, kind=Theme.Kind.PRACTICE
    ).values_list("pk", "tool_id"):
        themes[tool_id].append(pk)
    ThemeTally.objects.bulk_create(
        (
            ThemeTally(
                visit_id=visit_id, theme_id=theme_id, cases=cases.get((visit_id, theme_id), 0)
            )
            for visit_id, tool_id in visits
            for theme_id in themes[tool_id]
        ),
        batch_size=2000,
    )
    return len(visit_ids)


def category_counts(answers, category: dict[int, str], *, per: str = "question_id"):
    """Answers grouped per visit and question (or ``per`` another field), counted by
    category in the database."""
    ids = {name: [pk for pk, n in category.items() if n == name] or [-1] for name in CATEGORIES}
    return (
        answers.values_list("case_file__visit_id", per)
        .annotate(**{name: Count("pk", filter=Q(level_id__in=ids[name])) for name in CATEGORIES})
        .order_by()
    )
