"""The report's results for questions that are not rated on a scale, per answer kind.

- One choice and yes/no: how many cases gave each answer, as a share of those that answered.
- Tick all that apply: how many cases ticked each option (a case may tick several, so the
  shares do not add up to 100%).
- A whole number: the median and the range.
- A date: how many were recorded; dates are not charted.
- Free text is never in the report: it is what an auditor wrote about one case.

Not applicable answers are counted apart and left out of the shares. Only practice themes'
questions are read, as for rated ones. Three queries: questions, their options, answers.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass

from audits.counting import percent
from audits.models import Answer, Question, QuestionOption, Theme, Visit
from audits.models.options import YES_NO, Choice

K = Question.AnswerKind
# Kinds whose results the report shows; free text is left out on purpose (see above).
REPORTED_KINDS = (K.SINGLE, K.MULTIPLE, K.YES_NO, K.NUMBER, K.DATE)


@dataclass(frozen=True)
class OptionCount:
    key: str
    label: str
    count: int
    percent: int | None  # of the cases that answered (not applicable left out)


@dataclass(frozen=True)
class KindResult:
    """One question's answers across the visit's cases, in the way its kind allows."""

    key: str
    number: str  # "3.4": theme 3, its fourth question of any kind
    text: str
    kind: str
    theme_id: int
    answered: int  # cases with an answer, not applicable left out
    not_applicable: int = 0
    options: tuple[OptionCount, ...] = ()
    median: float | int | None = None
    lowest: int | None = None
    highest: int | None = None

    @property
    def is_choice(self) -> bool:
        return self.kind in (K.SINGLE, K.YES_NO)

    @property
    def is_multiple(self) -> bool:
        return self.kind == K.MULTIPLE

    @property
    def summary(self) -> str:
        """The result in one sentence, for the caption of its table or in place of one."""
        cases = f"{self.answered} case{'' if self.answered == 1 else 's'}"
        na = f"; not applicable to {self.not_applicable}" if self.not_applicable else ""
        if self.kind == K.NUMBER:
            if self.median is None:
                return f"No numbers recorded yet{na}."
            if self.lowest == self.highest:
                return f"{self.median} in each of {cases}{na}."
            return f"Median {self.median}, range {self.lowest} to {self.highest} ({cases}){na}."
        if self.kind == K.DATE:
            return f"A date recorded for {cases}{na}; dates are not charted."
        if self.is_multiple:
            return f"{cases} answered; a case may tick more than one{na}."
        return f"{cases} answered{na}."


def _median(values: list[int]) -> float | int | None:
    if not values:
        return None
    middle = statistics.median(values)
    return int(middle) if float(middle).is_integer() else round(middle, 1)


def read_kind_results(visit: Visit) -> dict[int, tuple[KindResult, ...]]:
    """Each practice theme's results for its questions of the reported kinds, by theme id.
    Always three queries, whatever the tool: questions, options, answers."""
    practice = {"tool_id": visit.tool_id, "theme__kind": Theme.Kind.PRACTICE}
    every = list(
        Question.objects.filter(**practice).order_by(
            "theme__position", "theme__pk", "position", "pk"
        )
    )
    options: dict[int, list[Choice]] = defaultdict(list)
    for question_id, key, label, none in QuestionOption.objects.filter(
        **{f"question__{name}": value for name, value in practice.items()}
    ).values_list("question_id", "key", "label", "none_of_these"):
        options[question_id].append(Choice(key, label, none))
    numbers, theme_numbers, within = {}, {}, defaultdict(int)
    for question in every:
        theme_number = theme_numbers.setdefault(question.theme_id, len(theme_numbers) + 1)
        within[question.theme_id] += 1
        numbers[question.pk] = f"{theme_number}.{within[question.theme_id]}"
    questions = [question for question in every if question.answer_kind in REPORTED_KINDS]
    answers: dict[int, list[tuple]] = defaultdict(list)
    for question_id, *values in Answer.objects.filter(
        case_file__visit=visit, question_id__in=[question.pk for question in questions] or [0]
    ).values_list("question_id", "choices", "number", "date", "not_applicable"):
        answers[question_id].append(values)
    results: dict[int, list[KindResult]] = defaultdict(list)
    for question in questions:
        choices = list(YES_NO) if question.answer_kind == K.YES_NO else options[question.pk]
        results[question.theme_id].append(
            _result(question, numbers[question.pk], answers[question.pk], choices)
        )
    return {theme_id: tuple(found) for theme_id, found in results.items()}


def _result(
    question: Question, number: str, rows: list[tuple], choices: list[Choice]
) -> KindResult:
    not_applicable = sum(1 for _c, _n, _d, na in rows if na)
    given = [row for row in rows if not row[3]]
    base = {
        "key": question.key,
        "number": number,
        "text": question.text,
        "kind": question.answer_kind,
        "theme_id": question.theme_id,
        "not_applicable": not_applicable,
    }
    if question.answer_kind == K.NUMBER:
        values = [n for _c, n, _d, _na in given if n is not None]
        return KindResult(
            **base,
            answered=len(values),
            median=_median(values),
            lowest=min(values, default=None),
            highest=max(values, default=None),
        )
    if question.answer_kind == K.DATE:
        return KindResult(**base, answered=sum(1 for _c, _n, d, _na in given if d is not None))
    chosen = [choices for choices, _n, _d, _na in given if choices]
    counts: dict[str, int] = defaultdict(int)
    for keys in chosen:
        for key in set(keys):
            counts[key] += 1
    return KindResult(
        **base,
        answered=len(chosen),
        options=tuple(
            OptionCount(
                choice.key,
                choice.label,
                counts[choice.key],
                percent(counts[choice.key], len(chosen)),
            )
            for choice in choices
        ),
    )
