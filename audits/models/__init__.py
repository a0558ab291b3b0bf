"""The audit domain: the versioned tool, visits and their case files, and the case audits."""

from .casework import Answer, CaseAudit, CaseJudgement
from .notes import IdentifierConfirmation
from .tools import (
    AuditTool,
    Question,
    QuestionProposal,
    RatingLevel,
    RatingScale,
    Theme,
    ToolFrozen,
    ToolRelease,
)
from .visits import (
    CalendarFeed,
    CaseAllocation,
    CaseFile,
    Declaration,
    StatusChange,
    Visit,
    VisitAuditor,
)

__all__ = [
    "Answer",
    "AuditTool",
    "CalendarFeed",
    "CaseAllocation",
    "CaseAudit",
    "CaseFile",
    "CaseJudgement",
    "Declaration",
    "IdentifierConfirmation",
    "Question",
    "QuestionProposal",
    "RatingLevel",
    "RatingScale",
    "StatusChange",
    "Theme",
    "ToolFrozen",
    "ToolRelease",
    "Visit",
    "VisitAuditor",
]
