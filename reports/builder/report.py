"""``build``: a visit's covering report, section by section, as plain data."""

from __future__ import annotations

from audits.counting import Distribution
from audits.models import Theme, Visit

from .back import (
    cases_appendix,
    crosswalk,
    immediate_concerns,
    learning_for_region,
    recommendations_of,
)
from .data import Report, Section
from .front import auditors_agreement, cover, scope_and_method, summary_text
from .kinds import read_kind_results
from .reading import count_answers, read_findings, read_sample, read_tool
from .since import since_last_audit
from .themes import question_results, theme_sections

# visit, team, themes, questions, levels, answers per question, answers per theme, answers
# per case, answers overall, cases, judgements, case types, age bands, support reasons,
# conversations per group, covering report, issued versions, theme findings, report
# sections, conversation views, blind double ratings, immediate concerns, recommendations,
# questions of every kind, their options and their answers (``kinds``), and the council's
# previous issued audit (when there is one, ``COMPARISON_QUERIES`` - 1 more
# read it).
QUERY_COUNT = 27


def _sections(themes) -> tuple[Section, ...]:
    return (
        Section("summary", "Summary of findings"),
        Section("scope", "Scope and method"),
        *(Section(f"theme-{t.key}", f"{n}. {t.title}") for n, t in enumerate(themes, start=1)),
        Section("recommendations", "Recommendations"),
        Section("crosswalk", "CQC quality statements"),
        Section("appendices", "Appendices"),
    )


def sections(visit: Visit) -> tuple[Section, ...]:
    """The parts of a visit's report that accuracy-check comments can point at (one query)."""
    return _sections(
        Theme.objects.filter(tool_id=visit.tool_id, kind=Theme.Kind.PRACTICE).order_by(
            "position", "pk"
        )
    )


def build(visit: Visit, *, draft: bool = True) -> Report:
    """The covering report of ``visit``, as plain data, in ``QUERY_COUNT`` queries."""
    # Read afresh, with what the cover needs in the same query: the report is of the visit
    # as stored now, and its queries do not depend on what the caller had loaded.
    visit = Visit.objects.select_related("host__region", "tool", "coordinator").get(pk=visit.pk)
    tool = read_tool(visit.tool)
    sample = read_sample(visit)
    answers = count_answers(visit.pk, [row["pk"] for row in sample.rows], tool)
    questions = question_results(tool, answers.per_question)
    findings = read_findings(visit)
    agreement = auditors_agreement(visit)
    return Report(
        visit_id=visit.pk,
        cover=cover(visit, draft=draft),
        scope=scope_and_method(visit, tool, len(sample.rows)),
        summary=summary_text(visit),
        answers=Distribution.of(tool.question_levels, answers.overall),
        judgements=Distribution.of(tool.judgement_levels, sample.judgements),
        not_yet_judged=sample.not_yet_judged,
        themes=theme_sections(
            visit, tool, answers.per_theme, questions, findings, read_kind_results(visit)
        ),
        questions=questions,
        cases=cases_appendix(sample, tool, answers.per_case),
        crosswalk=crosswalk(tool, questions),
        question_levels=tool.question_headings(),
        sections=_sections(tool.themes),
        immediate_concerns=immediate_concerns(visit),
        recommendations=recommendations_of(visit),
        learning_for_region=learning_for_region(tool, findings),
        calibration_agreement=agreement.percent,
        calibration_ratings=agreement.ratings,
        calibration_cases=agreement.cases,
        since_last=since_last_audit(visit),
    )
