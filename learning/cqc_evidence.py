"""A council's evidence for CQC's assessment of its Care Act duties, by quality statement.

For each of CQC's nine local authority quality statements (``audits.cqc``), from the
council's issued (or closed) audits, oldest first:

- **results over time**: at each audit, the share of counted answers that were Met on the
  questions tagged with the statement (``audits.counting``: Not applicable leaves the
  denominator), with the cases behind it; fewer than five cases is suppressed;
- **what the teams wrote** under the themes those questions are in: strengths and areas for
  development from the theme findings;
- **recommendations** under those themes, with their improvement plan's progress.

``council_evidence`` reads it in ``EVIDENCE_QUERIES`` queries, however many audits.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.utils import timezone

from audits.counting import CategoryCounts, ShareMet, categorise
from audits.cqc import QualityStatement, we_statement
from audits.models import (
    Answer,
    PlanAction,
    Question,
    RatingLevel,
    Recommendation,
    ThemeFinding,
    Visit,
)
from authorities.models import Authority

from .policies import SHARED_STATUSES

# visits, questions, levels, answers, theme findings, recommendations, plan actions.
EVIDENCE_QUERIES = 7


@dataclass(frozen=True)
class AuditResult(ShareMet):
    """One audit's answers to the statement's questions."""

    visit_id: int
    first_day: datetime.date
    tool: str
    questions: int
    cases: int
    counts: CategoryCounts


@dataclass(frozen=True)
class Written:
    """Something a team wrote under a theme at one audit."""

    first_day: datetime.date
    theme: str
    text: str


@dataclass(frozen=True)
class RecommendationProgress:
    first_day: datetime.date
    theme: str
    text: str
    actions: int
    done: int
    overdue: int


@dataclass(frozen=True)
class StatementEvidence:
    key: str
    label: str
    results: tuple[AuditResult, ...]
    strengths: tuple[Written, ...]
    areas_for_development: tuple[Written, ...]
    recommendations: tuple[RecommendationProgress, ...]
    we_statement: str = ""  # CQC's words, where ``audits.cqc`` records them

    @property
    def has_evidence(self) -> bool:
        return bool(self.results)


@dataclass(frozen=True)
class CouncilEvidence:
    council: str
    audits: int
    statements: tuple[StatementEvidence, ...]


def council_evidence(council: Authority) -> CouncilEvidence:
    visits = list(
        Visit.objects.filter(host=council, status__in=SHARED_STATUSES)
        .select_related("tool")
        .order_by("first_day", "pk")
    )
    tool_ids = {visit.tool_id for visit in visits}
    questions = list(
        Question.objects.filter(tool_id__in=tool_ids, answer_kind=Question.AnswerKind.SCALE)
        .select_related("theme")
        .order_by("theme__position", "position", "pk")
    )
    categories = categorise(RatingLevel.objects.filter(scale__tool_id__in=tool_ids))
    reading = _Reading(visits, questions, categories)
    return CouncilEvidence(
        council=council.name,
        audits=len(visits),
        statements=tuple(reading.statement(statement) for statement in QualityStatement),
    )


class _Reading:
    """The council's audits read once (five queries), then sliced statement by statement."""

    def __init__(self, visits, questions, categories):
        self.visits = visits
        self.categories = categories
        self.questions_of = defaultdict(list)  # (tool id, statement) -> questions
        for question in questions:
            for statement in question.cqc_statements or ():
                self.questions_of[(question.tool_id, statement)].append(question)
        visit_ids = [visit.pk for visit in visits]
        self.answers = defaultdict(list)  # visit id -> (question id, case id, level id)
        rows = (
            Answer.objects.filter(case_file__visit_id__in=visit_ids, level__isnull=False)
            .order_by()
            .values_list("case_file__visit_id", "question_id", "case_file_id", "level_id")
        )
        for visit_id, *row in rows:
            self.answers[visit_id].append(row)
        self.findings = list(
            ThemeFinding.objects.filter(visit_id__in=visit_ids).select_related("theme", "visit")
        )
        self.recommendations = list(
            Recommendation.objects.filter(visit_id__in=visit_ids, theme__isnull=False)
            .select_related("theme", "visit")
            .order_by("visit__first_day", "created_at", "pk")
        )
        self.plan = defaultdict(Counter)  # recommendation id -> {"actions", "done", "overdue"}
        today = timezone.localdate()
        actions = PlanAction.objects.filter(recommendation__visit_id__in=visit_ids)
        for recommendation_id, status, due_on in actions.values_list(
            "recommendation_id", "status", "due_on"
        ):
            late = status in PlanAction.STILL_OPEN and due_on < today  # PlanAction.is_overdue
            self.plan[recommendation_id].update(
                actions=1, done=status == PlanAction.Status.DONE, overdue=late
            )

    def statement(self, statement: QualityStatement) -> StatementEvidence:
        results, themes = [], set()  # themes as (visit id, theme id)
        for visit in self.visits:
            tagged = self.questions_of.get((visit.tool_id, statement.value), [])
            if not tagged:
                continue
            themes |= {(visit.pk, question.theme_id) for question in tagged}
            results.append(self._result(visit, tagged))
        return StatementEvidence(
            key=statement.value,
            label=str(statement.label),
            we_statement=we_statement(statement.value),
            results=tuple(results),
            strengths=self._written(themes, "strengths"),
            areas_for_development=self._written(themes, "areas_for_development"),
            recommendations=tuple(
                self._progress(r)
                for r in self.recommendations
                if (r.visit_id, r.theme_id) in themes
            ),
        )

    def _result(self, visit, tagged) -> AuditResult:
        ids = {question.pk for question in tagged}
        levels, cases = Counter(), set()
        for question_id, case_id, level_id in self.answers[visit.pk]:
            if question_id in ids:
                levels[level_id] += 1
                cases.add(case_id)
        return AuditResult(
            visit_id=visit.pk,
            first_day=visit.first_day,
            tool=f"{visit.tool.name}, version {visit.tool.version}",
            questions=len(tagged),
            cases=len(cases),
            counts=CategoryCounts.of(levels, self.categories),
        )

    def _written(self, themes, field: str) -> tuple[Written, ...]:
        return tuple(
            Written(finding.visit.first_day, finding.theme.title, getattr(finding, field).strip())
            for finding in sorted(
                self.findings, key=lambda f: (f.visit.first_day, f.theme.position)
            )
            if (finding.visit_id, finding.theme_id) in themes and getattr(finding, field).strip()
        )

    def _progress(self, recommendation) -> RecommendationProgress:
        plan = self.plan[recommendation.pk]
        return RecommendationProgress(
            first_day=recommendation.visit.first_day,
            theme=recommendation.theme.title,
            text=recommendation.text,
            actions=plan["actions"],
            done=plan["done"],
            overdue=plan["overdue"],
        )
