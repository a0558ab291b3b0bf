"""The annual regional summary: what the region learned in a year, for the network of directors.

Built from the same panels as the regional dashboard (``learning.dashboard``) for one region's
issued audits of one year, with every council shown as a letter (the document leaves the
service, so nobody's council is named, not even the reader's), the same small-number
suppression, and only the findings the teams marked as shareable. Rendered to PDF and Word by
the covering report's pipeline (``reports.pdf`` and ``reports.docx``).
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from auditportal import dates
from audits.models import LearningAction
from authorities.models import Region
from reports import docx as report_docx
from reports import pdf as report_pdf
from reports.docx_parts import add_chart, british_english, field

from . import register
from .anonymity import SUPPRESSION_THRESHOLD, letters_only
from .cells import share_text
from .dashboard import Dashboard, assemble_dashboard
from .models import LearningVisit
from .policies import SHARED_STATUSES
from .source import Filters, Options, load_source

PROTECTIVE_MARKING = "OFFICIAL"


@dataclass
class ActionCount:
    label: str
    count: int


@dataclass
class RegionalSummary:
    region: str
    region_slug: str
    year: int
    board: Dashboard
    actions: list[ActionCount]
    overdue: int
    made_on: datetime.date
    protective_marking: str = PROTECTIVE_MARKING
    suppression_threshold: int = SUPPRESSION_THRESHOLD

    @property
    def title(self) -> str:
        return f"What the {self.region} region learned in {self.year}"

    @property
    def audits(self) -> int:
        return len(self.board.source.visits)

    @property
    def actions_total(self) -> int:
        return sum(item.count for item in self.actions)

    def filename(self, extension: str) -> str:
        return f"regional-summary-{self.region_slug}-{self.year}.{extension}"

    @property
    def headline(self) -> list[str]:
        """A few sentences a director can read first."""
        board = self.board
        if not board.has_data:
            return [f"No audit report was issued in the {self.region} region in {self.year}."]
        lines = [
            f"{self.audits} audit{'s' if self.audits != 1 else ''} of "
            f"{board.councils_count} council{'s' if board.councils_count != 1 else ''} "
            f"had their report issued in {self.year}."
        ]
        lines.append(board.recurrence_summary)
        if board.hotspots:
            top = board.hotspots[0]
            lines.append(
                f"The question most often not met or not evidenced was “{top.title}” "
                f"({top.pooled.shortfall_text} of applicable answers)."
            )
        if board.development:
            top = board.development[0]
            lines.append(
                f"Teams most often wrote an area for development under {top.title} "
                f"({top.visits} audit{'s' if top.visits != 1 else ''})."
            )
        if self.actions_total:
            lines.append(
                f"Auditors took {self.actions_total} learning action"
                f"{'s' if self.actions_total != 1 else ''} back to their own councils; "
                f"{self.overdue} {'is' if self.overdue == 1 else 'are'} overdue."
            )
        return lines


def letters_scope(region_id: int, year: int) -> str:
    """What the summary's letters are dealt for: never a scope any page uses."""
    return f"{region_id}|annual-summary|{year}"


def build_summary(*, region: Region, year: int) -> RegionalSummary:
    visits = LearningVisit.objects.filter(
        host__region=region, status__in=SHARED_STATUSES, first_day__year=year
    )
    source = load_source(visits)
    councils = {visit.host_id: visit.host_name for visit in source.visits}
    # Its own letters, dealt apart from any page's, so they cannot be joined to a page's.
    labels = letters_only(councils, scope=letters_scope(region.pk, year))
    board = assemble_dashboard(Filters(year, year, None), Options([year], []), source, labels)
    today = timezone.localdate()
    status = register.status_of(LearningAction.objects.filter(visit__in=visits.values("pk")), today)
    actions = [ActionCount(label, count) for label, count in status.rows()]
    return RegionalSummary(region.name, region.slug, year, board, actions, status.overdue, today)


def render_html(summary: RegionalSummary) -> str:
    return render_to_string("learning/summary_pdf.html", {"summary": summary, "rules": RULES})


def render_pdf(summary: RegionalSummary) -> bytes:
    return report_pdf.html_to_pdf(render_html(summary))


