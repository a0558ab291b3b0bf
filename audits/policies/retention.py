"""Who may see and set legal holds, and see that a visit's notes were removed."""

from auditportal.access import Policy, policy
from audits.models import LegalHold, RetentionPurge, Visit

from .visits import _visits_seen_with_team

# Notes are removed only after a visit closes: holds matter from the report's issue on.
RETENTION_SHOWN = (Visit.Status.ISSUED, Visit.Status.CLOSED)


@policy(LegalHold)
class LegalHoldPolicy(Policy):
    """Only the region's coordinator sets, lifts and sees legal holds."""

    def visible(self, user, queryset):
        if user.is_coordinator:
            return queryset.filter(visit__host__region_id=user.region_id)
        return queryset.none()

    def can_create(self, user, *, visit: Visit | None = None, **context):
        return (
            visit is not None
            and user.is_coordinator
            and user.region_id == visit.host.region_id
            and visit.status in RETENTION_SHOWN
        )

    def can_change(self, user, obj):
        return self.can_create(user, visit=obj.visit)


@policy(RetentionPurge)
class RetentionPurgePolicy(Policy):
    """Whoever sees a visit's team sees that its notes were removed, and when."""

    def visible(self, user, queryset):
        seen = _visits_seen_with_team(user, "visit__")
        return queryset.filter(seen) if seen is not None else queryset.none()
