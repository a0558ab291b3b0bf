"""The audit domain: the versioned tool, visits and their case files, and the case audits."""

from .notes import IdentifierConfirmation
from .tools import AuditTool, Question, RatingLevel, RatingScale, Theme
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
    "AuditTool",
    "CalendarFeed",
    "CaseAllocation",
    "CaseFile",
    "Declaration",
    "IdentifierConfirmation",
    "Question",
    "RatingLevel",
    "RatingScale",
    "StatusChange",
    "Theme",
    "Visit",
    "VisitAuditor",
]
