"""Who may see and change case audits (see auditportal.access).

- See: the visit's auditors once they have declared their interests for the visit, and the
  coordinators of the host's region. Never host users (PSW, director, assistant director
  of the host council), peer challenge members, other councils, platform administrators
  or other regions. A case an auditor declared a link to is taken off them entirely.
- Change: the visit's auditors only, only while the visit is on site or drafting, and never
  once the case is locked.
- Moderate: the visit's auditors and the region's coordinator while the visit is on site or
  drafting; who may take which step (not your own case) is for the moderation service, which
  says why. Locking an agreed case is for the coordinator or the visit's lead auditor
  (``may_lock``), which the service enforces and the review page asks before offering it.
"""

from django.db.models import Q, Value

from auditportal.access import Policy, policy

from ..models import (
    Answer,
    Calibration,
    CalibrationRating,
    CaseAudit,
    CaseFile,
    CaseJudgement,
    ModerationEvent,
    Visit,
    VisitAuditor,
    VisitCasework,
)

# Case audits change only while the team is on site or writing up.
EDITABLE_VISIT_STATUSES = frozenset({Visit.Status.ON_SITE, Visit.Status.DRAFTING})
# The coordinator picks cases for blind double rating before anyone has started them.
CALIBRATION_MARKING_STATUSES = frozenset(
    {Visit.Status.PLANNED, Visit.Status.SAMPLE_AGREED, Visit.Status.ON_SITE}
)


def _is_regions_coordinator(user, region_id) -> bool:
    return user.is_coordinator and user.region_id is not None and user.region_id == region_id


def is_lead_auditor(user, visit) -> bool:
    return VisitAuditor.objects.filter(visit=visit, auditor=user, is_lead=True).exists()


def may_lock(user, case) -> bool:
    """The coordinator or the visit's lead auditor locks agreed cases; the page asks too."""
    return user.is_coordinator or is_lead_auditor(user, case.visit)


def declared_auditor_visits(user):
    """Q over visits where ``user`` is on the team and has declared their interests."""
    return Q(auditor_links__auditor=user, declarations__auditor=user) & ~Q(
        host_id=user.home_authority_id
    )


def _auditor_cases(user, queryset):
    """The cases on visits where ``user`` is a declared auditor, less those they declared a
    link to. One auditor link and one declaration per visit and person, so the joins never
    repeat a case."""
    return (
        queryset.filter(visit__auditor_links__auditor=user, visit__declarations__auditor=user)
        .exclude(visit__host_id=user.home_authority_id)
        .exclude(conflicts__auditor=user)
        # Marks rows fetched through this branch, so ``can_change`` needs no second query.
        .annotate(_declared_auditor_id=Value(user.pk))
    )


def visible_cases(user, queryset):
    if user.is_coordinator:
        return queryset.filter(visit__host__region_id=user.region_id)
    if user.is_psw:
        return _auditor_cases(user, queryset)
    return queryset.none()


def is_declared_auditor(user, case) -> bool:
    if not user.is_psw:
        return False
    if getattr(case, "_declared_auditor_id", None) == user.pk:
        return True
    return _auditor_cases(user, CaseFile.objects.filter(pk=case.pk)).exists()


@policy(VisitCasework)
class VisitCaseworkPolicy(Policy):
    """The progress of a visit's case audits: its declared auditors and the coordinator."""

    def visible(self, user, queryset):
        if user.is_coordinator:
            return queryset.filter(host__region_id=user.region_id)
        if user.is_psw:
            return queryset.filter(declared_auditor_visits(user))
        return queryset.none()


@policy(CaseAudit)
class CaseAuditPolicy(Policy):
    def visible(self, user, queryset):
        return visible_cases(user, queryset)

    def can_change(self, user, obj):
        return (
            obj.visit.status in EDITABLE_VISIT_STATUSES
            and obj.status != CaseFile.Status.LOCKED
            and is_declared_auditor(user, obj)
        )

    def why_not_change(self, user, obj):
        if user.is_coordinator:
            return "Coordinators read case audits; only the visit's auditors change them."
        if obj.status == CaseFile.Status.LOCKED:
            return f"{obj.reference} is locked after moderation; it can no longer change."
        if obj.visit.status not in EDITABLE_VISIT_STATUSES:
            return (
                "Case audits can be changed only while the visit is on site or drafting; "
                f"this visit is at {obj.visit.get_status_display().lower()}."
            )
        return "Only the visit's auditors can change its case audits."


@policy(ModerationEvent)
class ModerationPolicy(Policy):
    """The moderation history reads like the case; moving it is for reviewers."""

    def visible(self, user, queryset):
        return queryset.filter(
            case_file__in=visible_cases(user, CaseFile.objects.all()).values("pk")
        )

    def can_create(self, user, *, case=None, **context):
        if case is None or case.visit.status not in EDITABLE_VISIT_STATUSES:
            return False
        if user.is_coordinator:
            return _is_regions_coordinator(user, case.visit.host.region_id)
        return is_declared_auditor(user, case)


class _CaseContentPolicy(Policy):
    """Rows that belong to one case audit: seen with the case, changed with it."""

    def visible(self, user, queryset):
        return queryset.filter(
            case_file__in=visible_cases(user, CaseFile.objects.all()).values("pk")
        )

    def can_change(self, user, obj):
        return CaseAuditPolicy().can_change(user, obj.case_file)


@policy(Answer)
class AnswerPolicy(_CaseContentPolicy):
    pass


@policy(CaseJudgement)
class CaseJudgementPolicy(_CaseContentPolicy):
    pass


@policy(Calibration)
class CalibrationPolicy(Policy):
    """The coordinator marks cases for double rating; the two raters rate and agree."""

    def visible(self, user, queryset):
        return queryset.filter(
            case_file__in=visible_cases(user, CaseFile.objects.all()).values("pk")
        )

    def can_change(self, user, obj):
        case = obj.case_file
        return (
            user.pk in obj.rater_ids
            and case.visit.status in EDITABLE_VISIT_STATUSES
            and is_declared_auditor(user, case)
        )

    def can_create(self, user, *, visit=None, **context):
        return (
            visit is not None
            and visit.status in CALIBRATION_MARKING_STATUSES
            and _is_regions_coordinator(user, visit.host.region_id)
        )

    def why_not_change(self, user, obj):
        return (
            "Only the two auditors chosen to rate this case can rate it, "
            "while the visit is on site or drafting."
        )


@policy(CalibrationRating)
class CalibrationRatingPolicy(Policy):
    """Blind: a rater sees only their own ratings until both have rated every question."""

    def visible(self, user, queryset):
        cases = visible_cases(user, CaseFile.objects.all()).values("pk")
        queryset = queryset.filter(calibration__case_file__in=cases)
        if user.is_coordinator:
            return queryset
        return queryset.filter(Q(rater=user) | Q(calibration__revealed_at__isnull=False))
