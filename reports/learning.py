"""Regional learning: what the region's issued audits show, theme by theme, year by year.

Every figure is counted by the database in grouped queries (one row per visit and theme, or
per visit and question, never one per answer), and the number of queries does not depend on
how many councils or years there are.

The rules the pages state:

- Only visits whose report is issued (or closed afterwards) are read.
- A theme's result at a visit is the **share of applicable answers that were Met** for that
  theme's questions. Applicable answers are Met, Partly met, Not met and Not evidenced on file;
  Not applicable leaves the denominator.
- A **shortfall** is an applicable answer that was Not met or Not evidenced on file.
- A theme or question **falls short at a visit** when fewer than 63% of its applicable answers
  were Met, which is below the band CQC calls good (63–87%). Recurrence is the share of visits
  at which it fell short, counting only visits with at least five cases behind the figure.
- A cell built from fewer than five cases is suppressed, and it is left out of every total
  (a year's trend, a recurrence count, the rest of the region) so that it cannot be worked
  out by subtraction.
- The overall row comes from the cases' agreed judgements (the moderated one where there is
  one): the share judged Good or Outstanding.
- Good practice to share is the strengths of the teams' theme findings that the team marked
  as shareable. Areas for development recur by theme: the number of visits at which the team
  wrote one under that theme; their text appears only where the finding is marked shareable.
  Nothing an auditor wrote about a single case appears.
- Across tool versions, themes are matched by theme key and questions by question key. When
  the visits used different versions, theme figures use only the questions every version
  shares; a question asked in only some versions is ranked over the visits that asked it.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual, LessThan

from auditportal import access
from audits.models import (
    Answer,
    AuditTool,
    CaseFile,
    CaseJudgement,
    Question,
    RatingLevel,
    Theme,
    ThemeFinding,
)

from . import tallies
from .anonymity import SUPPRESSION_THRESHOLD, CouncilLabels, is_suppressed, label_councils
from .models_learning import LearningVisit, QuestionTally, ThemeTally

# Below CQC's "good" band (63–87%): a theme or question falls short at that visit.
FALLS_SHORT_BELOW = 0.63
# The same, in whole percent, so that Python and the database compare integers alike.
FALLS_SHORT_PERCENT = 63
# Judgement scores of Good (3) and Outstanding (4).
GOOD_OR_BETTER_SCORE = 3
HOTSPOT_COUNT = 10
CATEGORIES = ("met", "partly", "not_met", "not_evidenced", "not_applicable")
CATEGORY_LABELS = {
    "met": "Met",
    "partly": "Partly met",
    "not_met": "Not met",
    "not_evidenced": "Not evidenced on file",
    "not_applicable": "Not applicable",
}


def percent(share: float | None) -> str:
    return "" if share is None else f"{round(share * 100)}%"


def band_tag(share: float | None) -> str:
    """A GOV.UK tag colour for CQC's bands (shown with the number, never instead of it)."""
    if share is None:
        return "govuk-tag--grey"
    if share >= 0.88:
        return "govuk-tag--green"
    if share >= 0.63:
        return "govuk-tag--turquoise"
    if share >= 0.39:
        return "govuk-tag--yellow"
    return "govuk-tag--red"


# --- counted cells --------------------------------------------------------------------------


@dataclass
class Counts:
    """Answers on a question scale, by category, and how many cases they came from."""

    met: int = 0
    partly: int = 0
    not_met: int = 0
    not_evidenced: int = 0
    not_applicable: int = 0
    cases: int = 0

    def add(self, other: Counts) -> Counts:
        # Spelled out: this runs once per visit and question when ranking recurrence.
        self.met += other.met
        self.partly += other.partly
        self.not_met += other.not_met
        self.not_evidenced += other.not_evidenced
        self.not_applicable += other.not_applicable
        self.cases += other.cases
        return self

    @property
    def applicable(self) -> int:
        return self.met + self.partly + self.not_met + self.not_evidenced

    @property
    def shortfall(self) -> int:
        return self.not_met + self.not_evidenced

    @property
    def suppressed(self) -> bool:
        return is_suppressed(self.cases)

    @property
    def share_met(self) -> float | None:
        if self.suppressed or not self.applicable:
            return None
        return self.met / self.applicable

    @property
    def shortfall_share(self) -> float | None:
        if self.suppressed or not self.applicable:
            return None
        return self.shortfall / self.applicable

    @property
    def falls_short(self) -> bool | None:
        if self.share_met is None:
            return None
        return self.met * 100 < FALLS_SHORT_PERCENT * self.applicable

    @property
    def distribution(self) -> list[tuple[str, int]]:
        return [(CATEGORY_LABELS[name], getattr(self, name)) for name in CATEGORIES]

    @property
    def text(self) -> str:
        return "suppressed" if self.suppressed else percent(self.share_met)

    @property
    def tag(self) -> str:
        return band_tag(self.share_met)

    @property
    def shortfall_text(self) -> str:
        return "suppressed" if self.suppressed else percent(self.shortfall_share)


