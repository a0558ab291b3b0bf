"""Journey: the coordinator signs in, finds the region's councils and adds a person."""

from playwright.sync_api import expect


def test_the_coordinator_signs_in_and_sees_the_fourteen_councils(browser_as, cast):
    browser_as.sign_in(cast.coordinator)
    page = browser_as.page
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    page.get_by_role("link", name="Councils").first.click()
    browser_as.check_accessibility()
    expect(page.get_by_text("14 councils")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Dudley")).to_be_visible()
    assert browser_as.fits_320_pixels()


def test_the_coordinator_adds_a_person_after_fixing_a_mistake(browser_as, cast):
    browser_as.sign_in(cast.coordinator)
    page = browser_as.open("/people/add/")
    page.get_by_label("Full name").fill("Jo Bloggs")
    page.get_by_label("E-mail address").fill("jo.bloggs@solihull.test")
    page.get_by_label("Role").select_option(label="Principal Social Worker")
    page.get_by_role("button", name="Save person").click()
    # The error summary says what to fix, is focused, and nothing typed is lost.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose the council this Principal Social Worker works for")
    expect(summary).to_be_focused()
    expect(page.get_by_label("Full name")).to_have_value("Jo Bloggs")
    browser_as.check_accessibility()
    page.get_by_label("Home council").select_option(label="Solihull")
    page.get_by_role("button", name="Save person").click()
    expect(page.get_by_text("Jo Bloggs has been added")).to_be_visible()
    browser_as.check_accessibility()


def test_a_wrong_password_is_explained_and_the_email_kept(browser_as, cast):
    page = browser_as.open("/accounts/login/")
    page.get_by_label("E-mail address").fill(cast.auditor.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("not right")
    expect(page.get_by_label("E-mail address")).to_have_value(cast.auditor.email)
    browser_as.check_accessibility()


def test_signing_out_ends_the_session(browser_as, cast):
    browser_as.sign_in(cast.auditor)
    browser_as.sign_out()
    browser_as.page.goto(browser_as.base + "/councils/")
    expect(browser_as.page.get_by_role("heading", level=1)).to_contain_text("Sign in")
