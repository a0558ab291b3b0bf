"""Journey: Sandwell's Director finds the improvement plan from home once the report is
issued, answers a recommendation with an action (asked first for an owner, nothing typed
lost), and Ceri, the coordinator, reads it on the plan."""

from playwright.sync_api import expect

from audits.models import PlanAction, Recommendation, Visit
from tests.e2e.scenes import sandwell_visit

ACTION = "Audit twenty carers' assessments each quarter and report to the leadership team."


def test_it_lets_a_director_add_an_action_that_the_coordinator_sees(signed_in, cast):
    visit = sandwell_visit(cast, status=Visit.Status.ISSUED)
    Recommendation.objects.create(
        visit=visit, text="Offer every carer their own assessment.", created_by=cast.auditor
    )

    director = signed_in(cast.host_director)
    page = director.open("/")
    page = director.click("link", "Improvement plan for the visit of")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sandwell's improvement plan")
    expect(page.get_by_text("No action yet")).to_be_visible()
    director.check_accessibility()
    page = director.click("link", "Add an action to recommendation 1")
    page.get_by_label("What will the council do?").fill(ACTION)
    page.get_by_label("Day").fill("30")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill("2027")
    page.get_by_role("button", name="Save action").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Choose who owns the action, or enter their role")
    expect(page.get_by_label("What will the council do?")).to_have_value(ACTION)
    director.check_accessibility()
    page.get_by_label("Or the owner's role (optional)").fill("Head of Adult Social Work")
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_role("alert")).to_contain_text("The action has been added to the plan")
    expect(page.get_by_text(ACTION)).to_be_visible()
    director.assert_fits_320_pixels()
    director.check_accessibility()
    assert PlanAction.objects.get().created_by == cast.host_director

    coordinator = signed_in(cast.coordinator)
    page = coordinator.open(visit.get_absolute_url())
    page = coordinator.click("link", "Improvement plan")
    expect(page.get_by_text(ACTION)).to_be_visible()
    expect(page.get_by_text("Head of Adult Social Work")).to_be_visible()
    expect(page.get_by_text("30 June 2027")).to_be_visible()
    expect(page.get_by_role("link", name="Add an action to recommendation 1")).to_have_count(0)
    coordinator.check_accessibility()
