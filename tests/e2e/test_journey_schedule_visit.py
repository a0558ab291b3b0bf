"""Journey 1: Ceri, the coordinator, signs in and schedules Sandwell's audit. She first picks
Sandwell's own PSW as lead and a Walsall PSW who is already on an overlapping visit; the page
says why neither can go, keeps what she typed, and she fixes the team."""

import datetime

from playwright.sync_api import expect

from audits.models import Visit
from tests.factories import make_tool, make_visit

FIRST_DAY = datetime.date(2027, 3, 9)


def test_the_coordinator_is_refused_a_conflicted_team_and_schedules_the_visit(browser_as, cast):
    make_tool(cast.region, name="West Midlands case file audit")
    # Walsall's PSW is already auditing Coventry on the same days.
    make_visit(
        host=cast.coventry,
        tool=make_tool(cast.region, version=2),
        coordinator=cast.coordinator,
        lead=cast.co_auditor,
        first_day=FIRST_DAY,
    )
    browser_as.sign_in(cast.coordinator)
    page = browser_as.click("link", "Visits", exact=True)
    browser_as.assert_fits_320_pixels()
    page = browser_as.click("link", "Schedule a visit")
    expect(browser_as.heading()).to_have_text("Schedule a visit")
    browser_as.assert_fits_320_pixels()

    page.get_by_label("Host council").select_option(label="Sandwell")
    when = page.get_by_role("group", name="First day on site")
    when.get_by_label("Day").fill("9")
    when.get_by_label("Month").fill("3")
    when.get_by_label("Year").fill("2027")
    # Before the council and days are shown to the picker, every PSW is listed.
    page.get_by_label("Lead auditor").select_option(value=str(cast.host_psw.pk))
    page.get_by_label("Psw, Walsall").check()
    page.get_by_label("Data-sharing agreement reference").fill("DSA-2027-04")
    page.get_by_role("button", name="Schedule visit").click()

    # The error summary is focused and names each problem, linked to its field.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("works for Sandwell, the host council")
    expect(summary).to_contain_text("already on the Coventry audit on 9 to 10 March 2027")
    expect(page).to_have_title("Error: Schedule a visit – AuditPortal")
    browser_as.check_accessibility()
    browser_as.assert_fits_320_pixels()
    # Nothing she typed is lost.
    expect(page.get_by_label("Host council")).to_have_value(str(cast.sandwell.pk))
    expect(page.get_by_label("Data-sharing agreement reference")).to_have_value("DSA-2027-04")
    assert Visit.objects.filter(host=cast.sandwell).count() == 0

    summary.get_by_role("link", name="works for Sandwell").click()
    expect(page.get_by_label("Lead auditor")).to_be_focused()
    # "Show who is free" lists only other councils' PSWs, with who is busy on these days.
    page.get_by_role("button", name="Show who is free").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    browser_as.check_accessibility()
    lead = page.get_by_label("Lead auditor")
    expect(lead.locator("option", has_text="Psw, Sandwell")).to_have_count(0)
    expect(lead.locator("option", has_text="Psw, Walsall")).to_contain_text(
        "not free: on the Coventry audit, 9 to 10 March 2027"
    )
    expect(page.get_by_label("Data-sharing agreement reference")).to_have_value("DSA-2027-04")
    lead.select_option(label="Psw, Dudley (0 visits in 2027)")
    page.get_by_label("Psw, Walsall").uncheck()
    page.get_by_role("button", name="Schedule visit").click()

    expect(page.get_by_role("alert")).to_contain_text("The visit to Sandwell has been scheduled")
    browser_as.check_accessibility()
    browser_as.assert_fits_320_pixels()
    visit = Visit.objects.get(host=cast.sandwell)
    assert visit.first_day == FIRST_DAY
    assert [link.auditor for link in visit.auditor_links.all()] == [cast.auditor]
