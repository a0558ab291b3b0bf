"""The back of the report: immediate concerns, recommendations, learning for the region, the
CQC quality statements crosswalk, and the appendix of cases."""

from __future__ import annotations

from audits.counting import CategoryCounts, percent
from audits.cqc import QualityStatement, we_statement
from audits.evidence import concern_summary
from audits.models import CaseFile, Visit
from audits.models import Recommendation as HostRecommendation

from .data import CaseRow, CrosswalkRow, ImmediateConcerns, QuestionResult, Recommendation
from .reading import LevelCounts, Sample, ToolScales
from .themes import lines


def immediate_concerns(visit: Visit) -> ImmediateConcerns | None:
    """How many concerns the team raised and where their handling stands, never what they
    were (one query)."""
    summary = concern_summary(visit)
    if not summary.raised:
        return None
    stages = [
        (summary.closed, "closed by the council after it acted"),
        (summary.acknowledged, "acknowledged by the council and still open"),
        (summary.waiting, "waiting for the council to acknowledge"),
    ]
    handling = [f"{count} {text}" for count, text in stages if count]
    if summary.longest_wait is not None:
        hours = summary.longest_wait.total_seconds() / 3600
        wait = f"{round(hours)} hours" if hours >= 2 else f"{round(hours * 60)} minutes"
        handling.append(f"The longest wait for the council's acknowledgement was {wait}.")
    return ImmediateConcerns(count=summary.raised, handling=tuple(handling))


def recommendations_of(visit: Visit) -> tuple[Recommendation, ...]:
    """The team's recommendations for the host, as the report prints them (one query)."""
    rows = HostRecommendation.objects.filter(visit=visit).select_related("theme")
    return tuple(
        Recommendation(text=row.text, theme=row.theme.title if row.theme else None) for row in rows
    )


def learning_for_region(tool: ToolScales, findings: dict[int, dict]) -> tuple[str, ...]:
    """The strengths of the themes the team marked as good practice to share (no query)."""
    shared = []
    for theme in tool.themes:
        finding = findings.get(theme.pk)
        if finding and finding["shareable_good_practice"]:
            shared += [f"{theme.title}: {line}" for line in lines(finding["strengths"])]
    return tuple(shared)


def crosswalk(tool: ToolScales, questions: tuple[QuestionResult, ...]) -> tuple[CrosswalkRow, ...]:
    """Each CQC quality statement the tool's questions give evidence for (no query)."""
    rows = []
    for statement in QualityStatement:
        evidence = [
            result
            for question, result in zip(tool.questions, questions, strict=True)
            if statement.value in (question.cqc_statements or ())
        ]
        if not evidence:
            continue
        best = sum(result.answers.best for result in evidence)
        counted = sum(result.answers.counted for result in evidence)
        rows.append(
            CrosswalkRow(
                key=statement.value,
                statement=str(statement.label),
                themes=tuple(dict.fromkeys(result.theme_title for result in evidence)),
                questions=tuple(f"{result.number} {result.text}" for result in evidence),
                best_percent=percent(best, counted),
                we_statement=we_statement(statement.value),
            )
        )
    return tuple(rows)


def cases_appendix(
    sample: Sample, tool: ToolScales, per_case: dict[int, LevelCounts]
) -> tuple[CaseRow, ...]:
    """Each case by its pseudonymous reference, with its agreed judgement (no query)."""
    rows = []
    for row in sample.rows:
        level = tool.level_by_id.get(row["agreed_level_id"])
        counts = CategoryCounts.of(per_case.get(row["pk"], {}), tool.categories)
        rows.append(
            CaseRow(
                reference=row["reference"],
                case_type=str(CaseFile.CaseType(row["case_type"]).label),
                age_band=str(CaseFile.AgeBand(row["age_band"]).label),
                support_reason=str(CaseFile.SupportReason(row["primary_support_reason"]).label),
                judgement=level.label if level else None,
                judgement_colour=level.colour if level else None,
                met=counts.met,
                counted=counts.applicable,
            )
        )
    return tuple(rows)
