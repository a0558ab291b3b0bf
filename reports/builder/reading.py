"""What several sections of the report read: the tool's scales, the answers counted four ways,
the sample with each case's agreed judgement, and the team's theme findings.

Every count is made by the database (``GROUP BY`` with ``COUNT``), so these take the same
ten queries whatever the size of the visit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef

from audits.conditions import excluding_hidden
from audits.counting import MET, LevelCount, categorise
from audits.models import (
    Answer,
    AuditTool,
    CaseFile,
    Question,
    QuestionCondition,
    RatingLevel,
    RatingScale,
    Theme,
    ThemeFinding,
    Visit,
)
from audits.models.casework import agreed_level_id

LevelCounts = dict[int, int]  # {level id: how many}


@dataclass(frozen=True)
class ToolScales:
    """The visit's tool as the report reads it: themes, rated questions, and levels."""

    themes: list[Theme]
    questions: list[Question]  # the rated ones, in the tool's order
    levels_of: dict[int, list[RatingLevel]]  # by scale id, in the scale's order
    level_by_id: dict[int, RatingLevel]
    categories: dict[int, str]  # by level id: Met, Partly met... (``audits.counting``)
    judgement_levels: list[RatingLevel]
    # One question scale is the norm; the tables' columns follow the first question's scale.
    question_levels: list[RatingLevel]

    def question_headings(self) -> tuple[LevelCount, ...]:
        return tuple(
            LevelCount.heading(level, is_best=self.categories[level.pk] == MET)
            for level in self.question_levels
        )


def read_tool(tool: AuditTool) -> ToolScales:
    """Three queries: themes, rated questions, levels. Context sections (the case profile)
    are not judged or charted, so only practice themes and their questions are read."""
    themes = list(
        Theme.objects.filter(tool=tool, kind=Theme.Kind.PRACTICE).order_by("position", "pk")
    )
    questions = list(
        Question.objects.filter(
            tool=tool, answer_kind=Question.AnswerKind.SCALE, theme__kind=Theme.Kind.PRACTICE
        )
        # Whether it is asked only when an earlier answer says so, in the same query.
        .annotate(conditional=Exists(QuestionCondition.objects.filter(question=OuterRef("pk"))))
        .order_by("theme__position", "theme__pk", "position", "pk")
    )
    levels = list(
        RatingLevel.objects.filter(scale__tool=tool)
        .select_related("scale")
        .order_by("scale", "position", "pk")
    )
    levels_of: dict[int, list[RatingLevel]] = defaultdict(list)
    for level in levels:
        levels_of[level.scale_id].append(level)
    return ToolScales(
        themes=themes,
        questions=questions,
        levels_of=levels_of,
        level_by_id={level.pk: level for level in levels},
        categories=categorise(levels),
        judgement_levels=[
            level for level in levels if level.scale.purpose == RatingScale.Purpose.JUDGEMENT
        ],
        question_levels=levels_of[questions[0].scale_id] if questions else [],
    )


@dataclass(frozen=True)
class AnswerCounts:
    """The visit's rated answers per level, per question, theme and case, and overall."""

    per_question: dict[int, LevelCounts]
    per_theme: dict[int, LevelCounts]
    per_case: dict[int, LevelCounts]
    overall: LevelCounts  # every answer on a question scale


def _grouped(answers, by: str) -> dict[int, LevelCounts]:
    grouped: dict[int, LevelCounts] = defaultdict(dict)
    for row in answers.values(by, "level_id").annotate(n=Count("pk")).order_by():
        grouped[row[by]][row["level_id"]] = row["n"]
    return grouped


def count_answers(visit_id: int, case_ids: list[int], tool: ToolScales) -> AnswerCounts:
    """Four queries: answers to practice themes' questions per question, per theme, per case
    and overall.

    The visit's cases are named by id (``read_sample`` has them) rather than joined: on
    PostgreSQL a join through the case files planned from stale statistics once took
    seconds per visit, where an index lookup on a short list of ids cannot go wrong.
    """
    answers = Answer.objects.filter(
        case_file_id__in=case_ids, level__isnull=False, question__theme__kind=Theme.Kind.PRACTICE
    )
    if any(question.conditional for question in tool.questions):
        # Answers kept in a question its conditions hide (until submission) are not counted;
        # a tool without conditional questions pays no query for it.
        answers = excluding_hidden(answers, [visit_id])
    question_scale_ids = {question.scale_id for question in tool.questions}
    overall = (
        answers.filter(level__scale_id__in=question_scale_ids)
        .values("level_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return AnswerCounts(
        per_question=_grouped(answers, "question_id"),
        per_theme=_grouped(answers, "question__theme_id"),
        per_case=_grouped(answers, "case_file_id"),
        overall={row["level_id"]: row["n"] for row in overall},
    )


@dataclass(frozen=True)
class Sample:
    """The visit's case files, each with its agreed judgement (the moderated one where any)."""

    rows: list[dict]  # pk, reference, case_type, age_band, primary_support_reason, agreed_level_id
    judgements: dict[int | None, int]  # cases by agreed judgement level id; None: not judged

    @property
    def not_yet_judged(self) -> int:
        judged = sum(n for level_id, n in self.judgements.items() if level_id is not None)
        return len(self.rows) - judged


def read_sample(visit: Visit) -> Sample:
    """Two queries: the cases, and how many have each agreed judgement."""
    cases = CaseFile.objects.filter(visit=visit).annotate(
        agreed_level_id=agreed_level_id("judgement__")
    )
    rows = cases.order_by("reference").values(
        "pk", "reference", "case_type", "age_band", "primary_support_reason", "agreed_level_id"
    )
    judgements = cases.values("agreed_level_id").annotate(n=Count("pk")).order_by()
    return Sample(
        rows=list(rows),
        judgements={row["agreed_level_id"]: row["n"] for row in judgements},
    )


def read_findings(visit: Visit) -> dict[int, dict]:
    """One query: the team's finding on each theme, by theme id."""
    rows = (
        ThemeFinding.objects.filter(visit=visit)
        .order_by()
        .values(
            "theme_id", "strengths", "areas_for_development", "level_id", "shareable_good_practice"
        )
    )
    return {row["theme_id"]: row for row in rows}