@dataclass
class Judgements:
    """Cases' agreed judgements by score (4 Outstanding … 1 Inadequate)."""

    by_score: dict[int, int] = field(default_factory=dict)

    def add(self, other: Judgements) -> Judgements:
        for score, n in other.by_score.items():
            self.by_score[score] = self.by_score.get(score, 0) + n
        return self

    @property
    def cases(self) -> int:
        return sum(self.by_score.values())

    @property
    def suppressed(self) -> bool:
        return is_suppressed(self.cases)

    @property
    def share_good(self) -> float | None:
        if self.suppressed:
            return None
        good = sum(n for score, n in self.by_score.items() if score >= GOOD_OR_BETTER_SCORE)
        return good / self.cases

    @property
    def text(self) -> str:
        return "suppressed" if self.suppressed else percent(self.share_good)

    @property
    def tag(self) -> str:
        return band_tag(self.share_good)


# --- the filtered visits and the tool versions they used ------------------------------------


@dataclass(frozen=True)
class Filters:
    year_from: int | None = None
    year_to: int | None = None
    tool_id: int | None = None


@dataclass(frozen=True)
class VisitRow:
    pk: int
    host_id: int
    host_name: str
    first_day: datetime.date
    tool_id: int

    @property
    def year(self) -> int:
        return self.first_day.year


@dataclass(frozen=True)
class ThemeInfo:
    key: str
    title: str
    position: int


@dataclass(frozen=True)
class QuestionInfo:
    key: str
    text: str
    theme_key: str
    position: tuple[int, int]


@dataclass
class Options:
    """What the filters offer: the years with issued visits and the tool versions used."""

    years: list[int]
    tools: list[AuditTool]


def visible_visits(user):
    return access.visible(user, LearningVisit)


def options_for(user) -> Options:
    visits = visible_visits(user)
    years = [day.year for day in visits.dates("first_day", "year")]  # query: years
    tools = list(  # query: tool versions used
        AuditTool.objects.filter(pk__in=visits.values("tool_id")).order_by("name", "version")
    )
    return Options(years=years, tools=tools)


def resolve(filters: Filters, options: Options) -> Filters:
    """Fill an open year range from the years that have issued visits."""
    if not options.years:
        return filters
    return Filters(
        year_from=filters.year_from or options.years[0],
        year_to=filters.year_to or options.years[-1],
        tool_id=filters.tool_id,
    )


def filtered_visits(user, filters: Filters):
    visits = visible_visits(user)
    if filters.year_from:
        visits = visits.filter(first_day__year__gte=filters.year_from)
    if filters.year_to:
        visits = visits.filter(first_day__year__lte=filters.year_to)
    if filters.tool_id:
        visits = visits.filter(tool_id=filters.tool_id)
    return visits


def scope_of(user, filters: Filters) -> str:
    """What the letters are dealt for: the region, the year range and the tool filter."""
    return f"{user.region_id}|{filters.year_from}-{filters.year_to}|{filters.tool_id or 'all'}"


@dataclass
class Source:
    """The filtered visits, with the themes, questions and levels of the versions they used."""

    visits: list[VisitRow]
    tools: list[dict]
    themes: list[ThemeInfo]
    questions: dict[str, QuestionInfo]
    common_keys: set[str] | None  # None when one version: every question counts
    level_category: dict[int, str]
    judgement_score: dict[int, int]
    dropped_keys: set[str] = field(default_factory=set)
    level_labels: dict[int, tuple[int, str]] = field(default_factory=dict)  # position, label
    theme_titles: dict[str, tuple[int, str]] = field(default_factory=dict)  # every theme key
    question_ids: dict[int, tuple[str, str]] = field(default_factory=dict)  # key, theme key
    theme_ids: dict[int, str] = field(default_factory=dict)  # theme pk → theme key

    @property
    def versions_differ(self) -> bool:
        return len(self.tools) > 1

    def category_ids(self, category: str) -> list[int]:
        return [pk for pk, name in self.level_category.items() if name == category]

    def applicable_ids(self) -> list[int]:
        return [pk for pk, name in self.level_category.items() if name != "not_applicable"]


