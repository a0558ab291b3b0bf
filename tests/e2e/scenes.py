"""What the journeys find in the database when they start, built with the factories.

Each builder takes the cast (tests/base.py) and returns the objects a journey talks about.
Nothing here goes through the pages: the journeys do that.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from audits.models import Conversation, Visit
from audits.services import fieldwork
from authorities.models import Authority
from reports import builder
from reports import services as reports
from tests.factories import declare_team, level_of, make_conversation, make_tool, make_visit
from tests.reports.support import fill_known_visit, store_version

FIRST_DAY = datetime.date(2027, 3, 9)


def sandwell_visit(cast, *, status=Visit.Status.ON_SITE, cases=4, tool=None, first_day=None):
    """Sandwell's audit by Dudley's PSW (lead) and Walsall's PSW, the team declared."""
    visit = make_visit(
        host=cast.sandwell,
        tool=tool or make_tool(cast.region),
        coordinator=cast.coordinator,
        lead=cast.auditor,
        auditors=[cast.co_auditor],
        peer_team=[cast.peer],
        cases=cases,
        status=status,
        first_day=first_day or FIRST_DAY,
    )
    declare_team(visit)
    return visit


def drafting_visit(cast, *, tool=None) -> Visit:
    """Sandwell's visit with its cases audited (tests/reports/support.py's known ratings),
    a conversation with leaders and practitioners, and the team's findings."""
    visit = sandwell_visit(cast, status=Visit.Status.DRAFTING, tool=tool)
    fill_known_visit(visit, by=cast.auditor)
    views = (
        (Conversation.Group.LEADERS, "good"),
        (Conversation.Group.PRACTITIONERS, "requires-improvement"),
    )
    for group, level in views:
        make_conversation(
            visit,
            group=group,
            by=cast.auditor,
            views={"t1": (level, "Assessments are timely; reviews drift.")},
        )
    for theme in visit.tool.themes.all():
        fieldwork.save_theme_finding(
            visit=visit,
            theme=theme,
            by=cast.auditor,
            expected_version=0,
            strengths="Assessments are done with the person.",
            areas_for_development="Reviews are late in a third of cases.",
            level=level_of(visit.tool, "good", "judgement"),
            shareable_good_practice=False,
        )
    fieldwork.save_recommendation(
        visit=visit, by=cast.auditor, text="Track overdue reviews monthly.", theme=None
    )
    return visit


def busy_region(cast) -> SimpleNamespace:
    """Something on every page: a visit in its accuracy check with a comment, a concern and
    a learning action; last year's visit with an issued report; a planned visit."""
    tool = make_tool(cast.region)
    checking = drafting_visit(cast, tool=tool)
    case = checking.case_files.order_by("reference").first()
    fieldwork.raise_concern(
        visit=checking,
        case_file=case,
        risk="No carer's assessment while the carer is struggling.",
        action_taken="Told the team manager on site.",
        by=cast.auditor,
    )
    fieldwork.record_learning_action(
        owner=cast.auditor,
        visit=checking,
        action="Audit our own overdue reviews.",
        due_on=datetime.date(2027, 6, 30),
    )
    report = reports.start_report(visit=checking, by=cast.auditor)
    report = reports.save_draft(
        report=report,
        by=cast.auditor,
        expected_version=report.version,
        summary="Assessments are strong; reviews drift.",
        sections={},
    )
    reports.send_for_accuracy_check(report=report, by=cast.auditor)
    section = builder.sections(checking)[0]
    reports.add_comment(
        report=report, by=cast.host_director, section_key=section.key, text="Dates are wrong."
    )
    issued = sandwell_visit(
        cast, status=Visit.Status.ISSUED, tool=tool, first_day=datetime.date(2026, 3, 10)
    )
    store_version(issued, 1, by=cast.coordinator)
    planned = make_visit(
        host=Authority.objects.get(slug="solihull"),
        tool=tool,
        coordinator=cast.coordinator,
        lead=cast.auditor,
        auditors=[cast.co_auditor],
        first_day=datetime.date(2027, 6, 8),
    )
    return SimpleNamespace(tool=tool, checking=checking, issued=issued, planned=planned)
