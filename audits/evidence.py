"""The evidence for each theme of a visit: what the case files show and what people said.

Three sources, triangulated per theme:

- **answers**: how the visit's case files were rated on the theme's questions, counted per
  level by ``audits.counting``'s rules, as the covering report counts them: Not applicable
  is kept apart (it leaves the denominator); not evidenced on file stays in and counts as a
  shortfall.
- **judgements**: the agreed overall judgement of each case (the moderated one where there
  is one), for the visit as a whole; the same on every theme's page.
- **conversations**: the views leaders, practitioners and team managers expressed about the
  theme, counted per level of the judgement scale, with their short summaries.

Counting is done by the database (``GROUP BY`` with ``COUNT``), so the number of queries
stays the same however many case files, questions or themes a visit has: four for one
theme, five for every theme. The covering report reuses this module, and takes from
``concern_summary`` all it says about immediate concerns: how many, and how handled.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, Q

from .counting import Distribution, LevelCount
from .models import (
    Answer,
    CaseFile,
    CaseJudgement,
    Conversation,
    ConversationView,
    ImmediateConcern,
    RatingLevel,
    RatingScale,
    Theme,
    Visit,
)


@dataclass(frozen=True)
class GroupViews:
    """What one group of people said about a theme."""

    group: str
    label: str
    distribution: Distribution
    views: list[ConversationView] = field(default_factory=list)


@dataclass(frozen=True)
class ThemeEvidence:
    theme: Theme
    answers: Distribution
    judgements: Distribution
    conversations: list[GroupViews]
    # Answers are counted as recorded, before moderation: how many of them are on case
    # audits already agreed (or locked), so the page can say the rest are provisional.
    answers_recorded: int = 0
    answers_agreed: int = 0

    @property
    def answers_provisional(self) -> int:
        return self.answers_recorded - self.answers_agreed

    @property
    def has_conversation_views(self) -> bool:
        return any(group.views for group in self.conversations)

    @property
    def views_by_level(self) -> list[tuple[LevelCount, list[int]]]:
        """Each judgement level with how many views each group expressed at it, side by
        side: where leaders and practitioners diverge shows at a glance."""
        if not self.conversations:
            return []
        levels = self.conversations[0].distribution.counted_levels
        return [
            (level, [group.distribution.counted_levels[i].count for group in self.conversations])
            for i, level in enumerate(levels)
        ]


def _question_levels(levels: list[RatingLevel], counts: dict[int, int]) -> list[RatingLevel]:
    """The question-rating levels to show: every level of a scale that was used."""
    used_scales = {level.scale_id for level in levels if level.pk in counts}
    return [
        level
        for level in levels
        if level.scale.purpose == RatingScale.Purpose.QUESTION
        and (level.scale_id in used_scales or not used_scales)
    ]


def _tool_levels(visit: Visit) -> list[RatingLevel]:
    return list(
        RatingLevel.objects.filter(scale__tool_id=visit.tool_id)
        .select_related("scale")
        .order_by("scale_id", "position", "pk")
    )


# A case audit's answers are settled once moderation has agreed the case.
SETTLED_CASE_STATUSES = frozenset({CaseFile.Status.AGREED, CaseFile.Status.LOCKED})


def _answer_counts(
    visit: Visit, theme: Theme | None
) -> tuple[dict[int, dict[int, int]], dict[int, int]]:
    """{theme id: {level id: number of answers}} for the visit's case files, and
    {theme id: how many of those answers are on agreed case audits}.

    Two queries: the visit's cases with their status, then their answers named by case id.
    Joining answers to case files by visit once took two minutes on PostgreSQL, planned from
    statistics that said the tables were empty; a short list of ids cannot be misread so.
    """
    status_of = dict(CaseFile.objects.filter(visit=visit).values_list("pk", "status"))
    answers = Answer.objects.filter(case_file_id__in=list(status_of), level__isnull=False)
    if theme is not None:
        answers = answers.filter(question__theme=theme)
    counts: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    agreed: dict[int, int] = defaultdict(int)
    rows = answers.order_by().values("question__theme_id", "level_id", "case_file_id")
    for row in rows.annotate(n=Count("pk")):
        counts[row["question__theme_id"]][row["level_id"]] += row["n"]
        if status_of[row["case_file_id"]] in SETTLED_CASE_STATUSES:
            agreed[row["question__theme_id"]] += row["n"]
    return counts, agreed


def _judgement_counts(visit: Visit) -> dict[int, int]:
    """{level id: number of cases} by each case's agreed judgement."""
    rows = (
        CaseJudgement.objects.filter(case_file__visit=visit)
        .with_agreed_level()
        .filter(agreed_level_id__isnull=False)
        .order_by()
        .values("agreed_level_id")
        .annotate(n=Count("pk"))
    )
    return {row["agreed_level_id"]: row["n"] for row in rows}


