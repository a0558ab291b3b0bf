"""The report as an editable Word document, from the same ``Report`` data as the PDF.

Headings are Word's own Heading styles (so the navigation pane works), the contents are
written out from them, the PDF's charts are pictures with alt text and every style is in
British English (``docx_parts``). Tables repeat their header row on each page and rows do
not split. The protective marking is in the header, so once on every page. Text goes in
through python-docx's XML API, so nothing typed by people is ever read as markup.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from auditportal import dates

from . import charts
from .builder.data import (
    COUNTING_RULE,
    Distribution,
    GroupView,
    MixRow,
    QuestionResult,
    Report,
    ThemeSection,
)
from .charts import percent_or_dash
from .docx_kinds import other_kinds
from .docx_parts import (
    add_chart,
    british_english,
    contents_marker,
    field,
    watermark,
    write_contents,
)
from .docx_since import since_last_audit

FONT = "Arial"
# A4 less the left and right margins set in _set_up.
TEXT_WIDTH_MM = 210 - 2 * 18
# Characters XML 1.0 cannot hold; python-docx would refuse the whole document for one of them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text) -> str:
    return _NOT_XML.sub("", str(text or ""))


def _count(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _paragraphs(doc, text: str, placeholder: str = "") -> None:
    blocks = [b for b in re.split(r"\n\s*\n", _clean(text)) if b.strip()]
    if not blocks and placeholder:
        doc.add_paragraph(placeholder).runs[0].italic = True
    for block in blocks:
        paragraph = doc.add_paragraph()
        lines = block.strip().split("\n")
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            if index < len(lines) - 1:
                run.add_break()


def _bullets(doc, items, style="List Bullet") -> None:
    for item in items:
        doc.add_paragraph(_clean(item), style=style)


def _table(doc, caption: str, header: list[str], rows: list[list[str]], numeric=()) -> None:
    paragraph = doc.add_paragraph(style="Caption")
    paragraph.add_run(_clean(caption))
    paragraph.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    head = table.rows[0]
    # The header row repeats at the top of each page the table runs onto.
    head_props = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    head_props.append(repeat)
    for cell, text in zip(head.cells, header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(_clean(text))
        run.bold = True
    for values in rows:
        row = table.add_row()
        no_split = OxmlElement("w:cantSplit")
        no_split.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(no_split)
        for index, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            cell.text = _clean(text)
            if index in numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph()


def _distribution_table(doc, caption: str, dist: Distribution, unit: str = "Ratings") -> None:
    rows = [
        [
            level.label,
            str(level.count),
            "not counted" if level.is_not_applicable else percent_or_dash(level.percent),
        ]
        for level in dist.levels
    ]
    rows.append(["Counted", str(dist.counted), ""])
    _table(doc, caption, ["Level", unit, "Share"], rows, numeric={1, 2})


def _mix_table(doc, caption: str, heading: str, mix: tuple[MixRow, ...]) -> None:
    rows = [[row.label, str(row.count), percent_or_dash(row.percent)] for row in mix]
    _table(doc, caption, [heading, "Cases", "Share"], rows or [["No cases yet", "", ""]], {1, 2})


def _question_table(doc, caption: str, questions: tuple[QuestionResult, ...]) -> None:
    rows = [
        [
            f"{q.number} {q.text}",
            str(q.answers.counted),
            percent_or_dash(q.answers.best_percent),
            str(q.answers.shortfall),
            str(q.answers.not_evidenced),
            str(q.answers.not_applicable),
        ]
        for q in questions
    ]
    header = [
        "Question",
        "Counted",
        "At best level",
        "Shortfalls",
        "Not evidenced",
        "Not applicable",
    ]
    _table(doc, caption, header, rows, numeric={1, 2, 3, 4, 5})


def _set_up(doc, report: Report) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(18))
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    marking = report.cover.protective_marking
    header = section.header.paragraphs[0]
    header.text = f"DRAFT – {marking}" if report.is_draft else marking
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.runs[0].bold = True
    if report.is_draft:
        watermark(section.header, "DRAFT")
    footer = section.footer.paragraphs[0]
    footer.add_run(f"{_clean(report.title)}    Page ")
    field(footer, "PAGE", "1")
    footer.add_run(" of ")
    field(footer, "NUMPAGES", "1")
    properties = doc.core_properties
    properties.title = _clean(report.title)
    properties.subject = "Covering report" + (" (draft)" if report.is_draft else "")
    british_english(doc)
    properties.author = f"{report.cover.region} case file audit team"
    properties.keywords = marking
    # Ask Word to fill in the page numbers (footer and contents) when the file is opened.
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    doc.settings.element.append(update)


def _facts(doc, facts) -> None:
    """Label: value lines, leaving out those without a value."""
    for label, value in facts:
        if value:
            paragraph = doc.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(_clean(value))


def _cover(doc, report: Report) -> None:
    cover = report.cover
    # No marking here: the header already shows it on this page as on every other.
    if report.is_draft:
        doc.add_paragraph().add_run(f"DRAFT of version {cover.version}: not issued").bold = True
    doc.add_paragraph(f"{_clean(cover.region)}: regional case file audit")
    doc.add_heading(_clean(report.title), level=0)
    team = "; ".join(
        f"{m.name}"
        + (f", Principal Social Worker, {m.council}" if m.council else "")
        + (" (lead)" if m.is_lead else "")
        for m in cover.team
    )
    _facts(
        doc,
        [
            ("Council", f"{cover.council} ({cover.council_code})"),
            ("Days on site", dates.days(cover.first_day, cover.last_day)),
            (
                "Peer challenge",
                f"{dates.day(cover.peer_challenge_date)}" if cover.peer_challenge_date else "",
            ),
            ("Audit team", team or "Not yet chosen"),
            ("Coordinator", cover.coordinator),
            (
                "Version",
                f"Draft of version {cover.version}: not issued"
                if report.is_draft
                else f"Version {cover.version}",
            ),
        ],
    )
    doc.add_page_break()


def _contents(doc):
    """The contents page; its entries are written once every section is in (render_docx)."""
    doc.add_heading("Contents", level=1)
    marker = contents_marker(doc)
    doc.add_page_break()
    return marker


def _summary(doc, report: Report) -> None:
    doc.add_heading("Summary of findings", level=1)
    _paragraphs(doc, report.summary, "The team has not written the summary yet.")
    doc.add_heading("The picture across the themes", level=2)
    cases = report.scope.case_count
    add_chart(
        doc,
        charts.themes_overview(
            report.themes,
            chart_id="chart-overview",
            title="Ratings at the best level, theme by theme",
        ),
        f"Share of each theme's ratings at each level, across all {_count(cases, 'case')}. "
        "The figure on the right is the share at the best level.",
    )
    doc.add_heading("Every rating in the audit", level=2)
    _distribution_table(doc, "Every question, every case: ratings by level", report.answers)
    doc.add_heading("The judgement of each case", level=2)
    add_chart(
        doc,
        charts.judgement_columns(
            report.judgements,
            chart_id="chart-judgements",
            title="Cases by their agreed overall judgement",
        ),
        "The agreed overall judgement of each case (the moderated judgement where there is one).",
    )
    _distribution_table(doc, "Cases by agreed overall judgement", report.judgements, "Cases")
    if report.not_yet_judged:
        doc.add_paragraph(f"{report.not_yet_judged} case(s) have no judgement yet.")
    doc.add_heading("Where the three sources agree, theme by theme", level=2)
    _table(
        doc,
        "The case files, leaders and practitioners compared on each theme",
        [
            "Theme",
            "Case files",
            "Leaders",
            "Practitioners and team managers",
            "Verdict",
            "The team's judgement",
        ],
        [
            [
                f"{theme.number}. {theme.title}",
                *[level or "–" for _, level, _ in theme.triangulation.sources],
                theme.triangulation.verdict,
                theme.team_judgement or "Not recorded",
            ]
            for theme in report.themes
            if theme.triangulation
        ],
    )
    doc.add_paragraph("How the sources are compared is set out under Scope and method.").runs[
        0
    ].italic = True
    if report.calibration_agreement is not None:
        doc.add_paragraph(
            f"The auditors rated {_count(report.calibration_cases, 'case')} separately first, "
            "without seeing each other's ratings; they chose the same answer on "
            f"{report.calibration_agreement}% of the "
            f"{_count(report.calibration_ratings, 'question')} they both rated."
        )
    else:
        doc.add_paragraph(
            "No case was rated separately by both auditors, so there is no measure of their "
            "agreement."
        )


def _scope_and_method(doc, report: Report) -> None:
    scope = report.scope
    doc.add_heading("Scope and method", level=1)
    doc.add_paragraph(
        f"Two Principal Social Workers from other councils in the region audited a sample of "
        f"{scope.case_count} case files over two days on site, with the region's shared audit "
        "tool, and talked with the council's leaders and practitioners. Case files are known "
        "only by pseudonymous references."
    )
    _facts(
        doc,
        [
            (
                "Audit tool",
                f"{scope.tool_name}, version {scope.tool_version}: {scope.theme_count} themes, "
                f"{scope.question_count} rated questions",
            ),
            ("What changed in this version of the tool", scope.tool_changelog),
            ("Data-sharing agreement", scope.data_sharing_reference or "Not recorded"),
            ("Cases audited", str(scope.case_count)),
            ("Compared with the last audit", report.since_last and report.since_last.method),
            (
                "Conversations held",
                "; ".join(f"{c.count} with {c.group}" for c in scope.conversations),
            ),
        ],
    )
    doc.add_heading("The make-up of the sample", level=2)
    _mix_table(doc, "Cases by type", "Case type", scope.by_case_type)
    _mix_table(doc, "Cases by age band", "Age band", scope.by_age_band)
    _mix_table(
        doc, "Cases by primary support reason", "Primary support reason", scope.by_support_reason
    )
    doc.add_heading("How the figures are counted", level=2)
    doc.add_paragraph(COUNTING_RULE)
    doc.add_heading("How the three sources are compared", level=2)
    doc.add_paragraph(
        "For each theme the team sets what the case files show beside what the council's "
        "leaders (its Principal Social Worker, Director and Assistant Director) said and what "
        "practitioners said. Team managers' views are read with practitioners', as both work "
        "with people day to day."
    )
    doc.add_paragraph(_clean(report.triangulation_rule))


def _theme_chart_caption(theme: ThemeSection) -> str:
    answers = theme.answers
    said = f"{_count(answers.total, 'rating')} across {_count(len(theme.questions), 'question')}"
    if not answers.counted:
        return f"{said}; none counted yet."
    return (
        f"{said}; {answers.best_percent}% at the best level, "
        f"{_count(answers.shortfall, 'shortfall')} ({answers.not_evidenced} not evidenced on file)."
    )


def _group_view(doc, view: GroupView) -> None:
    doc.add_heading(f"What {view.group} said", level=2)
    if view.count:
        doc.add_paragraph(view.sentence)
        _bullets(doc, view.summaries)
    else:
        doc.add_paragraph(f"No conversation with {view.group} touched this theme.").runs[
            0
        ].italic = True


def _triangulation(doc, theme: ThemeSection) -> None:
    doc.add_heading("Where the three sources agree", level=2)
    paragraph = doc.add_paragraph()
    paragraph.add_run(f"{theme.triangulation.verdict}.").bold = True
    paragraph.add_run(" " + _clean(theme.triangulation.explanation))
    _table(
        doc,
        f"The three sources on {theme.title}",
        ["Source", "Where it sits on the judgement scale", "What it rests on"],
        [
            [name[:1].upper() + name[1:], level or "No evidence", basis]
            for name, level, basis in theme.triangulation.sources
        ],
    )


def _theme(doc, theme: ThemeSection) -> None:
    doc.add_page_break()
    doc.add_heading(_clean(f"{theme.number}. {theme.title}"), level=1)
    if theme.description:
        doc.add_paragraph(_clean(theme.description))
    doc.add_heading("What the case files showed", level=2)
    add_chart(
        doc,
        charts.distribution_bar(
            theme.answers, chart_id=f"{theme.anchor}-chart", title=f"Ratings on {theme.title}"
        ),
        _theme_chart_caption(theme),
    )
    _distribution_table(doc, f"Ratings on {theme.title}", theme.answers)
    _question_table(doc, f"Results by question: {theme.title}", theme.questions)
    other_kinds(doc, theme, _table)
    if theme.narrative:
        doc.add_heading("The team's findings", level=2)
        _paragraphs(doc, theme.narrative)
    if theme.team_judgement:
        doc.add_paragraph(f"The team's judgement of this theme: {_clean(theme.team_judgement)}")
    for view in (theme.leaders, theme.practitioners):
        if view:
            _group_view(doc, view)
    if theme.triangulation:
        _triangulation(doc, theme)
    for title, items in (
        ("Strengths", theme.strengths),
        ("Areas for development", theme.areas_for_development),
        ("Lines of enquiry for the peer challenge team", theme.lines_of_enquiry),
    ):
        if items:
            doc.add_heading(title, level=2)
            _bullets(doc, items)


def _immediate_concerns(doc, report: Report) -> None:
    if not report.immediate_concerns:
        return
    doc.add_heading("Immediate concerns", level=1)
    doc.add_paragraph(
        f"The team raised {report.immediate_concerns.count} immediate concern(s) with the "
        "council during the visit. They are tracked apart from this report."
    )
    _bullets(doc, report.immediate_concerns.handling)


def _recommendations(doc, report: Report) -> None:
    doc.add_heading("Recommendations", level=1)
    if report.recommendations:
        _bullets(
            doc,
            [r.text + (f" ({r.theme})" if r.theme else "") for r in report.recommendations],
            style="List Number",
        )
    else:
        doc.add_paragraph("No recommendations have been recorded.")


def _learning_for_region(doc, report: Report) -> None:
    if not report.learning_for_region:
        return
    doc.add_heading("Learning for the region", level=1)
    doc.add_paragraph(
        "Good practice the team found here and chose to share with the other councils in "
        "the region."
    )
    _bullets(doc, report.learning_for_region)


def _crosswalk(doc, report: Report) -> None:
    doc.add_heading("CQC quality statements", level=1)
    _table(
        doc,
        "Evidence from this audit for each CQC quality statement",
        ["Quality statement", "Themes", "Questions", "At best level"],
        [
            [
                f"{row.statement}\n“{row.we_statement}”" if row.we_statement else row.statement,
                "; ".join(row.themes),
                "\n".join(row.questions),
                percent_or_dash(row.best_percent),
            ]
            for row in report.crosswalk
        ]
        or [["No question is linked to a quality statement", "", "", ""]],
        numeric={3},
    )


def _cases_appendix(doc, report: Report) -> None:
    doc.add_page_break()
    doc.add_heading("Appendix A: the cases", level=1)
    _table(
        doc,
        "The cases audited, with their agreed judgement",
        [
            "Reference",
            "Case type",
            "Age band",
            "Primary support reason",
            "At best level",
            "Judgement",
        ],
        [
            [
                c.reference,
                c.case_type,
                c.age_band,
                c.support_reason,
                f"{c.met} of {c.counted}",
                c.judgement or "Not yet judged",
            ]
            for c in report.cases
        ],
        numeric={4},
    )


def _questions_appendix(doc, report: Report) -> None:
    doc.add_heading("Appendix B: results by question", level=1)
    header = ["Question", *[level.label for level in report.question_levels], "At best level"]
    _table(
        doc,
        "Ratings of every question across the cases",
        header,
        [
            [
                f"{q.number} {q.text}",
                *[
                    str({lv.key: lv.count for lv in q.answers.levels}.get(level.key, 0))
                    for level in report.question_levels
                ],
                percent_or_dash(q.answers.best_percent),
            ]
            for q in report.questions
        ],
        numeric=set(range(1, len(header))),
    )


def render_docx(report: Report) -> bytes:
    """The whole report as a .docx file, section by section in the report's order."""
    doc = Document()
    _set_up(doc, report)
    _cover(doc, report)
    contents = _contents(doc)
    _summary(doc, report)
    since_last_audit(doc, report, _table)
    _scope_and_method(doc, report)
    for theme in report.themes:
        _theme(doc, theme)
    _immediate_concerns(doc, report)
    _recommendations(doc, report)
    _learning_for_region(doc, report)
    _crosswalk(doc, report)
    _cases_appendix(doc, report)
    _questions_appendix(doc, report)
    write_contents(doc, contents, text_width_mm=TEXT_WIDTH_MM)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
