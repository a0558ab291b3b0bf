"""A council's CQC evidence as a pack to attach to its self-assessment: a PDF laid out by the
covering report's pipeline (``reports.pdf``) and an editable Word document, both marked
OFFICIAL-SENSITIVE on every page, from the same ``CouncilEvidence`` the page shows."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from auditportal import dates
from reports import docx as report_docx
from reports import pdf as report_pdf
from reports.docx_parts import british_english, field

from .cqc_evidence import CouncilEvidence, StatementEvidence

PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"


def title(evidence: CouncilEvidence) -> str:
    return f"{evidence.council}: evidence from case file audits, by CQC quality statement"


def filename(evidence: CouncilEvidence, extension: str) -> str:
    return f"{slugify(evidence.council)}-cqc-evidence-{timezone.localdate():%Y-%m-%d}.{extension}"


def render_pdf(evidence: CouncilEvidence) -> bytes:
    html = render_to_string(
        "learning/cqc_pack_pdf.html",
        {
            "evidence": evidence,
            "title": title(evidence),
            "marking": PROTECTIVE_MARKING,
            "made_on": timezone.localdate(),
        },
    )
    return report_pdf.html_to_pdf(html)


def render_docx(evidence: CouncilEvidence) -> bytes:
    from docx import Document

    doc = Document()
    _set_up(doc, evidence)
    doc.add_paragraph().add_run(PROTECTIVE_MARKING).bold = True
    doc.add_heading(title(evidence), level=0)
    doc.add_paragraph(
        f"From {evidence.council}'s {evidence.audits} issued case file audits, made on "
        f"{dates.day(timezone.localdate())}. Results are the share of counted answers that were "
        "Met (Not applicable is left out); a result from fewer than five cases is suppressed."
    )
    for number, statement in enumerate(evidence.statements, start=1):
        _statement(doc, number, statement)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _statement(doc, number: int, statement: StatementEvidence) -> None:
    doc.add_heading(f"{number}. {statement.label}", level=1)
    if statement.we_statement:
        doc.add_paragraph(f"“{statement.we_statement}”", style="Quote")
    if not statement.has_evidence:
        doc.add_paragraph("None of the council's issued audits asked a question tagged with it.")
        return
    rows = [
        [f"{dates.day(r.first_day)}", r.tool, str(r.questions), str(r.cases), r.text]
        for r in statement.results
    ]
    header = ["Audit", "Tool", "Questions", "Cases", "Met"]
    report_docx._table(doc, "Results over time", header, rows, numeric={2, 3, 4})
    for heading, items in (
        ("Strengths", statement.strengths),
        ("Areas for development", statement.areas_for_development),
    ):
        if items:
            doc.add_heading(heading, level=2)
            report_docx._bullets(doc, [f"{i.text} ({i.theme}, {i.first_day:%B %Y})" for i in items])
    if statement.recommendations:
        doc.add_heading("Recommendations and the improvement plan", level=2)
        report_docx._bullets(doc, [_progress(item) for item in statement.recommendations])


def _progress(item) -> str:
    plan = f"{item.done} of {item.actions} actions done" if item.actions else "no actions yet"
    late = f", {item.overdue} overdue" if item.overdue else ""
    return f"{item.text} ({item.theme}, {item.first_day:%B %Y}): {plan}{late}"


def _set_up(doc, evidence: CouncilEvidence) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.text = PROTECTIVE_MARKING
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.runs[0].bold = True
    footer = section.footer.paragraphs[0]
    footer.add_run(f"{report_docx._clean(title(evidence))}    Page ")
    field(footer, "PAGE", "1")
    footer.add_run(" of ")
    field(footer, "NUMPAGES", "1")
    properties = doc.core_properties
    properties.title = report_docx._clean(title(evidence))
    properties.subject = "Evidence for CQC's assessment of local authorities"
    properties.language = "en-GB"
    properties.keywords = PROTECTIVE_MARKING
    doc.styles["Normal"].font.name = report_docx.FONT
    british_english(doc)
