"""Ceri, the coordinator, reads the visits list on her phone: the visit on site today comes
first, each row's status is in view without scrolling sideways, and she sorts by status."""

import datetime
import re

from django.urls import reverse
from playwright.sync_api import expect

from audits.models import Visit
from tests.factories import make_tool, make_visit


def test_it_lists_visits_on_a_390_pixel_phone_with_status_in_view(browser_as, cast):
    tool = make_tool(cast.region)
    hosts = [cast.sandwell, cast.coventry, cast.region.authorities.get(slug="telford-and-wrekin")]
    statuses = [Visit.Status.CLOSED, Visit.Status.ON_SITE, Visit.Status.PLANNED]
    for n, (host, status) in enumerate(zip(hosts, statuses, strict=True)):
        make_visit(
            host=host,
            tool=tool,
            coordinator=cast.coordinator,
            lead=cast.auditor,
            first_day=datetime.date(2026, 3, 3) + datetime.timedelta(weeks=20 * n),
            status=status,
        )
    browser_as.sign_in(cast.coordinator)
    page = browser_as.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(browser_as.base + reverse("audits:visit-list"))
    browser_as.check_accessibility()

    rows = page.locator("table.app-visit-table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Coventry")
    expect(rows.first).to_contain_text("On site")
    for n in range(3):
        tag = rows.nth(n).locator(".govuk-tag")
        tag.scroll_into_view_if_needed()
        expect(tag).to_be_in_viewport()
        box = tag.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390, f"row {n}: {box}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    wrap = page.locator(".app-table-wrap").first
    assert wrap.evaluate("box => box.scrollWidth <= box.clientWidth"), "the table scrolls sideways"
    # Columns left out on the phone are still on a wide screen.
    expect(page.get_by_role("columnheader", name="Team")).to_be_hidden()

    browser_as.click("link", re.compile(r"^Status\b.*sort by this"))
    expect(page.get_by_role("columnheader", name="Status")).to_have_attribute(
        "aria-sort", "ascending"
    )
    expect(rows.first).to_contain_text("Planned")
    expect(rows.last).to_contain_text("Closed")
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.get_by_role("columnheader", name="Team")).to_be_visible()
