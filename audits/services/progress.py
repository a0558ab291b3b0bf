"""A visit's case audits at a glance: cases in each status, per auditor, answered questions,
and the auditors' agreement on the double-rated cases."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count

from authorities.models import User

from ..models import CaseAudit, CaseFile, Question, Visit, VisitAuditor
from ..models.casework import answer_given
from .double_rating import VisitAgreement, visit_agreement

S = CaseFile.Status


@dataclass
class AuditorProgress:
    auditor: User
    is_lead: bool
    statuses: Counter = field(default_factory=Counter)
    answered: int = 0

    @property
    def cases(self) -> int:
        return sum(self.statuses.values())


@dataclass
class VisitProgress:
    cases: list[CaseAudit]
    question_count: int
    auditors: list[AuditorProgress]
    statuses: Counter
    agreement: VisitAgreement

    @property
    def status_counts(self) -> list[int]:
        """Cases in each status, in the status machine's order."""
        return [self.statuses[status] for status in S.values]

    @property
    def auditor_rows(self) -> list[dict]:
        return [
            {"auditor": row, "counts": [row.statuses[status] for status in S.values]}
            for row in self.auditors
        ]

    @property
    def answered(self) -> int:
        return sum(case.answered for case in self.cases)


def visit_progress(*, visit: Visit, cases) -> VisitProgress:
    """Progress per case and per auditor, from ``cases`` (already limited to what the viewer
    may see)."""
    answered = Count("answers", filter=answer_given("answers__"))
    cases = list(
        cases.select_related("allocated_to", "judgement__level", "judgement__moderated_level")
        .select_related("calibration")
        .annotate(answered=answered)
        .order_by("reference")
    )
    team = {
        link.auditor_id: AuditorProgress(link.auditor, link.is_lead)
        for link in VisitAuditor.objects.filter(visit=visit).select_related("auditor")
    }
    statuses = Counter()
    for case in cases:
        statuses[case.status] += 1
        progress = team.get(case.allocated_to_id)
        if progress is not None:
            progress.statuses[case.status] += 1
            progress.answered += case.answered
    return VisitProgress(
        cases=cases,
        question_count=Question.objects.filter(tool_id=visit.tool_id).count(),
        auditors=list(team.values()),
        statuses=statuses,
        agreement=visit_agreement(visit),
    )