def load_source(visit_queryset) -> Source:
    """Four small queries: the visits, then the themes, questions and levels of their tools."""
    rows = visit_queryset.order_by("first_day", "pk").values_list(
        "pk", "host_id", "host__name", "first_day", "tool_id"
    )
    visits = [VisitRow(*row) for row in rows]  # query: visits
    tool_ids = sorted({visit.tool_id for visit in visits})
    if not visits:
        return Source([], [], [], {}, None, {}, {})
    theme_rows = Theme.objects.filter(tool_id__in=tool_ids).values_list(  # query: themes
        "key", "title", "position", "tool__version", "tool__name", "tool_id", "pk"
    )
    question_rows = Question.objects.filter(  # query: rated questions
        tool_id__in=tool_ids, answer_kind=Question.AnswerKind.SCALE
    ).values_list(
        "key", "text", "theme__key", "theme__position", "position", "tool__version", "tool_id", "pk"
    )
    level_rows = RatingLevel.objects.filter(scale__tool_id__in=tool_ids).values_list(  # levels
        "pk",
        "scale_id",
        "scale__purpose",
        "score",
        "is_not_applicable",
        "is_not_evidenced",
        "position",
        "label",
    )

    tools: dict[int, dict] = {}
    latest_theme: dict[str, tuple] = {}
    theme_ids = {}
    for key, title, position, version, name, tool_id, pk in theme_rows:
        theme_ids[pk] = key
        tools[tool_id] = {"pk": tool_id, "name": name, "version": version}
        if key not in latest_theme or version >= latest_theme[key][2]:
            latest_theme[key] = (title, position, version)

    latest_question: dict[str, tuple] = {}
    tools_of_key: dict[str, set[int]] = defaultdict(set)
    question_ids = {}
    for key, text, theme_key, theme_pos, position, version, tool_id, pk in question_rows:
        question_ids[pk] = (key, theme_key)
        tools_of_key[key].add(tool_id)
        if key not in latest_question or version >= latest_question[key][-1]:
            latest_question[key] = (text, theme_key, (theme_pos, position), version)
    questions = {
        key: QuestionInfo(key, text, theme_key, pos)
        for key, (text, theme_key, pos, _v) in latest_question.items()
    }
    common_keys = dropped = None
    if len(tool_ids) > 1:
        common_keys = {k for k, used in tools_of_key.items() if len(used) == len(tool_ids)}
        dropped = set(questions) - common_keys
    rated_theme_keys = {
        q.theme_key for q in questions.values() if common_keys is None or q.key in common_keys
    }
    themes = sorted(
        (ThemeInfo(key, title, pos) for key, (title, pos, _v) in latest_theme.items()),
        key=lambda t: (t.position, t.key),
    )
    themes = [theme for theme in themes if theme.key in rated_theme_keys]

    level_rows = list(level_rows)
    level_category, judgement_score = _categorise(row[:6] for row in level_rows)
    return Source(
        visits=visits,
        tools=sorted(tools.values(), key=lambda t: (t["name"], t["version"])),
        themes=themes,
        questions=questions,
        common_keys=common_keys,
        level_category=level_category,
        judgement_score=judgement_score,
        dropped_keys=dropped or set(),
        level_labels={row[0]: (row[6], row[7]) for row in level_rows},
        theme_titles={key: (pos, title) for key, (title, pos, _v) in latest_theme.items()},
        question_ids=question_ids,
        theme_ids=theme_ids,
    )


def _categorise(level_rows) -> tuple[dict[int, str], dict[int, int]]:
    """Sort each question scale's levels into categories by their flags and scores.

    The highest-scoring ordinary level is Met and the lowest is Not met; any between are
    Partly met. The flags mark Not applicable and Not evidenced on file.
    """
    by_scale: dict[int, list[tuple[int, int]]] = defaultdict(list)
    category: dict[int, str] = {}
    judgement: dict[int, int] = {}
    for pk, scale_id, purpose, score, not_applicable, not_evidenced in level_rows:
        if purpose == "judgement":
            judgement[pk] = score
        elif not_applicable:
            category[pk] = "not_applicable"
        elif not_evidenced:
            category[pk] = "not_evidenced"
        else:
            by_scale[scale_id].append((score, pk))
    for levels in by_scale.values():
        levels.sort()
        for index, (_score, pk) in enumerate(levels):
            if index == len(levels) - 1:
                category[pk] = "met"
            elif index == 0:
                category[pk] = "not_met"
            else:
                category[pk] = "partly"
    return category, judgement


# --- the grouped counting queries ------------------------------------------------------------


def visit_answers(visit_queryset):
    """The answers of the visits, reached through their case files.

    Only the case-file index is given to the database: a condition on the level in WHERE
    lets SQLite walk the level index over every region's answers, and one on the question
    makes it seek each case × question pair. Levels are sorted out when counting.
    """
    return Answer.objects.filter(
        case_file__in=CaseFile.objects.filter(visit__in=visit_queryset.values("pk")).values("pk")
    )


@dataclass
class Totals:
    """A theme's or question's cells across visits, suppressed cells left out of everything:
    at how many visits it could be judged, at how many it fell short, and the pooled answers."""

    assessed: int = 0
    short: int = 0
    pooled: Counts = field(default_factory=Counts)

    def add_cell(self, counts: Counts) -> None:
        if is_suppressed(counts.cases):
            return  # a suppressed cell is never counted into a total either
        self.pooled.add(counts)
        applicable = counts.met + counts.partly + counts.not_met + counts.not_evidenced
        if applicable:  # counts.falls_short, inlined: this runs per visit and question
            self.assessed += 1
            self.short += counts.met * 100 < FALLS_SHORT_PERCENT * applicable


