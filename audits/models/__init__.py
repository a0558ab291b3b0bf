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
from .comparison import VisitComparison
from .conditions import QuestionCondition
from .fieldwork import (
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
from .freezing import ToolFrozen
from .improvement import ActionUpdate, PlanAction, VisitPlan
from .notes import IdentifierConfirmation
from .options import QuestionOption
from .proposals import QuestionProposal
from .retention import LegalHold, RetentionPurge
from .tools import (
    AuditTool,
    Question,
    RatingLevel,
    RatingScale,
    Theme,
    ToolRelease,
)
from .visit_status import StatusChange
from .visits import (
    CalendarFeed,
    CaseAllocation,
    CaseFile,
    Declaration,
    Visit,
    VisitAuditor,
)

__all__ = [
    "ActionUpdate",
    "Answer",
    "AuditTool",
    "CalendarFeed",
    "Calibration",
    "CalibrationRating",
    "CaseAllocation",
    "CaseAudit",
    "CaseAuditError",
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
    "LegalHold",
    "ModerationEvent",
    "PlanAction",
    "Question",
    "QuestionCondition",
    "QuestionOption",
    "QuestionProposal",
    "RatingLevel",
    "RatingScale",
    "Recommendation",
    "RetentionPurge",
    "StatusChange",
    "Theme",
    "ThemeFinding",
    "ToolFrozen",
    "ToolRelease",
    "Visit",
    "VisitAuditor",
    "VisitCasework",
    "VisitComparison",
    "VisitConcerns",
    "VisitFieldwork",
    "VisitPlan",
]
