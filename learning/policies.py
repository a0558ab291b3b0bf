"""Who may read regional learning, and its export log (see auditportal.access).

Regional learning is read in aggregate from the region's issued and closed visits only.
Coordinators, PSWs, tool owners, directors, assistant directors and peer challenge members
of the region read it (how councils are named is ``learning.anonymity``'s business); platform
administrators and other regions' people see nothing of it.

The learning actions register reads learning actions through their own policy
(``audits.policies.fieldwork``: PSWs their own, directors and ADs their council's, the
coordinator the region's). Whoever reads an action reads its follow-ups and when its owner
was last reminded; only the region's coordinator records follow-ups. The annual regional
summary is downloaded by coordinators, directors and assistant directors.

A council's CQC evidence (``learning.cqc_evidence``) is read only by its own PSW, Director
and Assistant Director and by the region's coordinator.
"""

from auditportal import access
from auditportal.access import Policy, policy
from audits.models import LearningAction
from authorities.models import User

from .models import ActionReminder, CouncilEvidence, ExportLog, LearningFollowUp, LearningVisit

R = User.Role
LEARNING_ROLES = frozenset(
    {R.COORDINATOR, R.PSW, R.TOOL_OWNER, R.DIRECTOR, R.ASSISTANT_DIRECTOR, R.PEER_CHALLENGE}
)
# Visits whose report has been issued: drafts and findings in progress never reach the region.
SHARED_STATUSES = ("issued", "closed")


def reads_regional_learning(user) -> bool:
    return user.role in LEARNING_ROLES and user.region_id is not None


@policy(LearningVisit)
class LearningVisitPolicy(Policy):
    def visible(self, user, queryset):
        if not reads_regional_learning(user):
            return queryset.none()
        return queryset.filter(host__region_id=user.region_id, status__in=SHARED_STATUSES)


@policy(ExportLog)
class ExportLogPolicy(Policy):
    """Coordinators see their region's exports; everyone else only their own. Never changed."""

    def visible(self, user, queryset):
        if user.is_coordinator and user.region_id:
            return queryset.filter(region_id=user.region_id)
        return queryset.filter(by=user)

    def can_create(self, user, **context):
        return reads_regional_learning(user)


def _visible_actions(user):
    return access.visible(user, LearningAction)


@policy(LearningFollowUp)
class LearningFollowUpPolicy(Policy):
    """Whoever reads a learning action reads how it was chased; the region's coordinator chases.

    Follow-ups are a record of the conversation, never edited afterwards.
    """

    def visible(self, user, queryset):
        return queryset.filter(action__in=_visible_actions(user).values("pk"))

    def can_create(self, user, *, action=None, **context):
        return (
            user.is_coordinator
            and user.region_id is not None
            and action is not None
            and action.council.region_id == user.region_id
        )


@policy(ActionReminder)
class ActionReminderPolicy(Policy):
    """When an owner was last reminded: the owner, and whoever reads their actions."""

    def visible(self, user, queryset):
        owners = _visible_actions(user).values("owner_id")
        return queryset.filter(owner_id__in=owners)


def reads_action_register(user) -> bool:
    """Auditing PSWs (their own), directors and ADs (their council's), coordinators (the region)."""
    return user.is_psw or user.is_host_leader or user.is_coordinator


def downloads_regional_summary(user) -> bool:
    """The annual summary is for the region's coordinators and the network of directors."""
    return user.region_id is not None and (user.is_coordinator or user.is_host_leader)


@policy(CouncilEvidence)
class CouncilEvidencePolicy(Policy):
    """A council's CQC evidence: read by its own PSW, Director and Assistant Director, and
    the region's coordinator; nobody else (not the peer challenge team, not other councils)."""

    def visible(self, user, queryset):
        if user.is_coordinator and user.region_id:
            return queryset.filter(region_id=user.region_id)
        if user.role in User.HOST_ROLES and user.home_authority_id:
            return queryset.filter(pk=user.home_authority_id)
        return queryset.none()
