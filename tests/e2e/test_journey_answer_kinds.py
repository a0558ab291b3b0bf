"""An auditor answers each kind of question in a real browser: "none of these" clears the
other ticks, a number and a choice save themselves, and the page passes axe-core."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from audits.models import Answer, Visit
from audits.toolfile import import_tool
from tests.audits.test_tool_file_kinds import KINDS
from tests.base import Cast
from tests.e2e.conftest import Browser
from tests.factories import declare_team, make_visit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


class Scene:
    pass


def test_it_saves_ticks_numbers_and_dates_as_the_auditor_answers(live_server, page, axe):
    scene = Scene()
    Cast.build(scene)
    tool = import_tool(KINDS, region=scene.region, by=None)
    tool.publish(by=scene.tool_owner, changelog="Every kind.")
    visit = make_visit(
        host=scene.sandwell,
        tool=tool,
        coordinator=scene.coordinator,
        lead=scene.auditor,
        cases=1,
        status=Visit.Status.ON_SITE,
    )
    declare_team(visit)
    case = visit.case_files.get()
    browser = Browser(page, live_server, axe)
    browser.sign_in(scene.auditor)
    browser.open(reverse("audits:caseaudit-detail", args=[visit.pk, case.pk]) + "?theme=kinds")

    involved = page.locator("#question-involved")
    involved.get_by_label("A carer").check()
    expect(involved.locator("[data-save-status]")).to_have_text("Saved")
    involved.get_by_label("None of these").check()
    expect(involved.get_by_label("A carer")).not_to_be_checked()
    expect(involved.locator("[data-save-status]")).to_have_text("Saved")

    days = page.locator("#question-days")
    days.get_by_label("How many days did the assessment take?").fill("12")
    expect(days.locator("[data-save-status]")).to_have_text("Saved")
    reviewed = page.locator("#question-reviewed-on")
    reviewed.get_by_label("When was the plan last reviewed?").fill("27/3/2026")
    expect(reviewed.locator("[data-save-status]")).to_have_text("Saved")
    impairment = page.locator("#question-impairment")
    impairment.get_by_label("Yes").check()
    expect(impairment.locator("[data-save-status]")).to_have_text("Saved")

    stored = {a.question.key: a for a in Answer.objects.select_related("question")}
    assert stored["involved"].choices == ["none"]
    assert stored["days"].number == 12
    assert str(stored["reviewed-on"].date) == "2026-03-27"
    assert stored["impairment"].choices == ["yes"]