def render_docx(summary: RegionalSummary) -> bytes:
    from docx import Document

    doc = Document()
    _set_up(doc, summary)
    board = summary.board
    # The marking is in the header, once on every page (this one too).
    doc.add_heading(report_docx._clean(summary.title), level=0)
    doc.add_paragraph(
        f"An anonymised summary of the {summary.region} region's case file audits whose "
        f"reports were issued in {summary.year}, made on {dates.day(summary.made_on)}."
    )
    doc.add_heading("Summary", level=1)
    report_docx._bullets(doc, summary.headline)
    doc.add_heading("How to read this summary", level=1)
    report_docx._bullets(doc, RULES)
    if not board.has_data:
        return _save(doc)

    doc.add_heading("Themes by council", level=1)
    report_docx._table(
        doc,
        "Share of applicable answers Met, by theme and council",
        ["Theme", *[c.label for c in board.columns]],
        [[row.title, *[cell.text or "none" for cell in row.cells]] for row in board.grid],
        numeric=set(range(1, len(board.columns) + 1)),
    )
    doc.add_heading("Recurring themes", level=1)
    doc.add_paragraph(report_docx._clean(board.recurrence_summary))
    add_chart(doc, board.recurrence_chart)
    report_docx._table(
        doc,
        "Themes ranked by how often they fell short",
        ["Theme", "Audits where it fell short", "Share of audits"],
        [
            [r.title, f"{r.visits_short} of {r.visits_assessed}", r.rate_text]
            for r in board.recurring_themes
        ],
        numeric={1, 2},
    )
    doc.add_heading("Question hotspots", level=1)
    report_docx._table(
        doc,
        "Questions most often Not met or Not evidenced on file",
        ["Question", "Theme", "Applicable answers", "Share short"],
        [
            [r.title, r.theme_title, str(r.pooled.applicable), r.pooled.shortfall_text]
            for r in board.hotspots
        ],
        numeric={2, 3},
    )
    doc.add_heading("Areas for development that recur", level=1)
    for item in board.development:
        doc.add_heading(report_docx._clean(f"{item.title}: {item.visits} audit(s)"), level=2)
        report_docx._bullets(doc, [f"{f.council}: {f.areas_for_development}" for f in item.shared])
    if not board.development:
        doc.add_paragraph("No audit team recorded an area for development this year.")
    doc.add_heading("Good practice to share", level=1)
    report_docx._bullets(
        doc, [f"{f.theme_title} ({f.council}): {f.strengths}" for f in board.good_practice]
    )
    if not board.good_practice:
        doc.add_paragraph("No finding was marked as good practice to share this year.")
    doc.add_heading("Learning actions", level=1)
    report_docx._table(
        doc,
        "Learning actions from this year's audits, by status",
        ["Status", "Actions"],
        [[item.label, str(item.count)] for item in summary.actions]
        + [["Overdue (open or in progress, past their date)", str(summary.overdue)]],
        numeric={1},
    )
    return _save(doc)


RULES = [
    "Only audits whose covering report was issued are counted.",
    "A theme's result is the share of applicable answers that were Met; Not applicable is "
    "left out, and Not evidenced on file counts as a shortfall.",
    f"A theme falls short at an audit when fewer than {share_text(0.63)} of its applicable "
    "answers were Met (below the range CQC calls good).",
    f"Any figure built from fewer than {SUPPRESSION_THRESHOLD} cases is suppressed and left "
    "out of every total.",
    "Councils are shown as letters, dealt afresh for this document, so they cannot be matched "
    "with the letters on the regional dashboard or in other years' summaries.",
    "Findings are quoted only where the audit team marked them as shareable with the region; "
    "nothing written about a single case appears.",
]


def _set_up(doc, summary: RegionalSummary) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.text = summary.protective_marking
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.runs[0].bold = True
    footer = section.footer.paragraphs[0]
    footer.add_run(f"{report_docx._clean(summary.title)}    Page ")
    field(footer, "PAGE", "1")
    footer.add_run(" of ")
    field(footer, "NUMPAGES", "1")
    properties = doc.core_properties
    properties.title = report_docx._clean(summary.title)
    properties.subject = "Annual regional summary"
    properties.author = f"{summary.region} regional case file audit programme"
    properties.keywords = summary.protective_marking
    style = doc.styles["Normal"]
    style.font.name = report_docx.FONT
    british_english(doc)


def _save(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
