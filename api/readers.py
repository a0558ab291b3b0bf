"""The rows each endpoint returns, read as the token's person through ``auditportal.access``.

Nothing here counts, hides or names on its own: what a person may see is their access
policies', and regional learning's figures (anonymity, small-number suppression) are
``learning.dashboard``'s, exactly as the dashboard shows them. No row carries a case note or
any other free text written about a case.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from django.urls import reverse

from auditportal import access
from audits.counting import SUPPRESSION_THRESHOLD, share_percent
from audits.models import LearningAction, Visit, VisitAuditor
from learning.dashboard import build_dashboard
from learning.source import Filters
from reports.models import IssuedReport

MAX_LIMIT = 500


def page(request, rows, *, limit: int, offset: int) -> dict:
    """One page of ``rows`` (a queryset or a list), with the total and the next and previous
    pages' addresses."""
    count = rows.count() if hasattr(rows, "count") and not isinstance(rows, list) else len(rows)
    items = list(rows[offset : offset + limit])

    def link(start: int) -> str:
        query = request.GET.copy()
        query["limit"], query["offset"] = str(limit), str(start)
        return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(query.items()))}")

    return {
        "count": count,
        "next": link(offset + limit) if offset + limit < count else None,
        "previous": link(max(0, offset - limit)) if offset > 0 else None,
        "items": items,
    }


def _council(authority) -> dict:
    return {"name": authority.name, "ons_code": authority.ons_code}


# --- visits ---------------------------------------------------------------------------------


def visits(user):
    return (
        access.visible(user, Visit)
        .select_related("host", "tool", "coordinator")
        .order_by("first_day", "pk")
    )


def visit_rows(request, user, visits_on_page: list) -> list[dict]:
    """The page's visits with their team, as far as the person may see the team."""
    team = defaultdict(list)
    links = access.visible(user, VisitAuditor).filter(
        visit_id__in=[visit.pk for visit in visits_on_page]
    )
    for link in links.select_related("auditor__home_authority"):
        home = link.auditor.home_authority
        team[link.visit_id].append(
            {
                "name": link.auditor.full_name,
                "role": "Lead auditor" if link.is_lead else "Auditor",
                "council": home.name if home else None,
            }
        )
    rows = []
    for visit in visits_on_page:
        members = team.get(visit.pk, [])
        if members:  # who sees the auditors sees who coordinates
            members.append({"name": visit.coordinator.full_name, "role": "Coordinator"})
        rows.append(
            {
                "id": visit.pk,
                "council": _council(visit.host),
                "status": visit.status,
                "status_label": visit.get_status_display(),
                "first_day": visit.first_day,
                "last_day": visit.last_day,
                "peer_challenge_date": visit.peer_challenge_date,
                "tool": visit.tool.name,
                "tool_version": visit.tool.version,
                "team": [{"council": None, **member} for member in members],
                "url": request.build_absolute_uri(visit.get_absolute_url()),
            }
        )
    return rows


# --- issued report versions -----------------------------------------------------------------


def issued_reports(user):
    return (
        access.visible(user, IssuedReport)
        .select_related("visit__host", "supersession")
        .order_by("issued_at", "pk")
    )


def report_rows(request, issued_on_page: list) -> list[dict]:
    """Metadata, and links to the site's own logged download of each file."""

    def file(issued, file_format: str) -> dict:
        _stored, digest, size = issued.stored(file_format)
        url = reverse(f"reports:version-{file_format}", args=[issued.visit_id, issued.version])
        return {"url": request.build_absolute_uri(url), "size": size, "sha256": digest}

    return [
        {
            "id": issued.pk,
            "visit_id": issued.visit_id,
            "council": _council(issued.visit.host),
            "version": issued.version,
            "issued_at": issued.issued_at,
            "superseded": hasattr(issued, "supersession"),
            "pdf": file(issued, IssuedReport.Format.PDF),
            "docx": file(issued, IssuedReport.Format.DOCX),
        }
        for issued in issued_on_page
    ]


# --- regional learning ----------------------------------------------------------------------


def learning_counts(user, filters: Filters) -> tuple[object, list[dict]]:
    """The dashboard's grid, cell by cell: each council's latest visit by theme, then the
    overall judgement; a cell built from too few cases says only that it is suppressed."""
    board = build_dashboard(user, filters)
    rows = []
    for row in board.grid:
        for column, cell in zip(board.columns, row.cells, strict=True):
            lead = {
                "council": column.label,
                "own_council": column.is_own,
                "year": column.year,
                "measure": "Overall judgement" if row.is_overall else "Answers",
                "theme_key": row.key,
                "theme": row.title,
                "suppressed": cell.suppressed,
                "cases": None if cell.suppressed else cell.cases,
            }
            if cell.suppressed:
                rows.append(lead)
            elif row.is_overall:
                rows.append({**lead, **_judgements(cell)})
            else:
                rows.append({**lead, **_answers(cell)})
    return board, rows


def _answers(cell) -> dict:
    return {
        "met": cell.met,
        "partly_met": cell.partly,
        "not_met": cell.not_met,
        "not_evidenced": cell.not_evidenced,
        "not_applicable": cell.not_applicable,
        "met_percent": None if cell.share_met is None else share_percent(cell.share_met),
    }


def _judgements(cell) -> dict:
    share = cell.share_good
    return {
        "good_or_outstanding": cell.good,
        "good_or_outstanding_percent": None if share is None else share_percent(share),
    }


def counts_header(board) -> dict:
    return {
        "year_from": board.filters.year_from,
        "year_to": board.filters.year_to,
        "tool_id": board.filters.tool_id,
        "councils_named": board.labels.named,
        "suppressed_below_cases": SUPPRESSION_THRESHOLD,
    }


# --- learning actions -----------------------------------------------------------------------


def learning_actions(user):
    return access.visible(user, LearningAction).select_related("council").order_by("due_on", "pk")


def action_rows(actions_on_page: list) -> list[dict]:
    return [
        {
            "id": action.pk,
            "council": _council(action.council),
            "visit_id": action.visit_id,
            "action": action.action,
            "due_on": action.due_on,
            "status": action.status,
            "status_label": action.get_status_display(),
            "overdue": action.is_overdue,
            "created_at": action.created_at,
            "updated_at": action.updated_at,
        }
        for action in actions_on_page
    ]
