"""The audit domain: the versioned tool, visits and their case files, and the case audits."""

from .casework import (
    Answer,
    Calibration,
    CalibrationRating,
    CaseAudit,
    CaseAuditError,
    CaseJudgement,
    ModerationEvent,
    VisitCasework,
)
from .notes import IdentifierConfirmation
from .tools import AuditTool, Question, RatingLevel, RatingScale, Theme
from .visits import CaseFile, Declaration, StatusChange, Visit, VisitAuditor

__all__ = [
    "Answer",
    "AuditTool",
    "Calibration",
    "CalibrationRating",
    "CaseAudit",
    "CaseAuditError",
    "CaseFile",
    "CaseJudgement",
    "Declaration",
    "IdentifierConfirmation",
    "ModerationEvent",
    "Question",
    "RatingLevel",
    "RatingScale",
    "StatusChange",
    "Theme",
    "Visit",
    "VisitAuditor",
    "VisitCasework",
]