@dataclass
class AnswerCounts:
    """What the answers add up to: per visit and theme, per question across the visits, and
    (for the exports) per visit, question and level."""

    by_question: dict[tuple[int, str], Counts]
    by_theme: dict[tuple[int, str], Counts]
    by_theme_level: dict[tuple[int, str], dict[int, int]]
    question_totals: dict[str, Totals] = field(default_factory=dict)


def count_answers(
    source: Source,
    visit_queryset,
    *,
    common_only: bool = True,
    with_levels: bool = False,
    questions: bool = True,
) -> AnswerCounts:
    """Two grouped queries: answers per visit × question by category, and the distinct cases
    with an applicable answer per visit × theme (the figure that small-number suppression reads).

    Each reads the counts stored for issued visits (``reports.tallies``) and, in the same query,
    counts the answers of any visit without them. With ``with_levels`` (the exports, which give
    every level of the scale) the answers are counted per level instead.

    With ``common_only``, when the visits used different versions, theme figures count only
    the questions that every version shares, so that themes compare like with like; question
    figures always count every question, each over the visits that asked it.
    """
    in_themes = {
        pk
        for pk, (key, _theme) in source.question_ids.items()
        if not common_only or source.common_keys is None or key in source.common_keys
    }
    if with_levels:
        return _count_answers_by_level(source, visit_queryset, in_themes)
    every_question = len(in_themes) == len(source.question_ids)
    stored = QuestionTally.objects.filter(visit__in=visit_queryset.values("pk"))
    untallied = visit_answers(tallies.untallied(visit_queryset))
    in_theme_stored = stored if every_question else stored.filter(question_id__in=in_themes)
    in_theme_live = untallied if every_question else untallied.filter(question_id__in=in_themes)
    theme_rows = (  # query: answers per visit × theme by category, stored or counted
        in_theme_stored.values_list("visit_id", "question__theme_id")
        .annotate(**{f"sum_{name}": Sum(name) for name in tallies.CATEGORIES})
        .order_by()
        .union(
            tallies.category_counts(in_theme_live, source.level_category, per="question__theme_id"),
            all=True,
        )
    )
    by_theme: dict[tuple[int, str], Counts] = {}
    for visit_id, theme_id, *values in theme_rows:
        if any(values):  # a theme with no rated answer at this visit has no cell
            by_theme[(visit_id, source.theme_ids.get(theme_id))] = Counts(*values)

    if every_question:
        cases = (  # query: distinct cases with an applicable answer per visit × theme
            ThemeTally.objects.filter(visit__in=visit_queryset.values("pk"), cases__gt=0)
            .values_list("visit_id", "theme_id", "cases")
            .order_by()
            .union(_cases_per_theme(source, untallied, in_themes), all=True)
        )
    else:
        # Stored case counts cover every question of a theme; these count only shared ones.
        cases = _cases_per_theme(source, visit_answers(visit_queryset), in_themes)
    for visit_id, theme_id, n in cases:
        place = (visit_id, source.theme_ids.get(theme_id))
        if place in by_theme:
            by_theme[place].cases = n

    if not questions:
        return AnswerCounts({}, by_theme, {})
    # Each question across the visits, counted by the database from the stored counts: a
    # question cell's cases are its applicable answers (one answer per case).
    applicable = F("met") + F("partly") + F("not_met") + F("not_evidenced")
    shown = GreaterThanOrEqual(applicable, SUPPRESSION_THRESHOLD)
    short = LessThan(F("met") * 100, applicable * FALLS_SHORT_PERCENT)
    question_rows = (  # query: stored counts per question across visits, suppressed cells out
        stored.values_list("question_id")
        .annotate(
            assessed=Count("pk", filter=Q(shown)),
            short=Count("pk", filter=Q(shown, short)),
            **{f"sum_{name}": Sum(name, filter=Q(shown), default=0) for name in tallies.CATEGORIES},
        )
        .order_by()
    )
    totals: dict[str, Totals] = defaultdict(Totals)
    question_ids = source.question_ids
    for question_id, assessed, n_short, *values in question_rows:
        if question_id not in question_ids:
            continue
        total = totals[question_ids[question_id][0]]
        total.assessed += assessed
        total.short += n_short
        total.pooled.add(Counts(*values))
    live_rows = tallies.category_counts(untallied, source.level_category)
    for _visit_id, question_id, *values in live_rows:  # query: visits without stored counts
        if question_id in question_ids and any(values):
            counts = Counts(*values)
            counts.cases = counts.applicable
            totals[question_ids[question_id][0]].add_cell(counts)
    for total in totals.values():
        total.pooled.cases = total.pooled.applicable
    return AnswerCounts({}, by_theme, {}, dict(totals))


