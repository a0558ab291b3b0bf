"""A host council against the rest of the region: its own figures over time, and the median."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from audits.counting import share_percent

from .cells import Counts, share_text
from .counting import count_answers
from .dashboard import latest_visit_per_council, yearly
from .source import Filters, Options, Source, filtered_visits, load_source, options_for, resolve


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
        return share_text(self.region_median)


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
    from .charts import line_chart

    options = options or options_for(user)
    filters = resolve(filters, options)
    visit_queryset = filtered_visits(user, filters)
    source = load_source(visit_queryset)
    own_id = user.home_authority_id
    own_visits = [v for v in source.visits if v.host_id == own_id]
    council_name = user.home_authority.name
    if not own_visits:
        return CouncilView(council_name, filters, options, source, None, [], [])
    by_theme = count_answers(source, questions=False).by_theme
    latest = latest_visit_per_council(source.visits)
    own_latest = latest[own_id]
    others_latest = [v for pk, v in latest.items() if pk != own_id]
    years = list(range(filters.year_from, filters.year_to + 1))
    themes = []
    for theme in source.themes:
        own_points = yearly(years, own_visits, lambda v, k=theme.key: by_theme.get((v.pk, k)))
        rest = [v for v in source.visits if v.host_id != own_id]
        rest_points = yearly(years, rest, lambda v, k=theme.key: by_theme.get((v.pk, k)))
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
        return f"{item.title}: {name} {share_text(own)} Met; too few other councils to compare."
    gap = share_percent(own) - share_percent(item.region_median)
    if abs(gap) < 5:
        where = "about the same as"
    elif gap > 0:
        where = f"{gap} points above"
    else:
        where = f"{-gap} points below"
    return (
        f"{item.title}: {name} {share_text(own)} Met at its latest visit, {where} the median "
        f"of the other councils' latest visits ({share_text(item.region_median)})."
    )
