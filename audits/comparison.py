"""A council's audit against its last one: how the results moved since the previous issued
audit of the same council, theme by theme and question by question.

- **The previous audit** is the latest visit to the same council, issued (or closed), whose
  first day on site was before this one's.
- **Matching.** Questions are matched by their stable key, themes by the theme the question
  is in now. Only questions both tool versions ask are compared; the others are listed as
  questions that could not be. A theme's figures are worked out from its shared questions
  only, at both audits, so a question added or removed does not move them.
- **Figures** are ``audits.counting``'s: the share of counted answers that were Met (Not
  applicable leaves the denominator), the answers by category, the team's judgement of the
  theme, and the share of cases whose agreed judgement was Good or better.
- **Small numbers.** A figure built from fewer than ``SUPPRESSION_THRESHOLD`` cases is
  suppressed (regional learning's rule), and no movement is worked out from it.
- **The plan.** Where the previous audit's improvement plan stood at the end of
  this visit's first day on site.

``compare(visit)`` reads it all in ``COMPARISON_QUERIES`` queries when there is a previous
audit (one when there is none), whatever the size of either.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from .counting import (
    CATEGORIES,
    SUPPRESSED,
    CategoryCounts,
    ShareMet,
    categorise,
    is_suppressed,
    percent,
)
from .models import (
    Answer,
    CaseJudgement,
    Question,
    RatingLevel,
    RatingScale,
    Theme,
    ThemeFinding,
    Visit,
)
from .models.improvement import PLAN_FROM
from .services.improvement import PlanStanding, plan_standing

# previous visit; for each visit: questions, levels, answers, judgements, theme findings;
# the previous plan's actions and their updates (none when it has no actions), and its
# recommendations.
COMPARISON_QUERIES = 14
GOOD_OR_BETTER_SCORE = 3
CATEGORY_LABELS = {
    "met": "Met",
    "partly": "Partly met",
    "not_met": "Not met",
    "not_evidenced": "Not evidenced",
    "not_applicable": "Not applicable",
}


@dataclass(frozen=True)
class Figure(ShareMet):
    """One theme's or question's answers at one audit, and how many cases they came from."""

    cases: int
    counts: CategoryCounts

    @property
    def spread(self) -> str:
        """The answers by category: "Met 5, Partly met 2, Not met 1"; nothing when suppressed."""
        if self.suppressed:
            return SUPPRESSED
        counted = [(CATEGORY_LABELS[c], getattr(self.counts, c)) for c in CATEGORIES]
        return ", ".join(f"{label} {n}" for label, n in counted if n) or "No answers"

    @property
    def summary(self) -> str:
        """The share and the spread in one: "60% (Met 9, Not met 6)", or "suppressed"."""
        return SUPPRESSED if self.suppressed else f"{self.text} ({self.spread})"


def movement(before: Figure | None, now: Figure | None) -> int | None:
    """Percentage points from ``before`` to ``now``; None where either is missing or small."""
    if before is None or now is None or before.met_percent is None or now.met_percent is None:
        return None
    return now.met_percent - before.met_percent


def movement_text(points: int | None) -> str:
    if points is None:
        return "not compared"
    if points == 0:
        return "no change"
    return f"{'up' if points > 0 else 'down'} {abs(points)} point{'s' if abs(points) != 1 else ''}"


@dataclass(frozen=True)
class QuestionMovement:
    key: str
    number: str  # as numbered in this audit's tool: "3.2"
    text: str
    before: Figure
    now: Figure

    @property
    def change(self) -> int | None:
        return movement(self.before, self.now)

    @property
    def change_text(self) -> str:
        return movement_text(self.change)


@dataclass(frozen=True)
class ThemeMovement:
    key: str
    number: int
    title: str
    before: Figure
    now: Figure
    judgement_before: str | None
    judgement_now: str | None
    questions: tuple[QuestionMovement, ...]

    @property
    def change(self) -> int | None:
        return movement(self.before, self.now)

    @property
    def change_text(self) -> str:
        return movement_text(self.change)


@dataclass(frozen=True)
class Judgements:
    """Cases by agreed judgement at one audit: the share Good or better, and the spread."""

    cases: int
    good: int
    by_level: tuple[tuple[str, int], ...]

    @property
    def suppressed(self) -> bool:
        return is_suppressed(self.cases)

    @property
    def good_percent(self) -> int | None:
        return None if self.suppressed else percent(self.good, self.cases)

    @property
    def text(self) -> str:
        if self.suppressed:
            return SUPPRESSED
        found = self.good_percent
        return "–" if found is None else f"{found}%"

    @property
    def spread(self) -> str:
        if self.suppressed:
            return SUPPRESSED
        return ", ".join(f"{label} {n}" for label, n in self.by_level if n) or "None yet"


@dataclass(frozen=True)
class Comparison:
    previous_visit_id: int
    previous_first_day: datetime.date
    first_day: datetime.date
    tool: str  # "West Midlands case file audit, version 2"
    previous_tool: str
    themes: tuple[ThemeMovement, ...]
    judgements_before: Judgements
    judgements_now: Judgements
    compared: int  # questions compared by key
    not_compared: tuple[str, ...]  # "3.4 Question text (new in this version)"
    no_longer_asked: tuple[str, ...]
    plan: PlanStanding

    @property
    def judgement_change_text(self) -> str:
        before, now = self.judgements_before.good_percent, self.judgements_now.good_percent
        return movement_text(None if before is None or now is None else now - before)

    @property
    def method(self) -> str:
        """The sentence the report's method gives on what was compared."""
        same = self.tool == self.previous_tool
        versions = (
            f"Both audits used {self.tool}."
            if same
            else f"This audit used {self.tool}; the last, in "
            f"{self.previous_first_day:%B %Y}, used {self.previous_tool}."
        )
        missing = len(self.not_compared) + len(self.no_longer_asked)
        could_not = (
            "every question could be compared"
            if not missing
            else f"{missing} question{'s' if missing != 1 else ''} could not be, because only "
            "one of the two versions asks it (listed under Since the last audit)"
        )
        return (
            f"{versions} {self.compared} question{'s' if self.compared != 1 else ''} were "
            f"compared by their key, and {could_not}. Figures built from fewer than five "
            "cases are suppressed and not compared."
        )


