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
    "ConcernEvent",
    "ConcernResponse",
    "Conversation",
    "ConversationView",
    "Declaration",
    "IdentifierConfirmation",
    "ImmediateConcern",
    "LearningAction",
    "Question",
    "QuestionProposal",
    "RatingLevel",
    "RatingScale",
    "Recommendation",
    "StatusChange",
    "Theme",
    "ThemeFinding",
    "ToolFrozen",
    "ToolRelease",
    "Visit",
    "VisitAuditor",
    "VisitConcerns",
    "VisitFieldwork",
]
