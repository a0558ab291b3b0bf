"""Journey: signing in as a council's information governance lead would want.

A new coordinator signs in for the first time and is made to set up an authenticator app,
signs in again with a code, issues a report after re-entering their password, and is warned
before being signed out after 30 idle minutes; a PSW signs in through a local OIDC provider.
"""

import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from authorities import security
from authorities.mfa import current_code
from authorities.models import User
from reports import services
from reports.models import IssuedReport
from tests.base import PASSWORD, make_person
from tests.e2e.scenes import drafting_visit
from tests.oidc import provider_settings, running_provider, set_person


def draft_ready_to_issue(cast):
    visit = drafting_visit(cast)
    report = services.start_report(visit=visit, by=cast.auditor)
    report = services.save_draft(
        report=report,
        by=cast.auditor,
        expected_version=report.version,
        summary="Assessments are timely and done with the person; reviews drift.",
        sections={},
    )
    services.send_for_accuracy_check(report=report, by=cast.auditor)
    return visit


def session_of(page) -> SessionStore:
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    return SessionStore(session_key=cookie["value"])


def idle_for(page, minutes: float, *, in_all: float | None = None) -> None:
    """As if the person had done nothing for ``minutes`` more (``in_all`` since their last
    activity): the server's record of it moves back, and the browser's clock moves on."""
    session = session_of(page)
    session[security.LAST_SEEN_AT] = time.time() - (in_all or minutes) * 60
    session.save()
    page.clock.fast_forward(int(minutes * 60 * 1000))


def test_a_new_coordinator_sets_up_mfa_issues_a_report_and_times_out(
    browser_as, cast, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    visit = draft_ready_to_issue(cast)
    ceri = make_person("ceri.new@wm.test", User.Role.COORDINATOR, region=cast.region, mfa=False)
    page = browser_as.page
    page.clock.install()

    # First sign-in: the password, then straight to setting up an authenticator app.
    browser_as.sign_in(ceri)
    expect(browser_as.heading()).to_have_text("Set up an authenticator app")
    page.get_by_role("link", name="Visits").first.click()
    expect(browser_as.heading()).to_have_text("Set up an authenticator app")  # no way round
    secret = page.locator("#authenticator-secret").inner_text().strip()
    page.get_by_label("Code from your app").fill(
        "123456" if current_code(secret) != "123456" else "654321"
    )
    browser_as.click("button", "Set up the app")
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    page.get_by_label("Code from your app").fill(current_code(secret))
    browser_as.click("button", "Set up the app")
    expect(browser_as.heading()).to_have_text("Your recovery codes")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    browser_as.click("link", "Carry on to the service")
    expect(browser_as.heading()).to_contain_text("Welcome")
    browser_as.sign_out()

    # Second sign-in: password, then the app's code.
    browser_as.sign_in(ceri, secret=secret)
    expect(browser_as.heading()).to_contain_text("Welcome")

    # Issuing: the password again, then the report is issued without pressing Issue twice.
    browser_as.open(f"/visits/{visit.pk}/report/")
    session = session_of(page)
    records = session["account_authentication_methods"]
    session["account_authentication_methods"] = [{**r, "at": r["at"] - 16 * 60} for r in records]
    session.save()  # the password was given 16 minutes ago
    browser_as.click("link", "Issue the report")
    expect(browser_as.heading()).to_have_text("Confirm it is you")
    page.get_by_label("Password").fill(PASSWORD)
    browser_as.click("button", "Confirm and carry on")
    expect(browser_as.heading()).to_contain_text("Check the report before you issue it")
    browser_as.click("button", "Issue the report")
    expect(page.get_by_role("alert")).to_contain_text("Version 1 of the report has been issued")
    assert IssuedReport.objects.get(visit=visit).issued_by == ceri

    # Idle: warned two minutes before, stays signed in with typed text kept, then signed out.
    page = browser_as.open("/security-events/")
    page.get_by_label("Name or e-mail address").fill("typed but not sent")
    idle_for(page, 28)
    dialog = page.get_by_role("dialog", name="You will be signed out soon")
    expect(dialog).to_be_visible()
    browser_as.check_accessibility()
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_label("Name or e-mail address")).to_have_value("typed but not sent")
    idle_for(page, 28)
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")  # Escape means "stay signed in" too
    expect(dialog).to_be_hidden()
    expect(page.get_by_label("Name or e-mail address")).to_have_value("typed but not sent")
    idle_for(page, 28)
    expect(dialog).to_be_visible()
    idle_for(page, 3, in_all=31)
    expect(browser_as.heading()).to_contain_text("Sign in")
    expect(page.get_by_text("had not used the service for 30 minutes")).to_be_visible()
    browser_as.check_accessibility()


@pytest.fixture
def council_provider(settings):
    # Asked for before the browser, so it stops after the browser has closed its connections.
    with running_provider() as url:
        for name, value in provider_settings(url).items():
            setattr(settings, name, value)
        yield url


def test_a_psw_signs_in_with_their_councils_account(council_provider, browser_as, cast):
    set_person(
        council_provider,
        "dudley-psw-42",
        email=cast.auditor.email,
        email_verified=True,
        amr=["pwd", "mfa"],
    )
    page = browser_as.open("/accounts/login/")
    page.get_by_role("button", name="Sign in with Dudley Council (test)").click()
    # The council's own sign-in page (here the local provider's).
    page.get_by_placeholder("sub").fill("dudley-psw-42")
    page.get_by_role("button", name="Authorize").click()
    expect(browser_as.heading()).to_contain_text(f"Welcome, {cast.auditor.get_short_name()}")
    browser_as.check_accessibility()


def test_a_stranger_from_the_council_is_refused_clearly(council_provider, browser_as, cast):
    set_person(council_provider, "stranger", email="stranger@dudley.gov.uk", email_verified=True)
    page = browser_as.open("/accounts/login/")
    page.get_by_role("button", name="Sign in with Dudley Council (test)").click()
    page.get_by_placeholder("sub").fill("stranger")
    page.get_by_role("button", name="Authorize").click()
    expect(browser_as.heading()).to_have_text("You cannot sign in with this account")
    expect(
        page.get_by_text("Nobody signs in to AuditPortal with stranger@dudley.gov.uk")
    ).to_be_visible()
    browser_as.check_accessibility()