# --- Reading ---------------------------------------------------------------------------------


def previous_audit(visit: Visit) -> Visit | None:
    """The latest issued (or closed) audit of the same council before this one (one query)."""
    return (
        Visit.objects.filter(host_id=visit.host_id, status__in=PLAN_FROM)
        .filter(first_day__lt=visit.first_day)
        .select_related("tool")
        .order_by("-first_day", "-pk")
        .first()
    )


@dataclass
class _Audit:
    """One visit's results as the comparison reads them (five queries)."""

    questions: dict[str, Question]  # rated questions by key, in the tool's order
    numbers: dict[str, str]  # by key: "3.2"
    counts: dict[str, dict[int, int]]  # by question key: {level id: answers}
    cases: dict[str, set[int]]  # by question key: the cases that answered it
    categories: dict[int, str]  # by level id
    judgements: Judgements
    theme_judgements: dict[str, str]  # by theme key: the team's judgement


def _read(visit: Visit) -> _Audit:
    questions = list(
        # Only practice themes are compared: a context section (the case profile) is not judged.
        Question.objects.filter(
            tool_id=visit.tool_id,
            answer_kind=Question.AnswerKind.SCALE,
            theme__kind=Theme.Kind.PRACTICE,
        )
        .select_related("theme")
        .order_by("theme__position", "theme__pk", "position", "pk")
    )
    levels = list(RatingLevel.objects.filter(scale__tool_id=visit.tool_id).select_related("scale"))
    counts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    cases: dict[str, set[int]] = defaultdict(set)
    answers = (
        Answer.objects.filter(case_file__visit=visit, level__isnull=False)
        .order_by()
        .values_list("question__key", "case_file_id", "level_id")
    )
    for key, case_id, level_id in answers:
        counts[key][level_id] += 1
        cases[key].add(case_id)
    findings = ThemeFinding.objects.filter(visit=visit, level__isnull=False).values_list(
        "theme__key", "level__label"
    )
    return _Audit(
        questions={q.key: q for q in questions},
        numbers=_numbers(questions),
        counts=counts,
        cases=cases,
        categories=categorise(levels),
        judgements=_judgements(visit, levels),
        theme_judgements=dict(findings),
    )