def _cases_per_theme(source: Source, answers, in_themes: set[int]):
    if len(in_themes) < len(source.question_ids):
        answers = answers.filter(question_id__in=sorted(in_themes))
    # Grouped by theme id, an integer, rather than its key: a narrower sort.
    return (
        answers.values_list("case_file__visit_id", "question__theme_id")
        .annotate(
            cases=Count(
                "case_file_id",
                distinct=True,
                filter=Q(level_id__in=source.applicable_ids() or [-1]),
            )
        )
        .order_by()
    )


def _count_answers_by_level(source: Source, visit_queryset, in_themes: set[int]) -> AnswerCounts:
    """The answers themselves, per visit × question × level (for the exports)."""
    rows = (  # query: answers per visit × question × level
        visit_answers(visit_queryset)
        .values_list("case_file__visit_id", "question_id", "level_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # Plain lists while counting (one slot per category), Counts once at the end: this loop
    # meets one row per visit × question × level, tens of thousands at national scale.
    slot = {pk: CATEGORIES.index(name) for pk, name in source.level_category.items()}
    per_question: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0] * len(CATEGORIES))
    per_theme: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0] * len(CATEGORIES))
    by_theme_level: dict[tuple[int, str], dict[int, int]] = defaultdict(dict)
    question_ids = source.question_ids
    for visit_id, question_id, level_id, n in rows:
        index = slot.get(level_id)
        if index is None or question_id not in question_ids:  # unanswered, or free text
            continue
        key, theme_key = question_ids[question_id]
        per_question[(visit_id, key)][index] += n
        levels = by_theme_level[(visit_id, theme_key)]
        levels[level_id] = levels.get(level_id, 0) + n
        if question_id in in_themes:
            per_theme[(visit_id, theme_key)][index] += n
    by_question = {}
    for place, values in per_question.items():
        counts = by_question[place] = Counts(*values)
        counts.cases = counts.applicable  # one answer per case
    by_theme = {place: Counts(*values) for place, values in per_theme.items()}
    # query: distinct cases with an applicable answer per visit × theme
    for visit_id, theme_id, n in _cases_per_theme(source, visit_answers(visit_queryset), in_themes):
        place = (visit_id, source.theme_ids.get(theme_id))
        if place in by_theme:
            by_theme[place].cases = n
    totals: dict[str, Totals] = defaultdict(Totals)
    for (_visit_id, key), counts in by_question.items():
        totals[key].add_cell(counts)
    for total in totals.values():
        total.pooled.cases = total.pooled.applicable
    return AnswerCounts(by_question, by_theme, dict(by_theme_level), dict(totals))


def count_judgements_by_visit(source: Source, visit_queryset) -> dict[int, Judgements]:
    """One row per visit and agreed judgement level (the moderated one where there is one)."""
    rows = (
        CaseJudgement.objects.filter(case_file__visit__in=visit_queryset.values("pk"))
        .annotate(agreed=Coalesce("moderated_level_id", "level_id"))
        .filter(agreed__in=list(source.judgement_score))
        .values("case_file__visit_id", "agreed")
        .annotate(n=Count("pk"))
        .order_by()
    )
    judged: dict[int, Judgements] = defaultdict(Judgements)
    for row in rows:
        score = source.judgement_score[row["agreed"]]
        by_score = judged[row["case_file__visit_id"]].by_score
        by_score[score] = by_score.get(score, 0) + row["n"]
    return judged


# --- the dashboard's panels ------------------------------------------------------------------


@dataclass
class GridColumn:
    authority_id: int
    label: str
    is_own: bool
    year: int


@dataclass
class GridRow:
    title: str
    key: str
    cells: list  # Counts or Judgements, one per column
    is_overall: bool = False


@dataclass
class Recurrence:
    key: str
    title: str
    theme_title: str
    visits_assessed: int
    visits_short: int
    pooled: Counts

    @property
    def rate(self) -> float | None:
        return self.visits_short / self.visits_assessed if self.visits_assessed else None

    @property
    def rate_text(self) -> str:
        return percent(self.rate) if self.rate is not None else "too few cases"


@dataclass
class TrendPoint:
    year: int
    counts: Counts | Judgements

    @property
    def share(self) -> float | None:
        if isinstance(self.counts, Judgements):
            return self.counts.share_good
        return self.counts.share_met


@dataclass
class Trend:
    key: str
    title: str
    points: list[TrendPoint]
    summary: str = ""
    chart: str = ""


@dataclass
class SharedFinding:
    """A finding the team marked as good practice to share with the region."""

    theme_title: str
    council: str
    year: int
    strengths: str
    areas_for_development: str


@dataclass
class RecurringDevelopment:
    """A theme, and at how many visits the team wrote an area for development under it."""

    key: str
    title: str
    visits: int
    shared: list[SharedFinding] = field(default_factory=list)


