"""Regional learning for choice questions (one choice, tick all that apply, yes/no), compared
by the stable keys of questions and options, so a question asked in two tool versions counts
as one and an option reworded keeps its figures.

- Only practice themes' questions count, as for rated ones.
- A visit's figures for a question are the cases that answered it (not applicable left out)
  and how many of them chose each option; a case may tick several options.
- A visit's figures built from fewer than five answering cases are suppressed and left out of
  every total, so they cannot be worked out by subtraction.

An issued visit's figures are stored once (``ChoiceTally``, by ``learning.tallies``); a visit
without stored figures is counted from its answers, with the same result.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from audits.counting import SUPPRESSION_THRESHOLD, percent
from audits.models import Answer, Question, QuestionOption, Theme
from audits.models.options import YES_NO

from .models import ChoiceTally

CHOICE_KINDS = sorted(Question.CHOICE_KINDS)


@dataclass(frozen=True)
class OptionShare:
    key: str
    label: str
    cases: int
    percent: int | None


@dataclass(frozen=True)
class ChoiceResult:
    """One choice question across the visits whose figures are not suppressed."""

    key: str
    text: str
    kind: str
    visits: int  # visits counted
    suppressed_visits: int  # visits left out, with fewer than five answering cases
    answered: int
    options: tuple[OptionShare, ...]


def count_visit(visit_ids, *, practice_only: bool = True) -> dict[tuple[int, int], dict]:
    """Each visit × choice question's figures, counted from the answers (stored at issue)."""
    answers = Answer.objects.filter(
        case_file__visit_id__in=list(visit_ids) or [0],
        question__answer_kind__in=CHOICE_KINDS,
    )
    if practice_only:
        answers = answers.filter(question__theme__kind=Theme.Kind.PRACTICE)
    figures: dict[tuple[int, int], dict] = {}
    for visit_id, question_id, choices, not_applicable in answers.values_list(
        "case_file__visit_id", "question_id", "choices", "not_applicable"
    ).order_by():
        slot = figures.setdefault(
            (visit_id, question_id), {"answered": 0, "not_applicable": 0, "by_option": {}}
        )
        if not_applicable:
            slot["not_applicable"] += 1
        elif choices:
            slot["answered"] += 1
            for key in set(choices):
                slot["by_option"][key] = slot["by_option"].get(key, 0) + 1
    return figures


def visit_figures(visits) -> dict[tuple[int, int], dict]:
    """Each visit × choice question's figures: stored, or counted for visits without them.

    ``visits``: rows with ``pk`` and ``tallied`` (``learning.source.VisitRow``). Two queries.
    """
    tallied = [visit.pk for visit in visits if visit.tallied] or [0]
    untallied = [visit.pk for visit in visits if not visit.tallied]
    figures = {
        (visit_id, question_id): {"answered": a, "not_applicable": na, "by_option": by}
        for visit_id, question_id, a, na, by in ChoiceTally.objects.filter(
            visit_id__in=tallied
        ).values_list("visit_id", "question_id", "answered", "not_applicable", "by_option")
    }
    return figures | count_visit(untallied)


def choice_questions(tool_ids) -> tuple[list[tuple], dict[str, dict[str, str]]]:
    """The tools' choice questions in practice themes, newest version first, and the newest
    label of each option key by question key (two queries)."""
    tool_ids = sorted(tool_ids) or [0]
    questions = list(
        Question.objects.filter(
            tool_id__in=tool_ids,
            answer_kind__in=CHOICE_KINDS,
            theme__kind=Theme.Kind.PRACTICE,
        )
        .order_by("-tool__version", "theme__position", "position")
        .values_list("pk", "key", "text", "answer_kind", "theme__position", "position")
    )
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for key, option, label in (
        QuestionOption.objects.filter(question__tool_id__in=tool_ids)
        .order_by("question__tool__version", "position")
        .values_list("question__key", "key", "label")
    ):
        labels[key][option] = label
    for _pk, key, _text, kind, *_order in questions:
        if kind == Question.AnswerKind.YES_NO:
            labels[key] = {choice.key: choice.label for choice in YES_NO}
    return questions, labels


def choice_results(visits) -> list[ChoiceResult]:
    """The choice questions of the visits' tools, by stable key, in the newest tool's order.
    Four queries: stored figures, figures of visits without them, questions, options."""
    questions, labels = choice_questions({visit.tool_id for visit in visits})
    return _results(questions, visit_figures(visits), labels)


def _results(questions, figures, labels) -> list[ChoiceResult]:
    newest: dict[str, tuple] = {}
    ids_of: dict[str, list[int]] = defaultdict(list)
    for pk, key, text, kind, theme_position, position in questions:
        newest.setdefault(key, (text, kind, (theme_position, position)))
        ids_of[key].append(pk)
    results = []
    for key, (text, kind, _order) in sorted(newest.items(), key=lambda item: item[1][2]):
        ids = set(ids_of[key])
        cells = [value for (_v, question_id), value in figures.items() if question_id in ids]
        counted = [cell for cell in cells if cell["answered"] >= SUPPRESSION_THRESHOLD]
        answered = sum(cell["answered"] for cell in counted)
        chosen: dict[str, int] = defaultdict(int)
        for cell in counted:
            for option, n in cell["by_option"].items():
                chosen[option] += n
        names = labels.get(key, {})
        results.append(
            ChoiceResult(
                key=key,
                text=text,
                kind=kind,
                visits=len(counted),
                suppressed_visits=len(cells) - len(counted),
                answered=answered,
                options=tuple(
                    OptionShare(option, label, chosen[option], percent(chosen[option], answered))
                    for option, label in names.items()
                ),
            )
        )
    return results
