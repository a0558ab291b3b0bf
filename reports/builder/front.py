"""The front of the report: the cover, scope and method, and the summary of findings' parts
that are not counted from the sample (the team's summary, the auditors' agreement)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max
from django.utils.text import slugify

from audits.agreement import agreement
from audits.counting import percent
from audits.models import CaseFile, Conversation, Visit, VisitAuditor
from audits.services.double_rating import revealed_pairs

from ..models import CoveringReport, IssuedReport
from .data import ConversationSummary, Cover, MixRow, ScopeAndMethod, TeamMember
from .reading import ToolScales

REPORT_KIND = "Case file audit"


def report_title(visit: Visit) -> str:
    return f"{visit.host.name} {REPORT_KIND.lower()}, {visit.first_day:%B %Y}"


def file_stem(visit: Visit, version: int | None) -> str:
    """The server-made name of a download, e.g. ``sandwell-case-file-audit-2027-03-v1``."""
    suffix = f"v{version}" if version else "draft"
    return f"{slugify(visit.host.name)}-{slugify(REPORT_KIND)}-{visit.first_day:%Y-%m}-{suffix}"


def cover(visit: Visit, *, draft: bool) -> Cover:
    """Two queries: the team, and the versions issued so far."""
    team = [
        TeamMember(
            name=link.auditor.full_name,
            council=link.auditor.home_authority.name if link.auditor.home_authority else "",
            is_lead=link.is_lead,
        )
        for link in VisitAuditor.objects.filter(visit=visit).select_related(
            "auditor__home_authority"
        )
    ]
    issued = IssuedReport.objects.filter(visit=visit).aggregate(v=Max("version"))["v"] or 0
    return Cover(
        title=report_title(visit),
        council=visit.host.name,
        council_code=visit.host.ons_code,
        first_day=visit.first_day,
        last_day=visit.last_day,
        peer_challenge_date=visit.peer_challenge_date,
        team=tuple(team),
        lead=next((m.name for m in team if m.is_lead), team[0].name if team else ""),
        coordinator=visit.coordinator.full_name,
        # Issued files are never rendered again, so a render is always of the next version.
        version=issued + 1,
        is_draft=draft,
        protective_marking=settings.PROTECTIVE_MARKING,
        region=visit.host.region.name,
    )


def _mix(cases, attribute: str, choices, total: int) -> tuple[MixRow, ...]:
    """Counts of one case attribute, in the order of its choices, leaving out empty ones."""
    counts = {
        row[attribute]: row["n"]
        for row in cases.values(attribute).annotate(n=Count("pk")).order_by()
    }
    return tuple(
        MixRow(label=str(label), count=counts[value], percent=percent(counts[value], total))
        for value, label in choices
        if counts.get(value)
    )


def scope_and_method(visit: Visit, tool: ToolScales, case_count: int) -> ScopeAndMethod:
    """Four queries: the sample's make-up three ways, and the conversations held per group."""
    sample = CaseFile.objects.filter(visit=visit)
    held = dict(
        Conversation.objects.filter(visit=visit)
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values_list("group", "n")
    )
    return ScopeAndMethod(
        tool_name=visit.tool.name,
        tool_version=visit.tool.version,
        tool_changelog=visit.tool.changelog,
        data_sharing_reference=visit.data_sharing_reference,
        case_count=case_count,
        by_case_type=_mix(sample, "case_type", CaseFile.CaseType.choices, case_count),
        by_age_band=_mix(sample, "age_band", CaseFile.AgeBand.choices, case_count),
        by_support_reason=_mix(
            sample, "primary_support_reason", CaseFile.SupportReason.choices, case_count
        ),
        question_count=len(tool.questions),
        theme_count=len(tool.themes),
        conversations=tuple(
            ConversationSummary(group=str(label).lower(), count=held[value])
            for value, label in Conversation.Group.choices
            if held.get(value)
        ),
    )


def summary_text(visit: Visit) -> str:
    """One query: the team's own summary of findings, as drafted."""
    covering = CoveringReport.objects.filter(visit=visit).first()
    return covering.summary if covering else ""


@dataclass(frozen=True)
class AuditorsAgreement:
    percent: int | None  # of the questions both auditors rated blind, those they agreed on
    ratings: int
    cases: int


def auditors_agreement(visit: Visit) -> AuditorsAgreement:
    """Agreement of the auditors' blind double ratings over every case both finished rating
    (the revealed ones), in one query."""
    pairs = revealed_pairs(visit)
    found = agreement([pair for case_pairs in pairs.values() for pair in case_pairs])
    return AuditorsAgreement(
        percent=percent(found.agreed, found.pairs), ratings=found.pairs, cases=len(pairs)
    )
