"""Autosave in a real browser: answers save themselves, survive the network dropping, and a
conflicting edit is caught and resolved. Headless Chromium; skipped without it."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from audits.models import Answer, Question, RatingLevel, Visit
from audits.services import casework as services
from tests.base import Cast
from tests.e2e.conftest import Browser
from tests.factories import declare_team, make_tool, make_visit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


# When the first test's page has loaded, by its own (installed) clock.
LOADED = datetime.datetime(2027, 3, 9, 10, 0)


class Scene:
    pass


@pytest.fixture
def scene(live_server):
    cast = Scene()
    Cast.build(cast)
    tool = make_tool(cast.region)
    cast.visit = make_visit(
        host=cast.sandwell,
        tool=tool,
        coordinator=cast.coordinator,
        lead=cast.auditor,
        auditors=[cast.co_auditor],
        cases=2,
        status=Visit.Status.ON_SITE,
    )
    declare_team(cast.visit)
    cast.case = cast.visit.case_files.order_by("reference").first()
    cast.question = Question.objects.get(tool=tool, key="t1-q1")
    cast.url = live_server.url + reverse(
        "audits:caseaudit-detail", args=[cast.visit.pk, cast.case.pk]
    )
    return cast


@pytest.fixture
def signed_in_context(new_context, live_server):
    """A signed-in context in the session's shared Chromium; screenshots are kept on failure."""

    def open_for(person):
        client = Client()
        client.force_login(person)
        context = new_context()
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
        return context

    return open_for


def status(page, key="t1-q1"):
    return page.locator(f"#question-{key} [data-save-status]")


def stored(scene):
    return Answer.objects.filter(case_file=scene.case, question=scene.question).first()


def test_an_answer_and_its_note_save_themselves(scene, signed_in_context):
    page = signed_in_context(scene.auditor).new_page()
    # The page's clock stands still once loaded, so "not yet" below is not a race.
    page.clock.install(time=LOADED - datetime.timedelta(minutes=10))
    page.goto(scene.url)
    page.clock.pause_at(LOADED)
    page.locator("#question-t1-q1 label", has_text="Not met").click()
    page.clock.run_for(0)  # an answer chosen is saved at once
    expect(status(page)).to_have_text("Saved")
    assert stored(scene).level.key == "not-met"
    page.fill("#id_t1-q1-note", "No review for two years; no reason recorded.")
    page.clock.run_for(500)
    # Half a second after the last key, nothing is sent: it waits until the auditor stops.
    expect(status(page)).to_have_text("Not saved yet")
    assert stored(scene).note == ""
    page.clock.run_for(500)
    expect(status(page)).to_have_text("Saved")
    expect(page.locator('input[name="t1-q1-version"]')).to_have_value("2")
    assert stored(scene).note == "No review for two years; no reason recorded."


def test_nothing_is_lost_when_the_network_drops(scene, signed_in_context):
    context = signed_in_context(scene.auditor)
    page = context.new_page()
    page.goto(scene.url)
    context.set_offline(True)
    page.locator("#question-t1-q1 label", has_text="Partly met").click()
    page.fill("#id_t1-q1-note", "Written while the Wi-Fi was down.")
    expect(status(page)).to_have_text(re.compile(r"^Not saved — retrying"))
    kept = page.evaluate("JSON.stringify(Object.entries(localStorage))")
    assert "Written while the Wi-Fi was down." in kept
    assert stored(scene) is None
    context.set_offline(False)
    expect(status(page)).to_have_text("Saved")
    assert stored(scene).note == "Written while the Wi-Fi was down."
    assert page.evaluate("localStorage.length") == 0


def test_an_edit_left_unsaved_is_restored_and_saved_next_time(scene, signed_in_context):
    context = signed_in_context(scene.auditor)
    page = context.new_page()
    page.goto(scene.url)
    context.set_offline(True)
    page.fill("#id_t1-q1-note", "Typed, then the laptop lid closed.")
    expect(status(page)).to_have_text(re.compile(r"^Not saved"))
    page.close(run_before_unload=False)
    context.set_offline(False)
    again = context.new_page()
    again.goto(scene.url)
    expect(status(again)).to_have_text("Saved")
    assert stored(scene).note == "Typed, then the laptop lid closed."


def test_a_conflicting_edit_is_caught_and_resolved(scene, signed_in_context, axe, live_server):
    page = signed_in_context(scene.auditor).new_page()
    page.goto(scene.url)
    # The co-auditor saves first, from another laptop.
    services.save_answer(
        case=services.case_audits().get(pk=scene.case.pk),
        question=scene.question,
        level=RatingLevel.objects.get(scale=scene.question.scale, key="met"),
        note="Joseph's note.",
        version=0,
        by=scene.co_auditor,
    )
    page.fill("#id_t1-q1-note", "Priya's note.")
    panel = page.locator("#question-t1-q1 [data-conflict]")
    expect(panel).to_contain_text("Joseph's note.")
    expect(panel).to_contain_text("Priya's note.")
    assert stored(scene).note == "Joseph's note."
    expect(page.locator("#id_t1-q1-note")).to_have_value("Priya's note.")  # kept on screen
    Browser(page, live_server, axe).check_accessibility()  # the conflict panel too
    panel.get_by_role("button", name="Edit a merged text").click()
    expect(page.locator("#id_t1-q1-note")).to_have_value("Priya's note.\n\nJoseph's note.")
    page.fill("#id_t1-q1-note", "Both of us: seen at home with the carer.")
    expect(status(page)).to_have_text("Saved")
    assert stored(scene).note == "Both of us: seen at home with the carer."
    assert stored(scene).version == 2


def test_a_flagged_note_asks_for_confirmation_then_saves(scene, signed_in_context):
    page = signed_in_context(scene.auditor).new_page()
    page.goto(scene.url)
    page.locator("#question-t1-q1 label", has_text="Met").first.click()
    page.fill("#id_t1-q1-note", "Discussed with Mrs Patel, the team manager.")
    problem = page.locator("#question-t1-q1 [data-autosave-problem]")
    expect(problem).to_contain_text(re.compile(r"personal name: .Mrs Patel."))
    assert stored(scene).note == ""
    page.check("#id_t1-q1-confirm_not_identifiers")
    expect(status(page)).to_have_text("Saved")
    assert stored(scene).note == "Discussed with Mrs Patel, the team manager."
