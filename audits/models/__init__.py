"""The audit domain: the versioned tool, visits and their case files, and the case audits."""

from .casework import Answer, CaseAudit, CaseJudgement
from .notes import IdentifierConfirmation
from .tools import AuditTool, Question, RatingLevel, RatingScale, Theme
from .visits import CaseFile, Declaration, StatusChange, Visit, VisitAuditor

__all__ = [
    "Answer",
    "CaseAudit",
    "CaseJudgement",
    "AuditTool",
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
