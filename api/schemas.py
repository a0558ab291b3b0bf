"""What each endpoint returns, as typed rows: ninja writes the OpenAPI document from these."""

from __future__ import annotations

import datetime

from ninja import Schema


class Problem(Schema):
    detail: str


class Paged(Schema):
    count: int
    next: str | None
    previous: str | None


class Council(Schema):
    name: str
    ons_code: str


class TeamMember(Schema):
    name: str
    role: str
    council: str | None


class Visit(Schema):
    id: int
    council: Council
    status: str
    status_label: str
    first_day: datetime.date
    last_day: datetime.date
    peer_challenge_date: datetime.date | None
    tool: str
    tool_version: int
    team: list[TeamMember]
    url: str


class VisitPage(Paged):
    items: list[Visit]


class ReportFile(Schema):
    url: str
    size: int
    sha256: str


class ReportVersion(Schema):
    id: int
    visit_id: int
    council: Council
    version: int
    issued_at: datetime.datetime
    superseded: bool
    pdf: ReportFile
    docx: ReportFile


class ReportPage(Paged):
    items: list[ReportVersion]


class CountRow(Schema):
    """One council's latest visit, one theme (or the overall judgement row)."""

    council: str
    own_council: bool
    year: int
    measure: str
    theme_key: str
    theme: str
    suppressed: bool
    cases: int | None
    met: int | None = None
    partly_met: int | None = None
    not_met: int | None = None
    not_evidenced: int | None = None
    not_applicable: int | None = None
    met_percent: int | None = None
    good_or_outstanding: int | None = None
    good_or_outstanding_percent: int | None = None


class CountPage(Paged):
    year_from: int | None
    year_to: int | None
    tool_id: int | None
    councils_named: bool
    suppressed_below_cases: int
    items: list[CountRow]


class LearningAction(Schema):
    id: int
    council: Council
    visit_id: int
    action: str
    due_on: datetime.date
    status: str
    status_label: str
    overdue: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime


class LearningActionPage(Paged):
    items: list[LearningAction]
