"""What the covering report puts on people's home pages (``audits.attention``): one query a
provider. Registered from ``ReportsConfig.ready``."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from auditportal import access, dates
from audits.attention import Attention, attention_provider
from audits.models import Visit, VisitAuditor
from authorities.models import User

from .models import CoveringReport, DownloadLog, IssuedReport, ReportComment

R = User.Role


def _report_url(visit_id: int) -> str:
    return reverse("reports:report-detail", args=[visit_id])


def _waiting(count: int) -> str:
    return f"{count} comment{'' if count == 1 else 's'} from the council waiting for a response"


@attention_provider(R.COORDINATOR)
def reports_to_issue(person, today: datetime.date) -> list[Attention]:
    """Drafts with the council for the accuracy check: the coordinator issues them next."""
    reports = (
        access.visible(person, CoveringReport)
        .filter(status=CoveringReport.Status.ACCURACY_CHECK)
        .annotate(waiting=Count("comments", filter=Q(comments__response="")))
        .select_related("visit__host")
        .order_by("visit__first_day")
    )
    return [
        Attention(
            label=f"Issue the covering report of {report.visit.host}",
            url=_report_url(report.visit_id),
            detail=_waiting(report.waiting) + " first"
            if report.waiting
            else "Every comment from the council has a response.",
        )
        for report in reports
    ]


@attention_provider(R.PSW)
def comments_to_answer(person, today: datetime.date) -> list[Attention]:
    """Comments on the draft of a visit the person audits that have no response yet."""
    rows = (
        access.visible(person, ReportComment)
        .filter(
            response="",
            report__status=CoveringReport.Status.ACCURACY_CHECK,
            report__visit__in=VisitAuditor.objects.filter(auditor=person).values("visit"),
        )
        .values("report__visit_id", "report__visit__host__name")
        .annotate(count=Count("pk"))
        .order_by("report__visit__first_day")
    )
    return [
        Attention(
            label=f"Answer the comments on the draft report of {row['report__visit__host__name']}",
            url=_report_url(row["report__visit_id"]),
            detail=_waiting(row["count"]),
        )
        for row in rows
    ]


@attention_provider(R.PSW, R.DIRECTOR, R.ASSISTANT_DIRECTOR)
def draft_to_check(person, today: datetime.date) -> list[Attention]:
    """The host's leaders check the draft of their own council's report for accuracy."""
    if not person.home_authority_id:
        return []
    reports = (
        access.visible(person, CoveringReport)
        .filter(
            status=CoveringReport.Status.ACCURACY_CHECK,
            visit__host_id=person.home_authority_id,
        )
        .select_related("visit")
    )
    return [
        Attention(
            label="Check the draft covering report for factual accuracy",
            url=_report_url(report.visit_id),
            detail=f"The audit on {report.visit.days_display}: comment on any section that "
            "is wrong before the coordinator issues it.",
        )
        for report in reports
    ]


@attention_provider(R.DIRECTOR, R.ASSISTANT_DIRECTOR, R.PEER_CHALLENGE)
def report_to_read(person, today: datetime.date) -> list[Attention]:
    """The newest issued version the person has not yet downloaded, until the visit closes."""
    downloaded = DownloadLog.objects.filter(issued_report=OuterRef("pk"), user=person)
    versions = (
        access.visible(person, IssuedReport)
        .filter(visit__status=Visit.Status.ISSUED, supersession__isnull=True)
        .exclude(Exists(downloaded))
        .select_related("visit__host")
        .order_by("-issued_at")
    )
    return [
        Attention(
            label=f"Read the issued covering report of {issued.visit.host}",
            url=_report_url(issued.visit_id),
            detail=f"Version {issued.version}, issued {dates.day(issued.issued_at)}"
            + (
                f"; the peer challenge is on {dates.day(issued.visit.peer_challenge_date)}"
                if issued.visit.peer_challenge_date
                else ""
            ),
        )
        for issued in versions
    ]