@dataclass
class Dashboard:
    filters: Filters
    options: Options
    source: Source
    labels: CouncilLabels
    columns: list[GridColumn]
    grid: list[GridRow]
    recurring_themes: list[Recurrence]
    recurring_questions: list[Recurrence]
    trends: list[Trend]
    hotspots: list[Recurrence]
    years: list[int]
    recurrence_summary: str = ""
    recurrence_chart: str = ""
    good_practice: list[SharedFinding] = field(default_factory=list)
    development: list[RecurringDevelopment] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return bool(self.source.visits)

    @property
    def councils_count(self) -> int:
        return len(self.columns)

    @property
    def distribution_rows(self) -> list[dict]:
        """Each council's latest visit, theme by theme: the answers at each level."""
        return [
            {"council": column.label, "year": column.year, "theme": row.title, "counts": cell}
            for column_index, column in enumerate(self.columns)
            for row in self.grid
            if not row.is_overall
            for cell in [row.cells[column_index]]
        ]

    @property
    def judgement_levels(self) -> list[tuple[int, str]]:
        labels: dict[int, str] = {}
        for pk, score in sorted(self.source.judgement_score.items()):
            labels.setdefault(score, self.source.level_labels[pk][1])
        return sorted(labels.items(), reverse=True)

    @property
    def judgement_rows(self) -> list[dict]:
        overall = self.grid[-1].cells if self.grid else []
        scores = [score for score, _label in self.judgement_levels]
        return [
            {
                "council": column.label,
                "year": column.year,
                "judgements": judged,
                "counts": [judged.by_score.get(score, 0) for score in scores],
            }
            for column, judged in zip(self.columns, overall, strict=True)
        ]


def latest_visit_per_council(visits: list[VisitRow]) -> dict[int, VisitRow]:
    latest: dict[int, VisitRow] = {}
    for visit in visits:  # ordered by first day
        latest[visit.host_id] = visit
    return latest


def _totals(keys, per_visit, visits) -> dict[str, Totals]:
    totals = {}
    for key in keys:
        total = totals[key] = Totals()
        for visit in visits:
            counts = per_visit.get((visit.pk, key))
            if counts is not None:
                total.add_cell(counts)
    return totals


def _recurrence(keys_titles, totals: dict[str, Totals], theme_title_of) -> list[Recurrence]:
    ranked = []
    for key, title in keys_titles:
        total = totals.get(key)
        if total is not None and total.pooled.applicable:
            ranked.append(
                Recurrence(
                    key, title, theme_title_of(key), total.assessed, total.short, total.pooled
                )
            )
    ranked.sort(
        key=lambda r: (
            -(r.rate if r.rate is not None else -1),
            -(r.pooled.shortfall_share or 0),
            r.key,
        )
    )
    return ranked


def _trend_summary(title: str, points: list[TrendPoint], measure: str) -> str:
    shown = [p for p in points if p.share is not None]
    if not shown:
        return f"{title}: no year has enough cases to show."
    first, last = shown[0], shown[-1]
    if first is last:
        return (
            f"{title}: {percent(first.share)} {measure} in {first.year}; no other year to compare."
        )
    change = round(last.share * 100) - round(first.share * 100)
    if abs(change) < 5:
        low = min(round(p.share * 100) for p in shown)
        high = max(round(p.share * 100) for p in shown)
        return (
            f"{title}: about the same from {first.year} to {last.year}, "
            f"between {low}% and {high}% {measure}."
        )
    direction = "rose" if change > 0 else "fell"
    return (
        f"{title}: {direction} from {percent(first.share)} {measure} in {first.year} "
        f"to {percent(last.share)} in {last.year}."
    )


def build_dashboard(user, filters: Filters, *, options: Options | None = None) -> Dashboard:
    options = options or options_for(user)
    filters = resolve(filters, options)
    visit_queryset = filtered_visits(user, filters)
    source = load_source(visit_queryset)
    councils = {visit.host_id: visit.host_name for visit in source.visits}
    labels = label_councils(user, councils, scope=scope_of(user, filters))
    return assemble_dashboard(filters, options, visit_queryset, source, labels)


