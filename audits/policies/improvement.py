"""Who may see and change a host council's improvement plan (see auditportal.access).

- The host council's PSW, Director and Assistant Director write it: they add, change and
  update actions once the report is issued.
- The region's coordinator, the visit's peer challenge team and the auditors who wrote the
  report read it.
- Nobody else: not other councils, not other regions, not platform administrators; and
  nobody sees a plan before the report is issued, since its recommendations are drafts.
"""

from django.db.models import Exists, OuterRef, Q

from auditportal.access import Policy, policy
from authorities.models import User

from ..models import ActionUpdate, PlanAction, Visit, VisitAuditor, VisitComparison, VisitPlan
from ..models.improvement import PLAN_FROM
from .fieldwork import _fieldwork_visits

PLAN_CLOSED = (
    "Only the host council's Principal Social Worker, Director and Assistant Director change "
    "the improvement plan, once the report is issued."
)


def is_plan_writer(user, visit) -> bool:
    return user.role in User.HOST_ROLES and user.works_for(visit.host)


def may_change_plan(user, visit) -> bool:
    return is_plan_writer(user, visit) and visit.status in PLAN_FROM


def plan_visits(user):
    """The issued visits whose plan this person may read, as a subquery (or None)."""
    if user.is_coordinator and user.region_id:
        seen = Q(host__region_id=user.region_id)
    elif user.role == User.Role.PEER_CHALLENGE:
        seen = Q(pk__in=Visit.peer_team.through.objects.filter(user=user).values("visit"))
    elif user.role in User.HOST_ROLES and user.home_authority_id:
        seen = Q(host_id=user.home_authority_id)
        if user.is_psw:
            seen |= Q(pk__in=VisitAuditor.objects.filter(auditor=user).values("visit"))
    else:
        return None
    return Visit.objects.filter(seen, status__in=PLAN_FROM).values("pk")


class _PlanPolicy(Policy):
    lookup = "pk__in"  # from the row to its visit's id

    def visible(self, user, queryset):
        visits = plan_visits(user)
        return queryset.none() if visits is None else queryset.filter(**{self.lookup: visits})

    def why_not_change(self, user, obj):
        return PLAN_CLOSED


@policy(VisitPlan)
class VisitPlanPolicy(_PlanPolicy):
    """ "Change" here means adding an action to one of the visit's recommendations."""

    def can_change(self, user, obj):
        return may_change_plan(user, obj)


@policy(PlanAction)
class PlanActionPolicy(_PlanPolicy):
    lookup = "recommendation__visit__in"

    def can_change(self, user, obj):
        return may_change_plan(user, obj.recommendation.visit)

    def can_create(self, user, *, visit=None, **context):
        return visit is not None and may_change_plan(user, visit)


@policy(ActionUpdate)
class ActionUpdatePolicy(_PlanPolicy):
    """Updates are written with their action, never changed afterwards."""

    lookup = "action__recommendation__visit__in"


@policy(VisitComparison)
class VisitComparisonPolicy(Policy):
    """How a council moved since its last audit: the team and the coordinator while the
    report is written (as they read the fieldwork), then whoever reads the plan; and only
    visits that have a previous issued audit of the same council."""

    def visible(self, user, queryset):
        seen = [v for v in (_fieldwork_visits(user), plan_visits(user)) if v is not None]
        if not seen:
            return queryset.none()
        readable = Q(pk__in=seen[0])
        for more in seen[1:]:
            readable |= Q(pk__in=more)
        earlier = Visit.objects.filter(
            host_id=OuterRef("host_id"), status__in=PLAN_FROM, first_day__lt=OuterRef("first_day")
        )
        return queryset.filter(readable).filter(Exists(earlier))
