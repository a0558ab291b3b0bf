"""CSV and Excel exports of regional learning: counts per visit, theme and level.

The export holds what the page is built from, never case-level free text: for each visit in
the filters, how many answers each theme received at each level, and how many cases were
judged at each level overall. Councils are named or lettered by the same rules as the page
(``learning.anonymity``), with the same letters for the same filters; any cell built from
fewer than five cases is written as suppressed. Every text cell that a spreadsheet would take
for a formula is neutralised.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .anonymity import SUPPRESSED, SUPPRESSION_THRESHOLD, label_councils
from .counting import count_answers, count_judgements_by_visit
from .source import Filters, Options, filtered_visits, load_source, options_for, resolve, scope_of

# Spreadsheets run cells starting with these as formulas (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe; numbers pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass
class Export:
    header: list[str]
    rows: list[list]
    about: list[tuple[str, str]]
    named: bool
    filters: Filters
    region_slug: str

    def filename(self, extension: str) -> str:
        years = f"{self.filters.year_from}-{self.filters.year_to}"
        tool = f"-tool-{self.filters.tool_id}" if self.filters.tool_id else ""
        return f"regional-learning-{self.region_slug}-{years}{tool}.{extension}"


def build_export(user, filters: Filters, *, options: Options | None = None) -> Export:
    options = options or options_for(user)
    filters = resolve(filters, options)
    visit_queryset = filtered_visits(user, filters)
    source = load_source(visit_queryset)
    councils = {visit.host_id: visit.host_name for visit in source.visits}
    labels = label_councils(user, councils, scope=scope_of(user, filters))
    named = labels.named
    header = ["Council"]
    if named:
        header += ["Visit first day"]
    header += [
        "Year",
        "Visit",
        "Tool",
        "Measure",
        "Theme key",
        "Theme",
        "Level",
        "Count",
        "Cases behind the cell",
    ]
    about = _about(filters, options, named)
    region_slug = user.region.slug if user.region_id else "none"
    if not source.visits:
        return Export(header, [], about, named, filters, region_slug)

    counted = count_answers(source, common_only=False, with_levels=True)
    cases, answers = counted.by_theme, counted.by_theme_level
    themes_of = defaultdict(list)
    for visit_id, theme_key in answers:
        themes_of[visit_id].append(theme_key)
    judged = count_judgements_by_visit(source)
    judgement_levels = _judgement_levels(source, judged)
    tools = {tool.pk: str(tool) for tool in options.tools}

    visits_by_council = defaultdict(list)
    for visit in source.visits:
        visits_by_council[visit.host_id].append(visit)
    rows = []
    for council_id in labels.order:
        for number, visit in enumerate(visits_by_council[council_id], start=1):
            lead = [labels[council_id]]
            if named:
                lead.append(visit.first_day.isoformat())
            lead += [visit.year, number, tools.get(visit.tool_id, "")]
            themes = sorted(themes_of[visit.pk], key=lambda k: source.theme_titles.get(k, (0, k)))
            for theme_key in themes:
                counted = cases.get((visit.pk, theme_key))
                n_cases = counted.cases if counted else 0
                title = source.theme_titles.get(theme_key, (0, theme_key))[1]
                levels = answers[(visit.pk, theme_key)]
                for level_id in sorted(levels, key=lambda pk: source.level_labels[pk]):
                    rows.append(
                        [
                            *lead,
                            "Answers",
                            theme_key,
                            title,
                            source.level_labels[level_id][1],
                            *_count_cells(levels[level_id], n_cases),
                        ]
                    )
            judgements = judged.get(visit.pk)
            if judgements is not None:
                for score, label in judgement_levels:
                    count = judgements.by_score.get(score, 0)
                    rows.append(
                        [
                            *lead,
                            "Judgements",
                            "overall",
                            "Overall judgement",
                            label,
                            *_count_cells(count, judgements.cases),
                        ]
                    )
    return Export(header, rows, about, named, filters, region_slug)


def _count_cells(count: int, cases: int) -> list:
    if cases < SUPPRESSION_THRESHOLD:
        return [SUPPRESSED, f"fewer than {SUPPRESSION_THRESHOLD}"]
    return [count, cases]


def _judgement_levels(source, judged) -> list[tuple[int, str]]:
    """One label per judgement score, highest first (from the versions used)."""
    labels: dict[int, str] = {}
    for pk, score in source.judgement_score.items():
        labels.setdefault(score, source.level_labels[pk][1])
    return sorted(labels.items(), reverse=True)


def _about(filters: Filters, options: Options, named: bool) -> list[tuple[str, str]]:
    tool = next((str(t) for t in options.tools if t.pk == filters.tool_id), "All tools")
    return [
        ("Export", "Regional learning: answers and judgements per visit, theme and level"),
        ("Made", timezone.localtime().strftime("%d %B %Y %H:%M")),
        ("Years", f"{filters.year_from} to {filters.year_to}"),
        ("Audit tool", tool),
        ("Visits", "Only visits whose covering report has been issued."),
        (
            "Councils",
            "Named." if named else "Lettered for these filters only; letters change with them.",
        ),
        (
            "Suppression",
            f"Counts built from fewer than {SUPPRESSION_THRESHOLD} cases are shown as suppressed.",
        ),
        (
            "Themes",
            "Each visit's themes come from the tool version it used, matched across versions "
            "by theme key. Not applicable answers are listed but leave every share's denominator.",
        ),
        ("Marking", "OFFICIAL-SENSITIVE"),
    ]


def to_csv(export: Export) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(cell) for cell in export.header])
    for row in export.rows:
        writer.writerow([neutralise(cell) for cell in row])
    # A byte-order mark so that spreadsheets read the text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(export: Export) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Results")
    sheet.freeze_panes = "A2"
    sheet.append([_bold(sheet, cell) for cell in export.header])
    for row in export.rows:
        sheet.append([neutralise(cell) for cell in row])
    about = book.create_sheet("About")
    for label, value in export.about:
        about.append([_bold(about, label), neutralise(value)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _bold(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=neutralise(value))
    cell.font = Font(bold=True)
    return cell
