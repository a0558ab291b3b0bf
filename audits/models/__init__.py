"""The audit domain: the versioned tool, visits and their case files, and the case audits."""

from .casework import Answer, CaseAudit, CaseJudgement
from .notes import IdentifierConfirmation
from .tools import AuditTool, Question, RatingLevel, RatingScale, Theme
from .triangulation import (
    ConcernEvent,
    ConcernResponse,
    Conversation,
    ConversationView,
    ImmediateConcern,
    LearningAction,
    Recommendation,
    ThemeFinding,
    VisitConcerns,
    VisitFieldwork,
)
from .visits import CaseFile, Declaration, StatusChange, Visit, VisitAuditor

__all__ = [
    "Answer",
    "AuditTool",
    "CaseAudit",
    "CaseFile",
    "CaseJudgement",
    "ConcernEvent",
    "ConcernResponse",
    "Conversation",
    "ConversationView",
    "Declaration",
    "IdentifierConfirmation",
    "ImmediateConcern",
    "LearningAction",
    "Question",
    "RatingLevel",
    "RatingScale",
    "Recommendation",
    "StatusChange",
    "Theme",
    "ThemeFinding",
    "Visit",
    "VisitAuditor",
    "VisitConcerns",
    "VisitFieldwork",
]