def assemble_dashboard(
    filters: Filters, options: Options, visit_queryset, source: Source, labels: CouncilLabels
) -> Dashboard:
    """The dashboard's panels for visits already chosen and councils already labelled."""
    from .learning_charts import bar_chart, line_chart

    if not source.visits:
        return Dashboard(filters, options, source, labels, [], [], [], [], [], [], [])

    counted = count_answers(source, visit_queryset)
    by_theme = counted.by_theme
    judged = count_judgements_by_visit(source, visit_queryset)

    latest = latest_visit_per_council(source.visits)
    columns = [
        GridColumn(pk, labels[pk], labels.is_own(pk), latest[pk].year) for pk in labels.order
    ]
    grid = [
        GridRow(
            theme.title,
            theme.key,
            [by_theme.get((latest[c.authority_id].pk, theme.key), Counts()) for c in columns],
        )
        for theme in source.themes
    ]
    grid.append(
        GridRow(
            "Overall: cases judged Good or Outstanding",
            "overall",
            [judged.get(latest[c.authority_id].pk, Judgements()) for c in columns],
            is_overall=True,
        )
    )

    theme_titles = {theme.key: theme.title for theme in source.themes}
    recurring_themes = _recurrence(
        [(t.key, t.title) for t in source.themes],
        _totals([t.key for t in source.themes], by_theme, source.visits),
        theme_titles.get,
    )
    question_keys = sorted(source.questions.values(), key=lambda q: q.position)
    all_theme_titles = _all_theme_titles(source)
    recurring_questions = _recurrence(
        [(q.key, q.text) for q in question_keys],
        counted.question_totals,
        lambda key: all_theme_titles.get(source.questions[key].theme_key, ""),
    )
    hotspots = sorted(
        (r for r in recurring_questions if r.pooled.shortfall_share is not None),
        key=lambda r: (-r.pooled.shortfall_share, -r.pooled.shortfall, r.key),
    )[:HOTSPOT_COUNT]

    years = list(range(filters.year_from, filters.year_to + 1))
    trends = []
    for theme in source.themes:
        points = _yearly(years, source.visits, lambda v, k=theme.key: by_theme.get((v.pk, k)))
        trends.append(Trend(theme.key, theme.title, points))
    overall = _yearly(years, source.visits, lambda v: judged.get(v.pk), Judgements)
    trends.append(Trend("overall", "Cases judged Good or Outstanding", overall))
    for trend in trends:
        measure = "judged Good or better" if trend.key == "overall" else "Met"
        trend.summary = _trend_summary(trend.title, trend.points, measure)
        trend.chart = line_chart(
            [(trend.title, [(p.year, p.share) for p in trend.points])],
            title=trend.title,
            summary=trend.summary,
        )
    recurrence_summary = _recurrence_summary(recurring_themes)
    good_practice, development = findings_to_share(source, visit_queryset, labels)
    return Dashboard(
        filters=filters,
        options=options,
        source=source,
        labels=labels,
        columns=columns,
        grid=grid,
        recurring_themes=recurring_themes,
        recurring_questions=recurring_questions[:HOTSPOT_COUNT],
        trends=trends,
        hotspots=hotspots,
        years=years,
        recurrence_summary=recurrence_summary,
        recurrence_chart=bar_chart(
            [(r.title, r.rate) for r in recurring_themes],
            title="Share of visits at which each theme fell short",
            summary=recurrence_summary,
        ),
        good_practice=good_practice,
        development=development,
    )


def findings_to_share(
    source: Source, visit_queryset, labels: CouncilLabels
) -> tuple[list[SharedFinding], list[RecurringDevelopment]]:
    """The findings the teams marked as good practice to share, and the themes under which
    areas for development recur (how many visits; the text only of findings marked shareable).

    Two queries. Only the teams' theme findings of issued visits are read, never what an
    auditor wrote about a case.
    """
    visits = visit_queryset.values("pk")
    recurring = (  # query: visits with an area for development, per theme key
        ThemeFinding.objects.filter(visit__in=visits)
        .exclude(areas_for_development="")
        .values_list("theme__key")
        .annotate(n=Count("visit_id", distinct=True))
        .order_by()
    )
    shared_rows = (  # query: the findings marked as good practice to share
        ThemeFinding.objects.filter(visit__in=visits, shareable_good_practice=True)
        .values_list("visit_id", "theme__key", "strengths", "areas_for_development")
        .order_by("visit__first_day", "theme__position", "pk")
    )
    visit_of = {visit.pk: visit for visit in source.visits}
    titles = _all_theme_titles(source) | {
        key: title for key, (_pos, title) in source.theme_titles.items()
    }
    position = {key: pos for key, (pos, _title) in source.theme_titles.items()}
    good_practice: list[SharedFinding] = []
    shared_development: dict[str, list[SharedFinding]] = defaultdict(list)
    for visit_id, theme_key, strengths, development in shared_rows:
        visit = visit_of[visit_id]
        finding = SharedFinding(
            titles.get(theme_key, theme_key),
            labels[visit.host_id],
            visit.year,
            strengths.strip(),
            development.strip(),
        )
        if finding.strengths:
            good_practice.append(finding)
        if finding.areas_for_development:
            shared_development[theme_key].append(finding)
    development = [
        RecurringDevelopment(key, titles.get(key, key), n, shared_development.get(key, []))
        for key, n in recurring
    ]
    development.sort(key=lambda d: (-d.visits, position.get(d.key, 0), d.key))
    good_practice.sort(key=lambda f: (-f.year, f.theme_title))
    return good_practice, development


