"""The regional dashboard: the grid of councils by theme, recurrence, trends and findings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from audits.counting import share_percent
from audits.models import ThemeFinding

from .anonymity import CouncilLabels, label_councils
from .cells import HOTSPOT_COUNT, Counts, Judgements, share_text
from .choices import ChoiceResult, choice_results
from .counting import Totals, count_answers, count_judgements_by_visit
from .source import (
    Filters,
    Options,
    Source,
    VisitRow,
    filtered_visits,
    load_source,
    options_for,
    resolve,
    scope_of,
)


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
        return share_text(self.rate) if self.rate is not None else "too few cases"


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
    choices: list[ChoiceResult] = field(default_factory=list)  # ``learning.choices``

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
            f"{title}: {share_text(first.share)} {measure} in {first.year}; "
            "no other year to compare."
        )
    change = share_percent(last.share) - share_percent(first.share)
    if abs(change) < 5:
        low = min(share_percent(p.share) for p in shown)
        high = max(share_percent(p.share) for p in shown)
        return (
            f"{title}: about the same from {first.year} to {last.year}, "
            f"between {low}% and {high}% {measure}."
        )
    direction = "rose" if change > 0 else "fell"
    return (
        f"{title}: {direction} from {share_text(first.share)} {measure} in {first.year} "
        f"to {share_text(last.share)} in {last.year}."
    )


def build_dashboard(user, filters: Filters, *, options: Options | None = None) -> Dashboard:
    options = options or options_for(user)
    filters = resolve(filters, options)
    visit_queryset = filtered_visits(user, filters)
    source = load_source(visit_queryset)
    councils = {visit.host_id: visit.host_name for visit in source.visits}
    labels = label_councils(user, councils, scope=scope_of(user, filters))
    return assemble_dashboard(filters, options, source, labels)


def assemble_dashboard(
    filters: Filters, options: Options, source: Source, labels: CouncilLabels
) -> Dashboard:
    """The dashboard's panels for visits already chosen and councils already labelled."""
    from .charts import bar_chart

    if not source.visits:
        return Dashboard(filters, options, source, labels, [], [], [], [], [], [], [])

    counted = count_answers(source)
    judged = count_judgements_by_visit(source)
    columns, grid = _grid(source, labels, counted.by_theme, judged)
    recurring_themes, recurring_questions, hotspots = _recurrences(source, counted)
    years = list(range(filters.year_from, filters.year_to + 1))
    recurrence_summary = _recurrence_summary(recurring_themes)
    good_practice, development = findings_to_share(source, labels)
    return Dashboard(
        filters=filters,
        options=options,
        source=source,
        labels=labels,
        columns=columns,
        grid=grid,
        recurring_themes=recurring_themes,
        recurring_questions=recurring_questions[:HOTSPOT_COUNT],
        trends=_trends(years, source, counted.by_theme, judged),
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
        choices=choice_results(source.visits),
    )


def _grid(source: Source, labels: CouncilLabels, by_theme, judged):
    """One column per council (its latest visit) and one row per theme, then the overall row."""
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
    return columns, grid


def _recurrences(source: Source, counted):
    """The themes and questions that fell short at most visits, and the questions' hotspots."""
    theme_titles = {theme.key: theme.title for theme in source.themes}
    recurring_themes = _recurrence(
        [(t.key, t.title) for t in source.themes],
        _totals([t.key for t in source.themes], counted.by_theme, source.visits),
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
    return recurring_themes, recurring_questions, hotspots


def _trends(years: list[int], source: Source, by_theme, judged) -> list[Trend]:
    """Each theme's share Met, and the share of cases judged Good or better, year by year."""
    from .charts import line_chart

    trends = []
    for theme in source.themes:
        points = yearly(years, source.visits, lambda v, k=theme.key: by_theme.get((v.pk, k)))
        trends.append(Trend(theme.key, theme.title, points))
    overall = yearly(years, source.visits, lambda v: judged.get(v.pk), Judgements)
    trends.append(Trend("overall", "Cases judged Good or Outstanding", overall))
    for trend in trends:
        measure = "judged Good or better" if trend.key == "overall" else "Met"
        trend.summary = _trend_summary(trend.title, trend.points, measure)
        trend.chart = line_chart(
            [(trend.title, [(p.year, p.share) for p in trend.points])],
            title=trend.title,
            summary=trend.summary,
        )
    return trends


def findings_to_share(
    source: Source, labels: CouncilLabels
) -> tuple[list[SharedFinding], list[RecurringDevelopment]]:
    """The findings the teams marked as good practice to share, and the themes under which
    areas for development recur (how many visits; the text only of findings marked shareable).

    Two queries. Only the teams' theme findings of issued visits are read, never what an
    auditor wrote about a case.
    """
    visits = source.visit_ids()
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


_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def _names(titles: list[str], shown: int = 3) -> str:
    """ "A, B and C", or "A, B, C and 4 others" when the list is long."""
    if len(titles) > shown + 1:
        titles = [*titles[:shown], f"{len(titles) - shown} others"]
    return titles[0] if len(titles) == 1 else f"{', '.join(titles[:-1])} and {titles[-1]}"


def _recurrence_summary(ranked: list[Recurrence]) -> str:
    """The headline: the theme that fell short at the largest share of visits, or, when
    several share that rate, how many tied and which (not one picked arbitrarily)."""
    assessed = [r for r in ranked if r.rate is not None]
    if not assessed:
        return "No theme had enough cases at any visit to judge whether it fell short."
    top = assessed[0]
    if not top.visits_short:
        return "No theme fell short at any visit where it had enough cases to judge."
    tied = [
        r
        for r in assessed
        if r.visits_short * top.visits_assessed == top.visits_short * r.visits_assessed
    ]
    if len(tied) == 1:
        return (
            f"{top.title} fell short most often: at {top.visits_short} of "
            f"{top.visits_assessed} visits ({share_text(top.rate)})."
        )
    count = _WORDS[len(tied)].capitalize() if len(tied) < len(_WORDS) else str(len(tied))
    same = {(r.visits_short, r.visits_assessed) for r in tied} == {
        (top.visits_short, top.visits_assessed)
    }
    each = (
        f"each at {top.visits_short} of {top.visits_assessed} visits ({share_text(top.rate)})"
        if same
        else f"each at {share_text(top.rate)} of the visits where it was judged"
    )
    return (
        f"{count} themes tied for falling short most often, {each}: "
        f"{_names([r.title for r in tied])}."
    )


def _all_theme_titles(source: Source) -> dict[str, str]:
    titles = {theme.key: theme.title for theme in source.themes}
    for question in source.questions.values():
        titles.setdefault(question.theme_key, question.theme_key.replace("-", " ").capitalize())
    return titles


def yearly(years, visits, counts_of, empty=Counts) -> list[TrendPoint]:
    pooled = {year: empty() for year in years}
    for visit in visits:
        counts = counts_of(visit)
        # A suppressed cell stays out of the year's total too, or it could be worked out.
        if counts is not None and not counts.suppressed and visit.year in pooled:
            pooled[visit.year].add(counts)
    return [TrendPoint(year, pooled[year]) for year in years]
