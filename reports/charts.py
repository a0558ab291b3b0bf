"""Charts as SVG text: the same markup in the browser preview, the PDF and (as a table) Word.

Only presentation attributes are used (``fill``, ``font-size``), never ``style``, so the
preview works under a strict Content Security Policy. Every label is escaped; each chart is
an ``img`` with a title and a description, and the same numbers are in a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .builder.data import Distribution, LevelCount, ThemeSection

FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
TEXT = "#0b0c0c"
MUTED = "#505a5f"
TRACK = "#f3f2f1"
WIDTH = 640
# For a tool whose levels share one colour: best to worst, then not evidenced, not applicable.
PALETTE = ("#00703c", "#1d70b8", "#f47738", "#d4351c", "#4c2c92", "#b58840")
NOT_EVIDENCED = "#912b88"
NOT_APPLICABLE = "#b1b4b6"


def percent_or_dash(value: int | None) -> str:
    """A percentage as every rendering of the report writes it: "60%", or "–" where none."""
    return "–" if value is None else f"{value}%"


def _colours(levels: Sequence[LevelCount]) -> dict[str, str]:
    """Each level's colour from the tool, or a distinct one where the tool's do not differ."""
    if len({level.colour.lower() for level in levels}) == len(levels):
        return {level.key: level.colour for level in levels}
    ordinary = sorted(
        (lv for lv in levels if not (lv.is_not_applicable or lv.is_not_evidenced)),
        key=lambda lv: -lv.score,
    )
    colours = {lv.key: PALETTE[i % len(PALETTE)] for i, lv in enumerate(ordinary)}
    for level in levels:
        if level.is_not_evidenced:
            colours[level.key] = NOT_EVIDENCED
        elif level.is_not_applicable:
            colours[level.key] = NOT_APPLICABLE
    return colours


def _svg(
    chart_id: str, width: int, height: int, title: str, description: str, body: str
) -> SafeString:
    return mark_safe(  # noqa: S308  every piece of text in body was escaped where it was made
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" id="{escape(chart_id)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'font-family="{FONT}" font-size="12" fill="{TEXT}">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>'
        f"{body}</svg>"
    )


def _describe(dist: Distribution) -> str:
    parts = [
        f"{level.label}: {level.count}"
        + (f" ({level.percent}%)" if level.percent is not None else " (not counted)")
        for level in dist.levels
    ]
    return "; ".join(parts) + "." if parts else "No ratings yet."


def _stack(
    levels: Sequence[LevelCount],
    total: int,
    x: float,
    y: float,
    w: float,
    h: float,
    colours: dict[str, str],
):
    """Rectangles of one 100% stacked bar; an empty track when nothing was counted."""
    rects = [f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{TRACK}"/>']
    if not total:
        return "".join(rects)
    left = x
    for level in levels:
        if not level.count:
            continue
        width = w * level.count / total
        rects.append(
            f'<rect x="{left:.1f}" y="{y:.1f}" width="{width:.1f}" height="{h:.1f}" '
            f'fill="{escape(colours[level.key])}" stroke="#ffffff" stroke-width="1"/>'
        )
        left += width
    return "".join(rects)


# Arial at 12px averages under 6.5px a character (capitals and "m" wider, "i" narrower): labels
# wrap at this measure instead of being cut short or running off the chart's edge.
CHARACTER_WIDTH = 6.5
LINE_HEIGHT = 14


def _wrap(text: str, width: float) -> list[str]:
    """``text`` in lines that fit ``width`` pixels, broken between words (a word longer
    than a line stands on its own line rather than being cut)."""
    most = max(1, int(width // CHARACTER_WIDTH))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= most:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _lines(lines: list[str], x: float, y: float, anchor: str = "start") -> str:
    """One <text> of several lines (tspans), the first on ``y``."""
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if index == 0 else LINE_HEIGHT}">{escape(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{spans}</text>'


def _legend(
    levels: Sequence[LevelCount], y: float, colours: dict[str, str], *, show_counts: bool = True
) -> str:
    """Swatch, label, count and percentage of each level, two to a row."""
    parts = []
    column_width = WIDTH / 2
    for index, level in enumerate(levels):
        col, row = index % 2, index // 2
        lx, ly = col * column_width, y + row * 20
        if not show_counts:
            figure = " (not counted)" if level.is_not_applicable else ""
        elif level.percent is not None:
            figure = f": {level.count} ({level.percent}%)"
        else:
            figure = f": {level.count}, not counted"
        parts.append(
            f'<rect x="{lx:.1f}" y="{ly:.1f}" width="12" height="12" '
            f'fill="{escape(colours[level.key])}" stroke="{MUTED}" stroke-width="0.5"/>'
            f'<text x="{lx + 18:.1f}" y="{ly + 10:.1f}">{escape(level.label)}'
            f"{escape(figure)}</text>"
        )
    return "".join(parts)


def distribution_bar(dist: Distribution, *, chart_id: str, title: str) -> SafeString:
    """One 100% stacked bar of the counted levels, with a legend of counts and percentages."""
    bar_height = 28
    legend_rows = (len(dist.levels) + 1) // 2
    height = bar_height + 14 + legend_rows * 20
    colours = _colours(dist.levels)
    body = _stack(dist.counted_levels, dist.counted, 0, 0, WIDTH, bar_height, colours)
    body += _legend(dist.levels, bar_height + 12, colours)
    return _svg(chart_id, WIDTH, height, title, _describe(dist), body)


def themes_overview(themes: Sequence[ThemeSection], *, chart_id: str, title: str) -> SafeString:
    """One stacked bar per theme: the summary chart of the whole visit. A long theme title
    wraps onto more lines, and its row grows to hold them: nothing is cut off."""
    label_width, bar_height = 230, 18
    bar_width = WIDTH - label_width - 50
    rows = []
    description = []
    levels = themes[0].answers.levels if themes else ()
    colours = _colours(levels)
    y = 0
    for theme in themes:
        label = _wrap(f"{theme.number}. {theme.title}", label_width - 10)
        best = theme.answers.best_percent
        rows.append(
            _lines(label, 0, y + 13)
            + _stack(
                theme.answers.counted_levels,
                theme.answers.counted,
                label_width,
                y,
                bar_width,
                bar_height,
                colours,
            )
            + f'<text x="{WIDTH}" y="{y + 13}" text-anchor="end">'
            f"{percent_or_dash(best)}</text>"
        )
        description.append(
            f"{theme.title}: {'no ratings' if best is None else f'{best}% at the best level'}"
        )
        y += max(26, len(label) * LINE_HEIGHT + 8)
    legend_y = y + 8
    body = "".join(rows) + _legend(levels, legend_y, colours, show_counts=False)
    height = legend_y + ((len(levels) + 1) // 2) * 20
    return _svg(chart_id, WIDTH, max(height, 20), title, "; ".join(description) + ".", body)


def judgement_columns(dist: Distribution, *, chart_id: str, title: str) -> SafeString:
    """One column per judgement level, its height the number of cases. Each level's name
    wraps within its own column's width, so neighbours never overlap or run off the edge."""
    base, top = 160, 16
    levels = dist.levels
    colours = _colours(levels)
    slot = WIDTH / max(len(levels), 1)
    labels = [_wrap(level.label, slot - 8) for level in levels]
    height = base + 8 + max((len(lines) for lines in labels), default=1) * LINE_HEIGHT
    tallest = max((level.count for level in levels), default=0) or 1
    parts = [f'<line x1="0" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="{MUTED}"/>']
    for index, level in enumerate(levels):
        column_height = (base - top - 14) * level.count / tallest
        x = index * slot + slot * 0.2
        w = slot * 0.6
        figure = f"{level.count}" + (f" ({level.percent}%)" if level.percent is not None else "")
        parts.append(
            f'<rect x="{x:.1f}" y="{base - column_height:.1f}" width="{w:.1f}" '
            f'height="{column_height:.1f}" fill="{escape(colours[level.key])}"/>'
            f'<text x="{x + w / 2:.1f}" y="{base - column_height - 4:.1f}" '
            f'text-anchor="middle">{escape(figure)}</text>'
            + _lines(labels[index], x + w / 2, base + 16, "middle")
        )
    return _svg(chart_id, WIDTH, height, title, _describe(dist), "".join(parts))
