"""Small charts for regional learning, as inline SVG strings built here (no JavaScript).

The same strings go into the browser and into PDFs. Each chart carries its title and its
one-sentence summary as its accessible name; the page also shows the figures in a table.
Only presentation attributes are used (no style elements), so the CSP holds.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from audits.counting import share_percent

# GOV.UK blue and orange, told apart by dash pattern and marker shape as well as colour.
SERIES = [
    {"colour": "#1d70b8", "dash": "", "marker": "circle"},
    {"colour": "#d4351c", "dash": ' stroke-dasharray="6 3"', "marker": "square"},
]
TEXT = 'font-family="Arial, sans-serif" fill="#0b0c0c"'
GOOD_BAND = 63  # CQC's "good" band starts at 63%


def _svg(width: int, height: int, title: str, summary: str, body: list[str]) -> SafeString:
    label = escape(f"{title}. {summary}".strip())
    return mark_safe(  # noqa: S308 (every piece of text in the body is escaped)
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{label}" focusable="false" '
        'style="max-width:100%;height:auto">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def line_chart(
    series: list[tuple[str, list[tuple[int, float | None]]]],
    *,
    title: str,
    summary: str = "",
    width: int = 320,
    height: int = 170,
) -> SafeString:
    """Shares (0–1) by year, one line per series; a missing or suppressed year breaks the line."""
    left, right, top, bottom = 36, 12, 12 + 16 * (len(series) > 1) * len(series), 26
    plot_w, plot_h = width - left - right, height - top - bottom
    years = sorted({year for _name, points in series for year, _share in points})
    step = plot_w / max(len(years) - 1, 1)

    def x(year: int) -> float:
        return left + (years.index(year) * step if len(years) > 1 else plot_w / 2)

    def y(share: float) -> float:
        return top + plot_h * (1 - share)

    body = []
    for value in (0, 50, 100):
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value / 100):.1f}" '
            f'y2="{y(value / 100):.1f}" stroke="#b1b4b6" stroke-width="1"/>'
            f'<text x="{left - 4}" y="{y(value / 100) + 4:.1f}" font-size="11" '
            f'text-anchor="end" {TEXT}>{value}%</text>'
        )
    body.append(
        f'<line x1="{left}" x2="{width - right}" y1="{y(GOOD_BAND / 100):.1f}" '
        f'y2="{y(GOOD_BAND / 100):.1f}" stroke="#505a5f" stroke-width="1" '
        'stroke-dasharray="2 3"/>'
    )
    label_every = max(1, round(len(years) / 6))
    for index, year in enumerate(years):
        if index % label_every == 0 or index == len(years) - 1:
            body.append(
                f'<text x="{x(year):.1f}" y="{height - 8}" font-size="11" '
                f'text-anchor="middle" {TEXT}>{year}</text>'
            )
    for number, (name, points) in enumerate(series):
        style = SERIES[number % len(SERIES)]
        segments, current = [], []
        for year, share in points:
            if share is None:
                if current:
                    segments.append(current)
                current = []
            else:
                current.append((x(year), y(share)))
        if current:
            segments.append(current)
        for segment in segments:
            if len(segment) > 1:
                path = " ".join(f"{px:.1f},{py:.1f}" for px, py in segment)
                body.append(
                    f'<polyline points="{path}" fill="none" stroke="{style["colour"]}" '
                    f'stroke-width="2"{style["dash"]}/>'
                )
            for px, py in segment:
                if style["marker"] == "circle":
                    body.append(
                        f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{style["colour"]}"/>'
                    )
                else:
                    body.append(
                        f'<rect x="{px - 3:.1f}" y="{py - 3:.1f}" width="6" height="6" '
                        f'fill="{style["colour"]}"/>'
                    )
        if len(series) > 1:
            legend_y = 12 + 16 * number
            body.append(
                f'<line x1="{left}" x2="{left + 24}" y1="{legend_y - 4}" y2="{legend_y - 4}" '
                f'stroke="{style["colour"]}" stroke-width="2"{style["dash"]}/>'
                f'<text x="{left + 30}" y="{legend_y}" font-size="12" {TEXT}>{escape(name)}</text>'
            )
    return _svg(width, height, title, summary, body)


def bar_chart(
    items: list[tuple[str, float | None]],
    *,
    title: str,
    summary: str = "",
    width: int = 640,
    label_width: int = 260,
) -> SafeString:
    """Horizontal bars of shares (0–1), one per item, with the percentage written beside it."""
    row = 24
    height = row * len(items) + 24
    plot_w = width - label_width - 60
    body = []
    for index, (label, share) in enumerate(items):
        top = 8 + index * row
        short = label if len(label) <= 40 else label[:39] + "…"
        body.append(
            f'<text x="{label_width - 8}" y="{top + 15}" font-size="12" text-anchor="end" '
            f"{TEXT}>{escape(short)}</text>"
        )
        if share is None:
            body.append(
                f'<text x="{label_width}" y="{top + 15}" font-size="12" {TEXT}>suppressed</text>'
            )
            continue
        bar = max(plot_w * share, 1)
        body.append(
            f'<rect x="{label_width}" y="{top + 3}" width="{bar:.1f}" height="{row - 8}" '
            'fill="#1d70b8"/>'
            f'<text x="{label_width + bar + 6:.1f}" y="{top + 15}" font-size="12" {TEXT}>'
            f"{share_percent(share)}%</text>"
        )
    return _svg(width, height, title, summary, body)
