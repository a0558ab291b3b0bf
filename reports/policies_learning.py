"""Who may read regional learning, and its export log (see auditportal.access).

Regional learning is read in aggregate from the region's issued and closed visits only.
Coordinators, PSWs, tool owners, directors, assistant directors and peer challenge members
of the region read it (how councils are named is ``reports.anonymity``'s business); platform
administrators and other regions' people see nothing of it.
"""

from auditportal.access import Policy, policy
from authorities.models import User

from .models_learning import ExportLog, LearningVisit

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
