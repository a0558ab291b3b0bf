"""An auditor's case audit on a 390-pixel phone: declare, open a case from the home page,
answer, watch the contents' status change as the answers save, and check the answers. The
contents fold away after the heading, so the questions come first; axe-core on every page."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from audits.models import Answer, Question, Visit
from tests.base import Cast
from tests.e2e.conftest import Browser
from tests.factories import make_tool, make_visit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


class Scene:
    pass


@pytest.fixture
def scene(live_server):
    cast = Scene()
    Cast.build(cast)
    cast.visit = make_visit(
        host=cast.sandwell,
        tool=make_tool(cast.region),
        coordinator=cast.coordinator,
        lead=cast.auditor,
        cases=1,
        status=Visit.Status.ON_SITE,
    )
    cast.case = cast.visit.case_files.get()
    cast.case.allocated_to = cast.auditor
    cast.case.save()
    return cast


@pytest.fixture
def phone(new_context, live_server, axe):
    """A phone-sized browser for someone already signed in (the sign-in journey covers the form)."""

    def open_for(person) -> Browser:
        client = Client()
        client.force_login(person)
        context = new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
        return Browser(context.new_page(), live_server, axe)

    return open_for


def theme_questions(scene, theme="t1"):
    return list(
        Question.objects.filter(tool=scene.visit.tool, theme__key=theme)
        .order_by("position")
        .values_list("key", flat=True)
    )


def test_an_auditor_declares_answers_and_checks_a_case_on_a_phone(scene, phone):
    auditor = phone(scene.auditor)
    page = auditor.open("/")
    auditor.click("link", f"Make your declaration of interests for {scene.visit.host}", exact=False)
    page.locator("input[name=worked_at_host_recently][value=no]").check()
    page.locator("input[name=knows_someone][value=no]").check()
    auditor.click("button", "Save", exact=False)
    expect(page.get_by_text("Your declaration has been saved.")).to_be_visible()

    auditor.open("/")
    auditor.click("link", f"the case audit of {scene.case.reference}", exact=False)
    heading = auditor.heading()
    expect(heading).to_have_text("Theme 1")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The contents are folded away after the heading: the first question is on the first
    # screen, and the wide list beside the questions is not shown at all.
    folded = page.locator("details.app-contents-phone")
    expect(folded).to_be_visible()
    expect(page.locator("nav.app-contents-wide")).to_be_hidden()
    expect(folded.locator("[data-section-status=t1]")).to_be_hidden()
    first_question = page.locator(f"#question-{theme_questions(scene)[0]}")
    assert heading.bounding_box()["y"] < folded.bounding_box()["y"]
    assert folded.bounding_box()["y"] < first_question.bounding_box()["y"] < PHONE["height"]

    folded.locator("summary").click()
    status = folded.locator("[data-section-status=t1]")
    expect(status).to_have_text("Not yet started")
    auditor.check_accessibility()

    *first, last = theme_questions(scene)
    page.locator(f"#question-{first[0]} label", has_text="Met").first.click()
    expect(page.locator(f"#question-{first[0]} [data-save-status]")).to_have_text("Saved")
    expect(status).to_have_text("In progress")  # without reloading the page
    for key in [*first[1:], last]:
        page.locator(f"#question-{key} label", has_text="Met").first.click()
        page.locator(f"#id_{key}-note").fill("Seen on file.")
        expect(page.locator(f"#question-{key} [data-save-status]")).to_have_text("Saved")
    page.locator(f"#id_{first[0]}-note").fill("Seen on file.")
    expect(page.locator(f"#question-{first[0]} [data-save-status]")).to_have_text("Saved")
    expect(status).to_have_text("Completed")
    assert Answer.objects.filter(case_file=scene.case).count() == len(first) + 1

    # A reload (the way without JavaScript) shows the same.
    page.reload()
    page.locator("details.app-contents-phone summary").click()
    expect(page.locator("details.app-contents-phone [data-section-status=t1]")).to_have_text(
        "Completed"
    )
    auditor.click("link", "Check answers and submit")
    expect(auditor.heading()).to_have_text("What is still to do before submitting the case")
    expect(page.locator("#still-to-do")).to_contain_text("You cannot submit")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert reverse("audits:caseaudit-check", args=[scene.visit.pk, scene.case.pk]) in page.url
