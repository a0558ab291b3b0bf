"""Journey 5: Priya (Dudley's PSW, the lead) submits SAN-01; Joseph (Walsall's PSW) first asks
for a change, then agrees it once she resubmits; Ceri, the coordinator, locks it. While
reading SAN-01, Priya raises an immediate concern, which Sandwell's PSW sees on their home
page and acknowledges."""

from playwright.sync_api import expect

from audits.models import CaseFile, CaseJudgement, ImmediateConcern
from tests.e2e.scenes import sandwell_visit
from tests.factories import level_of
from tests.reports.support import GRID, rate

CHANGE = "Say on question 1 of theme 2 who was consulted."


def audited_case(cast):
    """SAN-01, every question answered with a note and judged: ready for review."""
    visit = sandwell_visit(cast)
    case = visit.case_files.get(reference="SAN-01")
    rate(case, GRID["SAN-01"], by=cast.auditor)
    CaseJudgement.objects.create(
        case_file=case,
        level=level_of(visit.tool, "good", "judgement"),
        rationale="Timely assessment, done with the person.",
    )
    return visit, case


def test_a_case_goes_from_submitted_to_locked_through_moderation(signed_in, cast):
    visit, case = audited_case(cast)
    progress = f"/visits/{visit.pk}/cases/"

    lead = signed_in(cast.auditor)
    lead.open(progress)
    lead.assert_fits_320_pixels()
    lead.click("link", "SAN-01")
    lead.assert_fits_320_pixels()
    page = lead.click("link", "Check answers and submit")
    lead.assert_fits_320_pixels()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("alert")).to_contain_text("SAN-01 has been submitted for review")
    lead.check_accessibility()

    reviewer = signed_in(cast.co_auditor)
    page = reviewer.open(progress)
    page = reviewer.click("link", "Review SAN-01")
    reviewer.assert_fits_320_pixels()
    # Asking for changes without saying which is refused, and the summary says so.
    page.get_by_label("Request changes from the auditor").check()
    page.get_by_role("button", name="Record the review").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Give a reason for the auditor")
    reviewer.check_accessibility()
    page.get_by_label("Reason").fill(CHANGE)
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_role("alert")).to_contain_text("SAN-01: changes requested")
    reviewer.check_accessibility()

    page = lead.open(f"/visits/{visit.pk}/cases/{case.pk}/review/")
    expect(page.locator(".app-history")).to_contain_text(CHANGE)
    page = lead.click("link", "Check answers and submit")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("alert")).to_contain_text("SAN-01 has been submitted for review")

    page = reviewer.open(progress)
    page = reviewer.click("link", "Review SAN-01")
    page.get_by_label("Agree the case as audited").check()
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_role("alert")).to_contain_text("SAN-01: agreed")
    reviewer.check_accessibility()
    # Only the coordinator or the lead locks.
    expect(page.get_by_role("button", name="Lock SAN-01")).to_have_count(0)

    coordinator = signed_in(cast.coordinator)
    page = coordinator.open(f"/visits/{visit.pk}/cases/{case.pk}/review/")
    page = coordinator.click("button", "Lock SAN-01")
    expect(page.get_by_role("heading", name="Lock SAN-01?")).to_be_visible()
    coordinator.check_accessibility()
    page = coordinator.click("button", "Yes, lock SAN-01")
    expect(page.get_by_role("alert")).to_contain_text("SAN-01 is locked")
    coordinator.assert_fits_320_pixels()
    case.refresh_from_db()
    assert case.status == CaseFile.Status.LOCKED

    # Locked means nobody edits it any more, the lead included.
    page = lead.open(f"/visits/{visit.pk}/cases/{case.pk}/")
    expect(page.get_by_role("button", name="Save")).to_have_count(0)
    expect(page.get_by_text("Status: Locked")).to_be_visible()


def test_an_immediate_concern_raised_from_a_case_is_acknowledged_by_the_host(signed_in, cast):
    visit, case = audited_case(cast)
    lead = signed_in(cast.auditor)
    lead.open(f"/visits/{visit.pk}/cases/{case.pk}/")
    page = lead.click("link", "Raise an immediate concern about SAN-01")
    lead.assert_fits_320_pixels()
    expect(page.get_by_label("Which case file?")).to_have_value(str(case.pk))
    page.get_by_label("What is the risk to the person?").fill(
        "The carer says they cannot cope and no carer's assessment is on file."
    )
    page.get_by_label("What have you done already?").fill("Told the team manager on site.")
    page.get_by_role("button", name="Raise the concern and tell the host").click()
    expect(page.get_by_role("alert")).to_contain_text("Your concern about SAN-01 has been raised")
    lead.check_accessibility()

    host = signed_in(cast.host_psw)
    page = host.open("/")
    panel = page.get_by_role("region", name="Needs your attention")
    expect(panel).to_contain_text("SAN-01")
    expect(panel).to_contain_text("acknowledge it now")
    host.assert_fits_320_pixels()
    panel.get_by_role("link", name="SAN-01").click()
    host.check_accessibility()
    page = host.click("link", "Acknowledge the concern")
    page.get_by_role("button", name="Acknowledge the concern").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    host.check_accessibility()
    page.get_by_label("What is the council doing about it?").fill(
        "A duty worker visits the carer today."
    )
    page.get_by_role("button", name="Acknowledge the concern").click()
    expect(page.get_by_role("alert")).to_contain_text("You have acknowledged the concern")
    host.check_accessibility()
    host.assert_fits_320_pixels()
    concern = ImmediateConcern.objects.get(case_file=case)
    assert concern.status == ImmediateConcern.Status.ACKNOWLEDGED
    assert concern.acknowledged_by == cast.host_psw

    page = host.open("/")
    expect(page.get_by_role("region", name="Needs your attention")).to_contain_text(
        "acknowledged; close it once it is dealt with"
    )
