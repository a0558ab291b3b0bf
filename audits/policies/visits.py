"""Who may see and change visits, their teams, samples and declarations (see auditportal.access).

- The region's coordinator sees and runs every visit in the region.
- Auditors see the visits they are on; the sample's case details only after they have made
  their declaration for that visit.
- The host council's PSW, Director and Assistant Director see their own council's visits
  (dates, team, status); only the host PSW sees and supplies the sample, while it is planned.
- Peer challenge team members see the visits they are attached to: dates and status only.
- Platform administrators run the service and see no visits.
"""

from django.db.models import Q

from auditportal.access import Policy, policy
from audits.models import (
    CalendarFeed,
    CaseAllocation,
    CaseFile,
    Declaration,
    StatusChange,
    Visit,
    VisitAuditor,
)
from authorities.models import User

R = User.Role
# The roles that take part in visits; the others (tool owner, platform administrator) have
# no visit pages at all.
VISIT_ROLES = frozenset({R.COORDINATOR, R.PSW, R.DIRECTOR, R.ASSISTANT_DIRECTOR, R.PEER_CHALLENGE})


def _coordinates(user, visit: Visit) -> bool:
    return user.is_coordinator and user.region_id == visit.host.region_id


def _on_team(user, visit: Visit) -> bool:
    return visit.auditor_links.filter(auditor=user).exists()


def _is_host(user, visit: Visit) -> bool:
    return user.role in User.HOST_ROLES and user.works_for(visit.host)


def _team_visits(user):
    return VisitAuditor.objects.filter(auditor=user).values("visit")


def _declared_visits(user):
    """Visits ``user`` audits and has made a declaration for."""
    return Declaration.objects.filter(
        auditor=user, visit__in=VisitAuditor.objects.filter(auditor=user).values("visit")
    ).values("visit")


def _visits_seen_with_team(user, prefix: str) -> Q | None:
    """Rows belonging to visits whose team and history ``user`` may see (not peer members)."""
    if user.is_coordinator:
        return Q(**{f"{prefix}host__region_id": user.region_id})
    if user.is_psw:
        return Q(**{f"{prefix}pk__in": _team_visits(user)}) | Q(
            **{f"{prefix}host_id": user.home_authority_id}
        )
    if user.is_host_leader:
        return Q(**{f"{prefix}host_id": user.home_authority_id})
    return None


@policy(Visit)
class VisitPolicy(Policy):
    def visible(self, user, queryset):
        seen = _visits_seen_with_team(user, "")
        if user.role == R.PEER_CHALLENGE:
            seen = Q(pk__in=Visit.peer_team.through.objects.filter(user=user).values("visit"))
        return queryset.filter(seen) if seen is not None else queryset.none()

    def can_change(self, user, obj):
        return _coordinates(user, obj) and not obj.is_finished

    def can_create(self, user, **context):
        return user.is_coordinator and user.region_id is not None

    def why_not_change(self, user, obj):
        if user.is_coordinator and obj.is_finished:
            return f"The visit is {obj.get_status_display().lower()}: it can no longer change."
        return "Only the region's coordinator can change a visit, its team and its status."


@policy(VisitAuditor)
class VisitAuditorPolicy(Policy):
    """The team is seen by whoever sees the visit, except peer challenge members."""

    def visible(self, user, queryset):
        seen = _visits_seen_with_team(user, "visit__")
        return queryset.filter(seen) if seen is not None else queryset.none()

    def can_change(self, user, obj):
        return _coordinates(user, obj.visit) and obj.visit.status in Visit.BEFORE_SITE


@policy(StatusChange)
class StatusChangePolicy(Policy):
    def visible(self, user, queryset):
        seen = _visits_seen_with_team(user, "visit__")
        return queryset.filter(seen) if seen is not None else queryset.none()


def _sample_visible(user) -> Q | None:
    if user.is_coordinator:
        return Q(visit__host__region_id=user.region_id)
    if user.is_psw:
        # An auditor sees case details only once they have declared their interests.
        return Q(visit__in=_declared_visits(user)) | Q(visit__host_id=user.home_authority_id)
    return None


@policy(CaseFile)
class CaseFilePolicy(Policy):
    """The sample: its cases' pseudonymous details, not the audit of them."""

    def visible(self, user, queryset):
        seen = _sample_visible(user)
        return queryset.filter(seen) if seen is not None else queryset.none()

    def can_change(self, user, obj):
        return self.can_create(user, visit=obj.visit)

    def can_create(self, user, *, visit=None, **context):
        if visit is None:
            return False
        if _coordinates(user, visit):
            return visit.sample_is_open
        # The host PSW supplies the sample; once it is agreed only the coordinator changes it.
        return user.is_psw and user.works_for(visit.host) and visit.status == Visit.Status.PLANNED

    def why_not_change(self, user, obj):
        if not obj.visit.sample_is_open:
            return "The sample is fixed once the team is on site."
        if user.is_psw and user.works_for(obj.visit.host):
            return "The sample has been agreed; ask the coordinator to change it."
        return "Only the host council's PSW or the coordinator can change the sample."


@policy(CaseAllocation)
class CaseAllocationPolicy(Policy):
    """Moving a case between auditors: the coordinator, or the visit's lead auditor."""

    def visible(self, user, queryset):
        seen = _sample_visible(user)
        return queryset.filter(seen) if seen is not None else queryset.none()

    def can_change(self, user, obj):
        return self.can_create(user, visit=obj.visit)

    def can_create(self, user, *, visit=None, **context):
        """May this person hand out (allocate) the cases of ``visit``?"""
        if visit is None or visit.status not in Visit.UNTIL_DRAFTING:
            return False
        return _coordinates(user, visit) or (
            user.is_psw and visit.auditor_links.filter(auditor=user, is_lead=True).exists()
        )

    def why_not_change(self, user, obj):
        if obj.visit.status not in Visit.UNTIL_DRAFTING:
            return "Cases can no longer be moved: the report is being drafted."
        return "Only the coordinator or the lead auditor can move cases between auditors."


@policy(Declaration)
class DeclarationPolicy(Policy):
    """A declaration is seen by the auditor who made it and the region's coordinator."""

    def visible(self, user, queryset):
        if user.is_coordinator:
            return queryset.filter(visit__host__region_id=user.region_id)
        if user.is_psw:
            return queryset.filter(auditor=user)
        return queryset.none()

    def can_change(self, user, obj):
        return obj.auditor_id == user.pk and self.can_create(user, visit=obj.visit)

    def can_create(self, user, *, visit=None, **context):
        return (
            visit is not None
            and user.is_psw
            and visit.status in Visit.UNTIL_DRAFTING
            and _on_team(user, visit)
        )

    def why_not_change(self, user, obj):
        return "Declarations can no longer change once the report is being drafted."


@policy(CalendarFeed)
class CalendarFeedPolicy(Policy):
    """Each person keeps their own calendar link, and nobody else's."""

    def visible(self, user, queryset):
        return queryset.filter(person=user)

    def can_change(self, user, obj):
        return obj.person_id == user.pk

    def can_create(self, user, **context):
        return user.role in VISIT_ROLES
