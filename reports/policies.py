"""Who may see covering reports and their files (see auditportal.access).

- The visit's audit team (its auditors) and the region's coordinator: everything, drafts included.
- The host council's PSW, Director and Assistant Director: the draft read-only while it is with
  them for the factual accuracy check (they comment on it then), and every issued version.
- The visit's peer challenge team: the issued versions.
- Nobody else, platform administrators included: nothing (404).
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from auditportal.access import Policy, policy
from audits.models import Visit, VisitAuditor
from authorities.models import User

from .models import (
    CoveringReport,
    DraftReportFile,
    IssuedReport,
    ReportComment,
    ReportVisit,
)

# Host leaders see the report page from the accuracy check on; before it, findings are the
# team's own ("Hosts never see draft findings before the factual accuracy check").
HOST_STAGES = {Visit.Status.ACCURACY_CHECK, Visit.Status.ISSUED, Visit.Status.CLOSED}
NOTHING = Q(pk__in=[])


def _is_host_leader(user) -> bool:
    return user.role in User.HOST_ROLES and user.home_authority_id is not None


def _team(user, visit_ref: str) -> Q:
    return Q(Exists(VisitAuditor.objects.filter(visit_id=OuterRef(visit_ref), auditor_id=user.pk)))


def _peer(user, visit_ref: str) -> Q:
    through = Visit.peer_team.through
    return Q(Exists(through.objects.filter(visit_id=OuterRef(visit_ref), user_id=user.pk)))


def _coordinator(user, visit_path: str) -> Q:
    if user.is_coordinator and user.region_id:
        return Q(**{f"{visit_path}host__region_id": user.region_id})
    return NOTHING


def _host(user, visit_path: str) -> Q:
    if _is_host_leader(user):
        return Q(**{f"{visit_path}host_id": user.home_authority_id})
    return NOTHING


def _issued(visit_ref: str) -> Q:
    return Q(Exists(IssuedReport.objects.filter(visit_id=OuterRef(visit_ref))))


def is_team(user, visit: Visit) -> bool:
    return VisitAuditor.objects.filter(visit=visit, auditor_id=user.pk).exists()


def is_region_coordinator(user, visit: Visit) -> bool:
    return bool(user.is_coordinator and user.region_id == visit.host.region_id)


def is_host_leader(user, visit: Visit) -> bool:
    return _is_host_leader(user) and user.home_authority_id == visit.host_id


def writes_report(user, visit: Visit) -> bool:
    """The team and the region's coordinator write the report."""
    return is_region_coordinator(user, visit) or is_team(user, visit)


def _filter(queryset: QuerySet, condition: Q) -> QuerySet:
    return queryset.filter(condition)


@policy(ReportVisit)
class ReportVisitPolicy(Policy):
    """The visit's report page and the list of reports."""

    def visible(self, user, queryset):
        return _filter(
            queryset,
            _team(user, "pk")
            | _coordinator(user, "")
            | (_host(user, "") & (Q(status__in=HOST_STAGES) | _issued("pk")))
            | (_peer(user, "pk") & _issued("pk")),
        )

    def can_change(self, user, obj):
        return writes_report(user, obj)

    def why_not_change(self, user, obj):
        return "Only the audit team and the region's coordinator write the covering report."


@policy(CoveringReport)
class CoveringReportPolicy(Policy):
    """The working draft: written by the team and coordinator, read by the host during the check."""

    def visible(self, user, queryset):
        return _filter(
            queryset,
            _team(user, "visit_id")
            | _coordinator(user, "visit__")
            | (_host(user, "visit__") & Q(status=CoveringReport.Status.ACCURACY_CHECK)),
        )

    def can_change(self, user, obj):
        return obj.is_editable and writes_report(user, obj.visit)

    def why_not_change(self, user, obj):
        if not obj.is_editable:
            return "This report has been issued. The coordinator can issue a correction."
        return (
            "The council reads the draft and comments on it; only the audit team and the "
            "coordinator change it."
        )


@policy(DraftReportFile)
class DraftReportFilePolicy(Policy):
    """Draft PDF and Word files: only the team and the coordinator, and only before issue."""

    def visible(self, user, queryset):
        return _filter(
            queryset.exclude(status=CoveringReport.Status.ISSUED),
            _team(user, "visit_id") | _coordinator(user, "visit__"),
        )


@policy(ReportComment)
class ReportCommentPolicy(Policy):
    """Host leaders comment during the accuracy check; the team and coordinator respond."""

    def visible(self, user, queryset):
        return _filter(
            queryset,
            _team(user, "report__visit_id")
            | _coordinator(user, "report__visit__")
            | _host(user, "report__visit__"),
        )

    def can_create(self, user, *, report=None, **context):
        return bool(
            report is not None
            and report.status == CoveringReport.Status.ACCURACY_CHECK
            and is_host_leader(user, report.visit)
        )

    def can_change(self, user, obj):
        return obj.report.is_editable and writes_report(user, obj.report.visit)

    def why_not_change(self, user, obj):
        return "Only the audit team and the coordinator respond to comments on the draft."


@policy(IssuedReport)
class IssuedReportPolicy(Policy):
    """Issued versions: the host's leaders, the peer challenge team, the team, the coordinator."""

    def visible(self, user, queryset):
        return _filter(
            queryset,
            _team(user, "visit_id")
            | _coordinator(user, "visit__")
            | _host(user, "visit__")
            | _peer(user, "visit_id"),
        )

    def can_create(self, user, *, visit=None, **context):
        """Only the region's coordinator issues a report."""
        return visit is not None and is_region_coordinator(user, visit)
