"""Each theme of the report: what the case files showed, question by question; what leaders
and what practitioners said; where the three agree (``reports.triangulation``); and the team's
findings, narrative and lines of enquiry.

Team managers' views count with practitioners', as the region's method has it: practitioners
are social workers and team managers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from audits.counting import Distribution
from audits.models import Conversation, ConversationView, RatingLevel, Theme, Visit

from .. import triangulation as rule
from ..models import ReportSection
from .data import GroupView, QuestionResult, ThemeSection, Triangulation
from .reading import LevelCounts, ToolScales

# Whose views are read together as "practitioners" (see the module's docstring).
PRACTITIONER_GROUPS = (Conversation.Group.PRACTITIONERS, Conversation.Group.MANAGERS)
LEADERS = "leaders"
PRACTITIONERS = "practitioners and team managers"

View = tuple[str, int, str]  # group, level id, summary


def lines(text: str) -> tuple[str, ...]:
    """The non-empty lines of what the team typed, without list marks."""
    return tuple(line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t"))


def question_results(
    tool: ToolScales, per_question: dict[int, LevelCounts]
) -> tuple[QuestionResult, ...]:
    """Each rated question's answers, numbered "3.2" for theme 3, question 2 (no query)."""
    theme_number = {theme.pk: n for n, theme in enumerate(tool.themes, start=1)}
    theme_title = {theme.pk: theme.title for theme in tool.themes}
    position_in_theme: dict[int, int] = defaultdict(int)
    results = []
    for question in tool.questions:
        position_in_theme[question.theme_id] += 1
        results.append(
            QuestionResult(
                key=question.key,
                number=f"{theme_number[question.theme_id]}.{position_in_theme[question.theme_id]}",
                text=question.text,
                theme_title=theme_title[question.theme_id],
                cqc_statements=tuple(question.cqc_statements or ()),
                answers=Distribution.of(
                    tool.levels_of[question.scale_id], per_question.get(question.pk, {})
                ),
            )
        )
    return tuple(results)


def theme_sections(
    visit: Visit,
    tool: ToolScales,
    per_theme: dict[int, LevelCounts],
    questions: tuple[QuestionResult, ...],
    findings: dict[int, dict],
    kinds: dict[int, tuple] | None = None,
) -> tuple[ThemeSection, ...]:
    """Every theme in the tool's order, in two queries: the report's text, the views."""
    kinds = kinds or {}
    texts = {s.theme_id: s for s in ReportSection.objects.filter(report__visit=visit).order_by()}
    views_of: dict[int, list[View]] = defaultdict(list)
    for theme_id, *view in (
        ConversationView.objects.filter(conversation__visit=visit)
        .order_by("conversation__held_on", "conversation_id", "pk")
        .values_list("theme_id", "conversation__group", "level_id", "summary")
    ):
        views_of[theme_id].append(tuple(view))
    questions_of: dict[int, list[QuestionResult]] = defaultdict(list)
    for question, result in zip(tool.questions, questions, strict=True):
        questions_of[question.theme_id].append(result)
    return tuple(
        theme_section(
            theme,
            number,
            tool,
            answers=Distribution.of(tool.question_levels, per_theme.get(theme.pk, {})),
            questions=tuple(questions_of[theme.pk]),
            views=views_of[theme.pk],
            text=texts.get(theme.pk),
            finding=findings.get(theme.pk),
            other_kinds=kinds.get(theme.pk, ()),
        )
        for number, theme in enumerate(tool.themes, start=1)
    )


def theme_section(
    theme: Theme,
    number: int,
    tool: ToolScales,
    *,
    answers: Distribution,
    questions: tuple[QuestionResult, ...],
    views: list[View],
    text: ReportSection | None,
    finding: dict | None,
    other_kinds: tuple = (),
) -> ThemeSection:
    """One theme: the case files, the two groups' views, the verdict, the team's findings."""
    leaders = group_view(
        LEADERS,
        [view for view in views if view[0] == Conversation.Group.LEADERS],
        tool.judgement_levels,
    )
    practitioners = group_view(
        PRACTITIONERS,
        [view for view in views if view[0] in PRACTITIONER_GROUPS],
        tool.judgement_levels,
    )
    team_level = tool.level_by_id.get(finding["level_id"]) if finding else None
    return ThemeSection(
        key=theme.key,
        number=number,
        title=theme.title,
        description=theme.description,
        anchor=f"theme-{theme.key}",
        section_key=f"theme-{theme.key}",
        answers=answers,
        questions=questions,
        other_kinds=other_kinds,
        narrative=text.narrative if text else "",
        lines_of_enquiry=lines(text.lines_of_enquiry) if text else (),
        team_judgement=team_level.label if team_level else None,
        leaders=leaders,
        practitioners=practitioners,
        triangulation=triangulate(answers, leaders, practitioners, tool.judgement_levels),
        strengths=lines(finding["strengths"]) if finding else (),
        areas_for_development=lines(finding["areas_for_development"]) if finding else (),
    )


def group_view(name: str, views: list[View], judgement_levels: list[RatingLevel]) -> GroupView:
    """One group's views of a theme: how many at each level, and what they said, in order."""
    counts: dict[int, int] = defaultdict(int)
    summaries = []
    for group, level_id, summary in views:
        counts[level_id] += 1
        said = " ".join(summary.split())
        if group == Conversation.Group.MANAGERS:
            said = f"Team managers: {said}"
        summaries.append(said)
    return GroupView(
        group=name,
        answers=Distribution.of(judgement_levels, counts),
        summaries=tuple(summaries),
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def triangulate(
    files: Distribution,
    leaders: GroupView,
    practitioners: GroupView,
    judgement_levels: Sequence[RatingLevel],
) -> Triangulation:
    """The theme's verdict under ``reports.triangulation``'s rule."""
    scale = [
        rule.Level(level.label, level.score)
        for level in judgement_levels
        if not (level.is_not_applicable or level.is_not_evidenced)
    ]

    def views_source(view: GroupView) -> rule.Source:
        scores = [level.score for level in view.answers.levels for _ in range(level.count)]
        basis = _plural(view.count, "view") if view.count else "no views"
        return rule.Source(view.group, rule.level_for_views(scores, scale), basis)

    files_basis = (
        f"{files.best_percent}% of {_plural(files.counted, 'rating')} at the best level"
        if files.counted
        else "no ratings"
    )
    found = rule.verdict(
        files=rule.Source(
            "the case files", rule.level_for_percent(files.best_percent, scale), files_basis
        ),
        leaders=views_source(leaders),
        practitioners=views_source(practitioners),
        levels=scale,
    )
    return Triangulation(
        verdict=found.verdict,
        explanation=found.explanation,
        sources=tuple(
            (source.name, source.level.label if source.level else None, source.basis)
            for source in found.sources
        ),
    )


def suggested_narrative(theme: ThemeSection) -> str:
    """Where a theme's narrative starts from when the team has written none: its findings."""
    # The team's judgement is printed beside the narrative, so it is not repeated in it.
    paragraphs = [" ".join(theme.strengths), " ".join(theme.areas_for_development)]
    return "\n\n".join(p for p in paragraphs if p)


def suggested_lines_of_enquiry(theme: ThemeSection) -> str:
    """A question for the peer challenge team where the three sources do not agree."""
    found = theme.triangulation
    if found is None or found.verdict not in (rule.PARTLY_AGREE, rule.DIVERGE):
        return ""
    readings = "; ".join(f"{name}: {level}" for name, level, _ in found.sources if level)
    return (
        f"On {theme.title.lower()} the sources differ ({readings}): what explains the "
        "difference, and which picture does the council recognise?"
    )
