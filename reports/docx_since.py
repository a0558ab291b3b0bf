"""The Word document's "Since the last audit" section, from the report's ``since_last``.

``render_docx`` hands over its table writer, so the tables look like the rest of the file.
"""

from __future__ import annotations

from collections.abc import Callable

from auditportal import dates

from .builder.data import Report


def since_last_audit(doc, report: Report, table: Callable) -> None:
    found = report.since_last
    if found is None:
        return
    doc.add_heading("Since the last audit", level=1)
    doc.add_paragraph(
        f"How the results moved since the council's last issued audit, which began on "
        f"{dates.day(found.previous_first_day)}. {found.method}"
    )
    doc.add_paragraph(plan_sentence(found.plan))
    before, now = found.judgements_before, found.judgements_now
    table(
        doc,
        "Cases judged Good or better",
        ["Audit", "Good or better", "Judgements"],
        [["Last time", before.text, before.spread], ["This time", now.text, now.spread]],
    )
    doc.add_paragraph(f"Movement: {found.judgement_change_text}.")
    for theme in found.themes:
        doc.add_heading(f"{theme.number}. {theme.title}", level=2)
        doc.add_paragraph(
            f"The team's judgement: {theme.judgement_before or 'not recorded'} last time, "
            f"{theme.judgement_now or 'not recorded'} this time."
        )
        rows = [["The theme's shared questions", *_cells(theme)]]
        rows += [[f"{q.number} {q.text}", *_cells(q)] for q in theme.questions]
        table(
            doc,
            f"{theme.title}: share of counted answers that were Met",
            ["Question", "Last time", "This time", "Movement"],
            rows,
        )
    if found.not_compared or found.no_longer_asked:
        doc.add_heading("Questions that could not be compared", level=2)
        for line in (*found.not_compared, *found.no_longer_asked):
            doc.add_paragraph(line, style="List Bullet")


def _cells(row) -> list[str]:
    return [row.before.summary, row.now.summary, row.change_text]


def plan_sentence(plan) -> str:
    """Where the last plan stood on this audit's first day, as the HTML part says it."""
    day = f"{dates.day(plan.day)}"
    if not plan.actions:
        return (
            f"On {day}, the first day of this audit, the last audit's {plan.recommendations} "
            "recommendations had no actions in an improvement plan."
        )
    return (
        f"On {day}, the first day of this audit, the improvement plan from the last one had "
        f"{plan.actions} actions answering {plan.answered} of its {plan.recommendations} "
        f"recommendations: {plan.done} done, {plan.under_way} under way, {plan.planned} "
        f"planned and {plan.dropped} dropped; {plan.overdue} overdue."
    )
