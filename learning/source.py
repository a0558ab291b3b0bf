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
- Only practice themes count: a context section (such as the case profile) is not judged.
- Across tool versions, themes are matched by theme key and questions by question key. When
  the visits used different versions, theme figures use only the questions every version
  shares; a question asked in only some versions is ranked over the visits that asked it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from auditportal import access
from audits import counting
from audits.models import AuditTool, Question, RatingLevel, RatingScale, Theme

from .models import LearningVisit, ThemeTally

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
    tallied: bool = False  # its counts are stored (learning.tallies)

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
    question_scale: dict[int, int] = field(default_factory=dict)  # question pk → scale pk
    level_scale: dict[int, int] = field(default_factory=dict)  # level pk → scale pk

    @property
    def versions_differ(self) -> bool:
        return len(self.tools) > 1

    # The counting queries name the visits by id, read once here, rather than repeating the
    # filtered visits as a subquery in each: on PostgreSQL that nesting (with "has no stored
    # counts" inside it) let the planner pick a plan that ran for hours on a few thousand rows.
    # ``[0]``, an id no row has, stands for none, so an empty group still asks its one query.
    def visit_ids(self) -> list[int]:
        return [visit.pk for visit in self.visits] or [0]

    def tallied_ids(self) -> list[int]:
        return [visit.pk for visit in self.visits if visit.tallied] or [0]

    def untallied_ids(self) -> list[int]:
        return [visit.pk for visit in self.visits if not visit.tallied] or [0]

    def category_ids(self, category: str) -> list[int]:
        return [pk for pk, name in self.level_category.items() if name == category]

    def applicable_ids(self) -> list[int]:
        return [pk for pk, name in self.level_category.items() if name != "not_applicable"]


QUESTION_FIELDS = (
    "key", "text", "theme__key", "theme__position", "position", "tool__version", "tool_id", "pk",
    "scale_id",
)  # fmt: skip
LEVEL_FIELDS = (
    "pk", "scale_id", "scale__purpose", "score", "is_not_applicable", "is_not_evidenced",
    "position", "label",
)  # fmt: skip


def load_source(visit_queryset) -> Source:
    """Four small queries: the visits, then the themes, questions and levels of their tools."""
    rows = (
        visit_queryset.annotate(tallied=Exists(ThemeTally.objects.filter(visit_id=OuterRef("pk"))))
        .order_by("first_day", "pk")
        .values_list("pk", "host_id", "host__name", "first_day", "tool_id", "tallied")
    )
    visits = [VisitRow(*row) for row in rows]  # query: visits
    tool_ids = sorted({visit.tool_id for visit in visits})
    if not visits:
        return Source([], [], [], {}, None, {}, {})
    theme_rows = Theme.objects.filter(tool_id__in=tool_ids).values_list(  # query: themes
        "key", "title", "position", "tool__version", "tool__name", "tool_id", "pk"
    )
    question_rows = Question.objects.filter(  # query: rated questions of practice themes
        tool_id__in=tool_ids,
        answer_kind=Question.AnswerKind.SCALE,
        theme__kind=Theme.Kind.PRACTICE,
    ).values_list(*QUESTION_FIELDS)
    level_rows = RatingLevel.objects.filter(scale__tool_id__in=tool_ids).values_list(  # levels
        *LEVEL_FIELDS
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
    question_ids, question_scale = {}, {}
    for key, text, theme_key, theme_pos, position, version, tool_id, pk, scale in question_rows:
        question_ids[pk] = (key, theme_key)
        question_scale[pk] = scale
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
    level_category, judgement_score = categorise(row[:6] for row in level_rows)
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
        question_scale=question_scale,
        level_scale={row[0]: row[1] for row in level_rows},
    )


def categorise(level_rows) -> tuple[dict[int, str], dict[int, int]]:
    """The category of each question-scale level (``audits.counting``: Met, Partly met, Not
    met, Not evidenced on file, Not applicable), and the score of each judgement level.

    ``level_rows``: (pk, scale id, scale purpose, score, not applicable?, not evidenced?).
    """
    judgement: dict[int, int] = {}
    rated: list[counting.Level] = []
    for pk, scale_id, purpose, score, not_applicable, not_evidenced in level_rows:
        if purpose == RatingScale.Purpose.JUDGEMENT:
            judgement[pk] = score
        else:
            rated.append(counting.Level(pk, scale_id, score, not_applicable, not_evidenced))
    return counting.categorise(rated), judgement