def _views(visit: Visit, theme: Theme | None) -> dict[int, list[ConversationView]]:
    views = ConversationView.objects.filter(conversation__visit=visit).select_related(
        "conversation", "level"
    )
    if theme is not None:
        views = views.filter(theme=theme)
    by_theme: dict[int, list[ConversationView]] = defaultdict(list)
    for view in views.order_by("conversation__held_on", "conversation_id", "pk"):
        by_theme[view.theme_id].append(view)
    return by_theme


def _group_views(judgement_levels: list[RatingLevel], views: list[ConversationView]):
    groups = []
    for group in Conversation.Group:
        mine = [view for view in views if view.conversation.group == group]
        counts: dict[int, int] = defaultdict(int)
        for view in mine:
            counts[view.level_id] += 1
        groups.append(
            GroupViews(
                group=group.value,
                label=group.label,
                distribution=Distribution.of(judgement_levels, counts),
                views=mine,
            )
        )
    return groups


def _build(visit: Visit, themes: list[Theme]) -> dict[int, ThemeEvidence]:
    only = themes[0] if len(themes) == 1 else None
    levels = _tool_levels(visit)
    answer_counts, agreed_counts = _answer_counts(visit, only)
    judgement_levels = [
        level for level in levels if level.scale.purpose == RatingScale.Purpose.JUDGEMENT
    ]
    judgements = Distribution.of(judgement_levels, _judgement_counts(visit))
    views = _views(visit, only)
    evidence = {}
    for theme in themes:
        counts = answer_counts.get(theme.pk, {})
        evidence[theme.pk] = ThemeEvidence(
            theme=theme,
            answers=Distribution.of(_question_levels(levels, counts), counts),
            judgements=judgements,
            conversations=_group_views(judgement_levels, views.get(theme.pk, [])),
            answers_recorded=sum(counts.values()),
            answers_agreed=agreed_counts.get(theme.pk, 0),
        )
    return evidence


def theme_evidence(visit: Visit, theme: Theme) -> ThemeEvidence:
    """One theme's evidence in four queries: levels, answers, judgements, views."""
    return _build(visit, [theme])[theme.pk]


def visit_evidence(visit: Visit) -> list[ThemeEvidence]:
    """Every theme's evidence, in the tool's order, in five queries: themes, levels, answers,
    judgements, views."""
    themes = list(
        Theme.objects.filter(tool_id=visit.tool_id, kind=Theme.Kind.PRACTICE).order_by(
            "position", "pk"
        )
    )
    if not themes:
        return []
    evidence = _build(visit, themes)
    return [evidence[theme.pk] for theme in themes]


@dataclass(frozen=True)
class ConcernSummary:
    """All the covering report says about immediate concerns: how many, and how handled."""

    raised: int
    waiting: int  # not yet acknowledged
    acknowledged: int  # acknowledged, still open
    closed: int
    longest_wait: datetime.timedelta | None  # from raising to acknowledgement


def concern_summary(visit: Visit) -> ConcernSummary:
    """The visit's immediate concerns counted by where their handling stands, in one query."""
    status = ImmediateConcern.Status
    wait = ExpressionWrapper(F("acknowledged_at") - F("raised_at"), output_field=DurationField())
    counts = ImmediateConcern.objects.filter(visit=visit).aggregate(
        raised=Count("pk"),
        waiting=Count("pk", filter=Q(status=status.RAISED)),
        acknowledged=Count("pk", filter=Q(status=status.ACKNOWLEDGED)),
        closed=Count("pk", filter=Q(status=status.CLOSED)),
        longest_wait=Max(wait),
    )
    return ConcernSummary(**counts)
