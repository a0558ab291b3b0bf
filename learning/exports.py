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
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import timezone

from . import xlsx
from .anonymity import SUPPRESSED, SUPPRESSION_THRESHOLD, label_councils
from .choices import choice_questions, visit_figures
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
    choices = _ChoiceRows(source)

    visits_by_council = defaultdict(list)
    for visit in source.visits:
        visits_by_council[visit.host_id].append(visit)
    rows = []
    for council_id in labels.order:
        for number, visit in enumerate(visits_by_council[council_id], start=1):
            lead = [labels[council_id]]
            if named:
                lead.append(visit.first_day)
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
            rows += [[*lead, *cells] for cells in choices.rows(visit.pk)]
    return Export(header, rows, about, named, filters, region_slug)


class _ChoiceRows:
    """Each visit's choice questions, one row per option: how many of the cases answering
    chose it (``learning.choices``; free text is never exported)."""

    def __init__(self, source):
        self.questions, self.labels = choice_questions({visit.tool_id for visit in source.visits})
        self.figures = visit_figures(source.visits)
        self.order = {pk: n for n, (pk, *_rest) in enumerate(self.questions)}
        self.about = {pk: (key, text) for pk, key, text, *_rest in self.questions}

    def rows(self, visit_id: int) -> list[list]:
        asked = sorted(
            (pk for (v, pk) in self.figures if v == visit_id and pk in self.about),
            key=lambda pk: self.order[pk],
        )
        rows = []
        for pk in asked:
            key, text = self.about[pk]
            figures = self.figures[(visit_id, pk)]
            for option, label in self.labels.get(key, {}).items():
                count = figures["by_option"].get(option, 0)
                rows.append(
                    ["Choice answers", key, text, label, *_count_cells(count, figures["answered"])]
                )
        return rows


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
        # A real date and time in the spreadsheet (UK time; Excel keeps no time zone).
        ("Made", timezone.localtime().replace(tzinfo=None, second=0, microsecond=0)),
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


# Every column of the Results sheet: its type in the spreadsheet, a width in characters, and
# what it holds (the Columns sheet), so a performance analyst need not guess.
COLUMNS = {
    "Council": ("Text", 18, "The host council: named for coordinators and for a council's own "
                "visits, otherwise lettered, the letters holding for these filters only."),
    "Visit first day": ("Date", 14, "The visit's first day on site (coordinators only)."),
    "Year": ("Whole number", 7, "The year of the visit's first day."),
    "Visit": ("Whole number", 7, "The visit's number among its council's visits in this "
              "export, oldest first."),
    "Tool": ("Text", 32, "The audit tool version the visit used."),
    "Measure": ("Text", 12, "Answers: answers to the theme's rated questions. Judgements: the "
                "cases' overall judgements, the moderated one where a case was moderated. "
                "Choice answers: how many cases chose an option of a choice question (one "
                "choice, tick all that apply, yes/no); a case may tick several."),
    "Theme key": ("Text", 18, "The theme's key, the same in every version of the tool; for "
                  "choice answers, the question's key, likewise."),
    "Theme": ("Text", 44, "The theme's title in the visit's tool version; for choice answers, "
              "the question's wording."),
    "Level": ("Text", 24, "The level of the scale the count is for; for choice answers, the "
              "option (matched across versions by its key)."),
    "Count": ("Whole number, or the text 'suppressed'", 12, "How many answers or judgements "
              f"were at this level; 'suppressed' when fewer than {SUPPRESSION_THRESHOLD} cases "
              "are behind the cell. Excel's SUM and AVERAGE leave the text out."),
    "Cases behind the cell": (f"Whole number, or the text 'fewer than {SUPPRESSION_THRESHOLD}'",
                              14, "How many different cases the count comes from."),
}  # fmt: skip
CSV_ROWS_A_CHUNK = 500


class _Line:
    """What ``csv.writer`` writes to, handing each line back instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def csv_chunks(export: Export) -> Iterator[bytes]:
    """The CSV file in pieces of a few hundred rows, for a streamed download; a byte-order
    mark first so that spreadsheets read the text as UTF-8. Dates are ISO (2025-03-09)."""
    writer = csv.writer(_Line())
    yield ("\ufeff" + writer.writerow([neutralise(cell) for cell in export.header])).encode()
    for start in range(0, len(export.rows), CSV_ROWS_A_CHUNK):
        lines = (
            writer.writerow([neutralise(cell) for cell in row])
            for row in export.rows[start : start + CSV_ROWS_A_CHUNK]
        )
        yield "".join(lines).encode("utf-8")


def to_csv(export: Export) -> bytes:
    return b"".join(csv_chunks(export))


def to_xlsx(export: Export) -> bytes:
    """Three sheets, each with a bold, frozen header row and a filter on it: the results, what
    each column holds, and what the export covers. Dates are dates and counts numbers; text a
    spreadsheet would run as a formula is neutralised."""
    described = [[column, COLUMNS[column][0], COLUMNS[column][2]] for column in export.header]
    return xlsx.workbook(
        [
            xlsx.Sheet(
                "Results",
                [neutralise(c) for c in export.header],
                ([neutralise(v) for v in row] for row in export.rows),
                [COLUMNS[c][1] for c in export.header],
            ),
            xlsx.Sheet("Columns", ["Column", "Type", "What it holds"], described, [22, 30, 90]),
            xlsx.Sheet(
                "About",
                ["About this export", ""],
                ([neutralise(v) for v in row] for row in export.about),
                [16, 90],
            ),
        ]
    )