def _recurrence_summary(ranked: list[Recurrence]) -> str:
    assessed = [r for r in ranked if r.rate is not None]
    if not assessed:
        return "No theme had enough cases at any visit to judge whether it fell short."
    top = assessed[0]
    return (
        f"{top.title} fell short most often: at {top.visits_short} of "
        f"{top.visits_assessed} visits ({percent(top.rate)})."
    )


def _all_theme_titles(source: Source) -> dict[str, str]:
    titles = {theme.key: theme.title for theme in source.themes}
    for question in source.questions.values():
        titles.setdefault(question.theme_key, question.theme_key.replace("-", " ").capitalize())
    return titles


def _yearly(years, visits, counts_of, empty=Counts) -> list[TrendPoint]:
    pooled = {year: empty() for year in years}
    for visit in visits:
        counts = counts_of(visit)
        # A suppressed cell stays out of the year's total too, or it could be worked out.
        if counts is not None and not counts.suppressed and visit.year in pooled:
            pooled[visit.year].add(counts)
    return [TrendPoint(year, pooled[year]) for year in years]


# --- a host council against the rest of the region --------------------------------------------


@dataclass
class CouncilTheme:
    key: str
    title: str
    own_latest: Counts
    region_median: float | None
    region_pooled: Counts
    others_assessed: int
    points: list[tuple[int, Counts, Counts]]  # year, own, rest of the region
    summary: str = ""
    chart: str = ""

    @property
    def region_median_text(self) -> str:
        return percent(self.region_median)


@dataclass
class CouncilView:
    council_name: str
    filters: Filters
    options: Options
    source: Source
    latest_year: int | None
    themes: list[CouncilTheme]
    years: list[int]

    @property
    def has_data(self) -> bool:
        return self.latest_year is not None


def build_council_view(user, filters: Filters, *, options: Options | None = None) -> CouncilView:
    """The user's own council over time, beside the rest of the region (pooled and median)."""
    from .learning_charts import line_chart

    options = options or options_for(user)
    filters = resolve(filters, options)
    visit_queryset = filtered_visits(user, filters)
    source = load_source(visit_queryset)
    own_id = user.home_authority_id
    own_visits = [v for v in source.visits if v.host_id == own_id]
    council_name = user.home_authority.name
    if not own_visits:
        return CouncilView(council_name, filters, options, source, None, [], [])
    by_theme = count_answers(source, visit_queryset, questions=False).by_theme
    latest = latest_visit_per_council(source.visits)
    own_latest = latest[own_id]
    others_latest = [v for pk, v in latest.items() if pk != own_id]
    years = list(range(filters.year_from, filters.year_to + 1))
    themes = []
    for theme in source.themes:
        own_points = _yearly(years, own_visits, lambda v, k=theme.key: by_theme.get((v.pk, k)))
        rest = [v for v in source.visits if v.host_id != own_id]
        rest_points = _yearly(years, rest, lambda v, k=theme.key: by_theme.get((v.pk, k)))
        shares = [
            by_theme[(v.pk, theme.key)].share_met
            for v in others_latest
            if (v.pk, theme.key) in by_theme and by_theme[(v.pk, theme.key)].share_met is not None
        ]
        pooled = Counts()
        for visit in others_latest:
            counts = by_theme.get((visit.pk, theme.key))
            if counts is not None and not counts.suppressed:
                pooled.add(counts)
        item = CouncilTheme(
            key=theme.key,
            title=theme.title,
            own_latest=by_theme.get((own_latest.pk, theme.key), Counts()),
            region_median=statistics.median(shares) if shares else None,
            region_pooled=pooled,
            others_assessed=len(shares),
            points=[
                (o.year, o.counts, r.counts) for o, r in zip(own_points, rest_points, strict=True)
            ],
        )
        item.summary = _council_summary(council_name, item)
        item.chart = line_chart(
            [
                (council_name, [(p.year, p.share) for p in own_points]),
                ("Rest of the region", [(p.year, p.share) for p in rest_points]),
            ],
            title=theme.title,
            summary=item.summary,
        )
        themes.append(item)
    return CouncilView(council_name, filters, options, source, own_latest.year, themes, years)


def _council_summary(name: str, item: CouncilTheme) -> str:
    own = item.own_latest.share_met
    if own is None:
        return f"{item.title}: {name}'s latest visit had too few cases to show."
    if item.region_median is None:
        return f"{item.title}: {name} {percent(own)} Met; too few other councils to compare."
    gap = round(own * 100) - round(item.region_median * 100)
    if abs(gap) < 5:
        where = "about the same as"
    elif gap > 0:
        where = f"{gap} points above"
    else:
        where = f"{-gap} points below"
    return (
        f"{item.title}: {name} {percent(own)} Met at its latest visit, {where} the median "
        f"of the other councils' latest visits ({percent(item.region_median)})."
    )
