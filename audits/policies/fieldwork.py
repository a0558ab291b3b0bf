"""Who may see and change conversations, findings, recommendations, learning actions and
immediate concerns (see auditportal.access).

- The visit's auditors change the team's fieldwork while the visit is on site or drafting,
  and its recommendations until the report is issued; they can always read it; the region's
  coordinator reads it all.
- Hosts never see draft fieldwork (the report work shows them the draft at the factual
  accuracy check); the host's PSW sees and handles immediate concerns about their council.
- Learning actions belong to the auditor who records them: they change their own, their
  council's Director and Assistant Director read them, the region's coordinator reads all.
- Other councils, other regions, auditors of other visits, peer challenge members and
  platform administrators see none of it.
"""

from django.db.models import Q

from auditportal.access import Policy, policy
from authorities.models import User

from ..models import (
    ConcernEvent,
    ConcernResponse,
    Conversation,
    ConversationView,
    ImmediateConcern,
    LearningAction,
    Recommendation,
    ThemeFinding,
    Visit,
    VisitConcerns,
    VisitFieldwork,
)
from ..models.fieldwork import FIELDWORK_OPEN, LEARNING_FROM


def _team_visits(user):
    """The visits this person audits, as a subquery."""
    return Visit.objects.filter(auditor_links__auditor=user).values("pk")


def _fieldwork_visits(user):
    """Visits whose fieldwork this person may read, as a subquery (or None for nobody)."""
    if user.is_psw:
        return _team_visits(user)
    if user.is_coordinator and user.region_id:
        return Visit.objects.filter(host__region_id=user.region_id).values("pk")
    return None


def is_on_team(user, visit) -> bool:
    return visit.auditor_links.filter(auditor=user).exists()


def may_change_fieldwork(user, visit) -> bool:
    return user.is_psw and visit.status in FIELDWORK_OPEN and is_on_team(user, visit)


FIELDWORK_CLOSED = (
    "Only the visit's auditors can change this, and only while the visit is on site "
    "or the report is being drafted."
)


class FieldworkPolicy(Policy):
    """For rows that hang off a visit through ``visit_path``."""

    visit_path = "visit"

    def visit_of(self, obj):
        for part in self.visit_path.split("__"):
            obj = getattr(obj, part)
        return obj

    def visible(self, user, queryset):
        visits = _fieldwork_visits(user)
        if visits is None:
            return queryset.none()
        return queryset.filter(**{f"{self.visit_path}__in": visits})

    def can_change(self, user, obj):
        return may_change_fieldwork(user, self.visit_of(obj))

    def can_create(self, user, *, visit=None, **context):
        return visit is not None and may_change_fieldwork(user, visit)

    def why_not_change(self, user, obj):
        return FIELDWORK_CLOSED


@policy(VisitFieldwork)
class VisitFieldworkPolicy(FieldworkPolicy):
    def visible(self, user, queryset):
        visits = _fieldwork_visits(user)
        return queryset.none() if visits is None else queryset.filter(pk__in=visits)

    def visit_of(self, obj):
        return obj


@policy(Conversation)
class ConversationPolicy(FieldworkPolicy):
    pass


@policy(ConversationView)
class ConversationViewPolicy(FieldworkPolicy):
    visit_path = "conversation__visit"


@policy(ThemeFinding)
class ThemeFindingPolicy(FieldworkPolicy):
    pass


# Recommendations are the report's own words: the team still amends them at the factual
# accuracy check, in answer to the host's comments, until the report is issued.
RECOMMENDATIONS_OPEN = (*FIELDWORK_OPEN, Visit.Status.ACCURACY_CHECK)
RECOMMENDATIONS_CLOSED = (
    "Only the visit's auditors can change recommendations, and only until the report is issued."
)


def may_change_recommendations(user, visit) -> bool:
    return user.is_psw and visit.status in RECOMMENDATIONS_OPEN and is_on_team(user, visit)


@policy(Recommendation)
class RecommendationPolicy(FieldworkPolicy):
    def can_change(self, user, obj):
        return may_change_recommendations(user, obj.visit)

    def can_create(self, user, *, visit=None, **context):
        return visit is not None and may_change_recommendations(user, visit)

    def why_not_change(self, user, obj):
        return RECOMMENDATIONS_CLOSED


@policy(LearningAction)
class LearningActionPolicy(Policy):
    def visible(self, user, queryset):
        if user.is_psw:
            return queryset.filter(owner=user)
        if user.is_host_leader and user.home_authority_id:
            return queryset.filter(council_id=user.home_authority_id)
        if user.is_coordinator and user.region_id:
            return queryset.filter(council__region_id=user.region_id)
        return queryset.none()

    def can_change(self, user, obj):
        return obj.owner_id == user.pk

    def can_create(self, user, *, visit=None, **context):
        if not (user.is_psw and user.home_authority_id):
            return False
        return visit is None or (visit.status in LEARNING_FROM and is_on_team(user, visit))

    def why_not_change(self, user, obj):
        return "Only the person who recorded a learning action can change it."


def _concern_visits(user):
    """Visits whose immediate concerns this person may read, as a Visit queryset filter."""
    if user.is_psw:
        # The team that raised it, and the host council's PSW who must act on it.
        return Visit.objects.filter(
            Q(pk__in=_team_visits(user)) | Q(host_id=user.home_authority_id)
        )
    if user.is_coordinator and user.region_id:
        return Visit.objects.filter(host__region_id=user.region_id)
    return None


def is_host_psw(user, visit) -> bool:
    return (
        user.role == User.Role.PSW
        and user.home_authority_id is not None
        and user.home_authority_id == visit.host_id
    )


@policy(VisitConcerns)
class VisitConcernsPolicy(Policy):
    """ "Change" here means raising a concern: the team, while on site or drafting."""

    def visible(self, user, queryset):
        visits = _concern_visits(user)
        return queryset.none() if visits is None else queryset.filter(pk__in=visits.values("pk"))

    def can_change(self, user, obj):
        return may_change_fieldwork(user, obj)

    def why_not_change(self, user, obj):
        return (
            "Only the visit's auditors raise concerns, while the visit is on site or the "
            "report is being drafted. Tell the host's PSW straight away by other means."
        )


@policy(ImmediateConcern)
class ImmediateConcernPolicy(Policy):
    """A raised concern is not edited: the host's PSW records what is done about it."""

    def visible(self, user, queryset):
        visits = _concern_visits(user)
        if visits is None:
            return queryset.none()
        return queryset.filter(visit__in=visits.values("pk"))

    def can_create(self, user, *, visit=None, **context):
        return visit is not None and may_change_fieldwork(user, visit)


@policy(ConcernResponse)
class ConcernResponsePolicy(Policy):
    def visible(self, user, queryset):
        return ImmediateConcernPolicy().visible(user, queryset)

    def can_change(self, user, obj):
        return is_host_psw(user, obj.visit) and obj.status != ImmediateConcern.Status.CLOSED

    def why_not_change(self, user, obj):
        if obj.status == ImmediateConcern.Status.CLOSED:
            return "This concern is closed."
        return "Only the host council's Principal Social Worker acknowledges and closes a concern."


@policy(ConcernEvent)
class ConcernEventPolicy(Policy):
    def visible(self, user, queryset):
        visits = _concern_visits(user)
        if visits is None:
            return queryset.none()
        return queryset.filter(concern__visit__in=visits.values("pk"))
