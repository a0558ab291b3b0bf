"""Journey: the team records a conversation and writes a theme's findings beside its evidence.

The last part of issue 5's "done when": two PSWs on the same visit, one records what leaders
said, the other writes the theme's findings with the case evidence and that conversation's
view shown beside the text; an NHS number typed by mistake is caught without losing the text.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from audits.models import ConversationView, ThemeFinding, Visit
from tests.e2e.conftest import Browser
from tests.factories import (
    declare_team,
    make_tool,
    make_visit,
    record_answers,
    record_judgements,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def visit(cast):
    tool = make_tool(cast.region)
    visit = make_visit(
        host=cast.sandwell,
        tool=tool,
        coordinator=cast.coordinator,
        lead=cast.auditor,
        auditors=[cast.co_auditor],
        cases=3,
        status=Visit.Status.ON_SITE,
    )
    declare_team(visit)
    record_answers(visit, {"t1-q1": ["met", "partly-met", "not-met"]})
    record_judgements(visit, ["good", "good", "inadequate"])
    return visit


def test_a_conversation_and_a_theme_finding_written_beside_the_evidence(
    browser_as, cast, visit, new_context, live_server
):
    lead = browser_as
    lead.sign_in(cast.auditor)
    page = lead.open(reverse("audits:conversation-create", args=[visit.pk]))
    page.get_by_label("Leaders", exact=False).first.check()
    page.get_by_label("Day").fill("10")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2027")
    page.get_by_label("who took part, by role", exact=False).fill("Director and host PSW")
    theme = visit.tool.themes.get(position=1)
    views = page.get_by_role("group", name=theme.title)
    views.get_by_label("View expressed").select_option(label="Good")
    views.get_by_label("Summary").fill("Leaders see assessments as a strength.")
    page = lead.click("button", "Save conversation")
    expect(page.get_by_role("alert")).to_contain_text("has been saved")
    assert ConversationView.objects.filter(conversation__visit=visit, theme=theme).exists()

    # The co-auditor, in a browser of their own, writes the theme's findings.
    co = Browser(new_context().new_page(), live_server, lead.axe)
    co.sign_in(cast.co_auditor)
    co_page = co.open(reverse("audits:themefinding-edit", args=[visit.pk, theme.key]))
    evidence = co_page.locator("main")
    # The case evidence and what leaders said sit beside the text being written.
    expect(evidence).to_contain_text("Leaders see assessments as a strength.")
    expect(evidence).to_contain_text("Inadequate")
    expect(evidence).to_contain_text("Good")

    typed = "Assessments are thorough; see NHS number 943 476 5919 for an example."
    co_page.get_by_role("textbox", name="Strengths").fill(typed)
    co_page.get_by_label("Areas for development").fill("Record the reasons for decisions.")
    co_page.get_by_role("radio", name="Requires improvement").check()
    co_page = co.click("button", "Save finding")
    # Refused with the text intact, the suspect part pointed out, and focus on the summary.
    summary = co_page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("NHS number")
    expect(summary).to_be_focused()
    expect(co_page.get_by_role("textbox", name="Strengths")).to_have_value(typed)
    assert not ThemeFinding.objects.filter(visit=visit, theme=theme).exists()

    co_page.get_by_role("textbox", name="Strengths").fill(
        "Assessments are thorough and person-centred."
    )
    co_page = co.click("button", "Save finding")
    expect(co_page.get_by_role("alert")).to_contain_text("has been saved")
    finding = ThemeFinding.objects.get(visit=visit, theme=theme)
    assert finding.strengths == "Assessments are thorough and person-centred."
    assert finding.level.label == "Requires improvement"

    # The lead sees the finding on the visit's list of findings.
    page = lead.open(reverse("audits:themefinding-list", args=[visit.pk]))
    item = page.locator(".govuk-task-list__item", has_text=theme.title).first
    expect(item).to_contain_text("Completed")
    expect(item).to_contain_text("Judgement: Requires improvement")