def _numbers(questions: list[Question]) -> dict[str, str]:
    numbers, themes, within = {}, {}, defaultdict(int)
    for question in questions:
        theme = themes.setdefault(question.theme_id, len(themes) + 1)
        within[theme] += 1
        numbers[question.key] = f"{theme}.{within[theme]}"
    return numbers


def _judgements(visit: Visit, levels: list[RatingLevel]) -> Judgements:
    scale = [level for level in levels if level.scale.purpose == RatingScale.Purpose.JUDGEMENT]
    agreed = (
        CaseJudgement.objects.with_agreed_level()
        .filter(case_file__visit=visit, agreed_level_id__isnull=False)
        .values_list("agreed_level_id", flat=True)
    )
    by_id: dict[int, int] = defaultdict(int)
    for level_id in agreed:
        by_id[level_id] += 1
    scale.sort(key=lambda level: -level.score)
    return Judgements(
        cases=sum(by_id.values()),
        good=sum(by_id[level.pk] for level in scale if level.score >= GOOD_OR_BETTER_SCORE),
        by_level=tuple((level.label, by_id[level.pk]) for level in scale),
    )


def _figure(audit: _Audit, keys: list[str]) -> Figure:
    total, cases = CategoryCounts(), set()
    for key in keys:
        total.add(CategoryCounts.of(audit.counts.get(key, {}), audit.categories))
        cases |= audit.cases.get(key, set())
    return Figure(cases=len(cases), counts=total)


# --- Comparing -------------------------------------------------------------------------------


def compare(visit: Visit) -> Comparison | None:
    """``visit`` against the council's previous issued audit, or None when there is none."""
    previous = previous_audit(visit)
    if previous is None:
        return None
    now, before = _read(visit), _read(previous)
    shared = [key for key in now.questions if key in before.questions]
    return Comparison(
        previous_visit_id=previous.pk,
        previous_first_day=previous.first_day,
        first_day=visit.first_day,
        tool=_tool_name(visit),
        previous_tool=_tool_name(previous),
        themes=_themes(now, before, shared),
        judgements_before=before.judgements,
        judgements_now=now.judgements,
        compared=len(shared),
        not_compared=tuple(
            f"{now.numbers[key]} {q.text} (new in this version)"
            for key, q in now.questions.items()
            if key not in before.questions
        ),
        no_longer_asked=tuple(
            f"{q.text} (asked last time, not in this version)"
            for key, q in before.questions.items()
            if key not in now.questions
        ),
        plan=plan_standing(previous, visit.first_day),
    )


def _tool_name(visit: Visit) -> str:
    return f"{visit.tool.name}, version {visit.tool.version}"


def _themes(now: _Audit, before: _Audit, shared: list[str]) -> tuple[ThemeMovement, ...]:
    by_theme: dict[int, list[str]] = defaultdict(list)
    for key in shared:
        by_theme[now.questions[key].theme_id].append(key)
    movements = []
    for keys in by_theme.values():
        theme = now.questions[keys[0]].theme
        movements.append(
            ThemeMovement(
                key=theme.key,
                number=int(now.numbers[keys[0]].split(".")[0]),
                title=theme.title,
                before=_figure(before, keys),
                now=_figure(now, keys),
                judgement_before=before.theme_judgements.get(theme.key),
                judgement_now=now.theme_judgements.get(theme.key),
                questions=tuple(
                    QuestionMovement(
                        key=key,
                        number=now.numbers[key],
                        text=now.questions[key].text,
                        before=_figure(before, [key]),
                        now=_figure(now, [key]),
                    )
                    for key in keys
                ),
            )
        )
    return tuple(sorted(movements, key=lambda m: m.number))
