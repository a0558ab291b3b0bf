"""The MCA capacity audit standards, end to end in a real browser: the tool owner imports the
example file and publishes it; an auditor sees standard 14 only once they have answered that
an impairment was found, and standard 17 appear and go as the answer on its page changes;
without JavaScript both show, each saying when to answer it."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from audits.models import AuditTool, Visit
from audits.toolfile import EXAMPLES
from tests.base import Cast
from tests.e2e.conftest import Browser
from tests.factories import declare_team, make_visit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MCA_FILE = EXAMPLES / "mca_capacity_audit_standards.yaml"


class Scene:
    pass


def test_it_asks_standard_14_only_once_an_impairment_was_found(live_server, page, axe, new_context):
    scene = Scene()
    Cast.build(scene)
    owner = Browser(page, live_server, axe)
    owner.sign_in(scene.tool_owner)
    owner.open(reverse("audits:tool-import"))
    page.get_by_label("Tool file").set_input_files(str(MCA_FILE))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_text("has been imported as a draft")).to_be_visible()
    tool = AuditTool.objects.get(name="MCA capacity audit standards")
    owner.open(reverse("audits:tool-publish", args=[tool.pk]))
    page.get_by_role("button", name="Publish this version").click()
    expect(page.get_by_text("is published. Visits can now use it.")).to_be_visible()

    visit = make_visit(
        host=scene.sandwell,
        tool=AuditTool.objects.get(pk=tool.pk),
        coordinator=scene.coordinator,
        lead=scene.auditor,
        cases=1,
        status=Visit.Status.ON_SITE,
    )
    declare_team(visit)
    case = visit.case_files.get()
    case_url = reverse("audits:caseaudit-detail", args=[visit.pk, case.pk])

    auditor = Browser(_page_for(scene.auditor, new_context, live_server), live_server, axe)
    conclusion = auditor.open(case_url + "?theme=the-conclusion")
    expect(conclusion.locator("#question-standard-14")).to_be_hidden()
    expect(conclusion.locator("#question-standard-15")).to_be_visible()
    expect(conclusion.locator("#question-standard-17")).to_be_hidden()

    # Standard 17 follows the answer on its own page, without a reload.
    lacks = conclusion.locator("#question-lacks-capacity-found")
    lacks.get_by_label("Yes", exact=True).check()
    expect(conclusion.locator("#question-standard-17")).to_be_visible()
    expect(conclusion.locator("#question-standard-17").get_by_text("Answer only if")).to_be_hidden()
    expect(lacks.locator("[data-save-status]")).to_have_text("Saved")
    lacks.get_by_label("No", exact=True).check()
    expect(conclusion.locator("#question-standard-17")).to_be_hidden()
    expect(lacks.locator("[data-save-status]")).to_have_text("Saved")

    # Standard 14 rests on an answer of another theme: found, it is asked.
    assessment = auditor.open(case_url + "?theme=the-assessment")
    found = assessment.locator("#question-impairment-found")
    found.get_by_label("Yes", exact=True).check()
    expect(found.locator("[data-save-status]")).to_have_text("Saved")
    conclusion = auditor.open(case_url + "?theme=the-conclusion")
    expect(conclusion.locator("#question-standard-14")).to_be_visible()
    auditor.check_accessibility()

    # Without JavaScript every question shows, saying when to answer it.
    plain = Browser(
        _page_for(scene.auditor, new_context, live_server, java_script_enabled=False),
        live_server,
        axe=None,
    )
    plain.page.goto(live_server.url + case_url + "?theme=the-conclusion")
    standard_14 = plain.page.locator("#question-standard-14")
    expect(standard_14).to_be_visible()
    expect(standard_14.get_by_text("Answer only if 2.2 is ‘Yes’.")).to_be_visible()
    expect(plain.page.get_by_text("Answer only if 3.3 is ‘Yes’.")).to_be_visible()


def _page_for(person, new_context, live_server, **options):
    client = Client()
    client.force_login(person)
    context = new_context(viewport={"width": 1280, "height": 900}, **options)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return context.new_page()
