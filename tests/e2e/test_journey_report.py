"""Journey 6: the team writes Sandwell's covering report, sends it for the factual accuracy
check, Sandwell's Director comments on one theme, the team responds, Ceri issues it (the
page says the files are being prepared until the task worker has made them, then shows the
issued version without a reload), and the Director downloads the PDF and the Word document.
The PDF's text is read back."""

import io
import re

from docx import Document
from playwright.sync_api import expect
from pypdf import PdfReader

from audits.models import Visit
from reports.models import IssuedReport
from tests.e2e.scenes import drafting_visit
from tests.reports.worker import run_worker

TITLE = "Sandwell case file audit, March 2027"


def test_the_report_is_written_checked_issued_and_downloaded(signed_in, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    visit = drafting_visit(cast)
    report_page = f"/visits/{visit.pk}/report/"
    lead = signed_in(cast.auditor)
    team_writes_the_draft(lead, signed_in(cast.co_auditor), visit)
    page = lead.open(report_page)
    page = lead.click("link", "Send the draft to the council for the accuracy check")
    page = lead.click("button", "Send the draft to the council")
    expect(page.get_by_role("alert")).to_contain_text("with the council for the accuracy check")
    director = signed_in(cast.host_director)
    director_comments_on_the_draft(director, report_page)
    team_responds(lead, visit)
    issued = coordinator_issues(signed_in(cast.coordinator), visit)
    director_downloads_what_was_issued(director, report_page, issued)


def team_writes_the_draft(lead, co, visit):
    """The lead starts the draft and writes the findings; the co-auditor adds the lines of
    enquiry to the same draft and previews the whole report."""
    lead.open(f"/visits/{visit.pk}/report/")
    lead.assert_fits_320_pixels()
    page = lead.click("button", "Start the draft report")
    lead.assert_fits_320_pixels()
    page.get_by_label("Summary of findings").fill(
        "Assessments are timely and done with the person; reviews drift."
    )
    page.get_by_label("The team's findings on Theme 1").fill("Assessments were strengths-based.")
    page = lead.click("button", "Save the draft")
    expect(page.get_by_role("alert")).to_contain_text("The draft has been saved")

    page = co.open(f"/visits/{visit.pk}/report/compose/")
    page.get_by_label("Lines of enquiry for the peer challenge team").first.fill(
        "How do managers spot drift in reviews?"
    )
    page = co.click("button", "Save the draft")
    expect(page.get_by_role("alert")).to_contain_text("The draft has been saved")
    page = co.click("link", "Preview the whole report")
    expect(page.get_by_text("How do managers spot drift in reviews?")).to_be_visible()
    co.assert_fits_320_pixels()


def director_comments_on_the_draft(director, report_page):
    """The host's Director is told on their home page that a draft waits for them, finds it
    under Reports, reads it and comments on one theme, after being told what is missing from
    an empty comment."""
    page = director.open("/")
    expect(
        page.get_by_role("link", name="Check the draft covering report for factual accuracy")
    ).to_be_visible()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports").click()
    page.wait_for_load_state()
    director.assert_fits_320_pixels()
    page = director.click("link", "Sandwell")
    page = director.click("link", "Read the draft")
    expect(page.get_by_text("Assessments were strengths-based.")).to_be_visible()
    director.assert_fits_320_pixels()
    page = director.open(report_page)
    page = director.click("link", "Comment on the draft")
    director.assert_fits_320_pixels()
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    director.check_accessibility()
    page.get_by_label("Which part of the report is your comment about?").select_option(
        label="1. Theme 1"
    )
    page.get_by_label("Your comment", exact=True).fill("Our review backlog halved in January.")
    page = director.click("button", "Add comment")
    expect(page.get_by_role("alert")).to_contain_text("Your comment has been sent")


def team_responds(lead, visit):
    page = lead.open(f"/visits/{visit.pk}/report/accuracy-check/")
    expect(page.get_by_text("Our review backlog halved in January.")).to_be_visible()
    page = lead.click("link", "Respond to the comment on 1. Theme 1")
    page.get_by_label("The team's response").fill("Added to the findings on Theme 1.")
    page.get_by_label("The draft has been amended, or no change is needed").check()
    page = lead.click("button", "Save response")
    expect(page.get_by_role("alert")).to_contain_text("Your response has been saved")


def coordinator_issues(coordinator, visit) -> IssuedReport:
    coordinator.open(f"/visits/{visit.pk}/report/")
    page = coordinator.click("link", "Issue the report")
    coordinator.assert_fits_320_pixels()
    page = coordinator.click("button", "Issue the report")
    expect(page.get_by_role("status")).to_contain_text("The report's files are being prepared")
    expect(page.get_by_role("link", name="refresh the page")).to_be_visible()
    coordinator.check_accessibility()
    visit.refresh_from_db()
    assert visit.status == Visit.Status.ACCURACY_CHECK
    run_worker()  # the task worker's own loop, until the queue is empty
    # htmx asks for the page again by itself; nobody reloads it.
    expect(page.get_by_role("row", name=re.compile("Version 1"))).to_be_visible(timeout=30_000)
    expect(page.locator("#report-page").get_by_text("being prepared")).to_have_count(0)
    coordinator.check_accessibility()
    visit.refresh_from_db()
    assert visit.status == Visit.Status.ISSUED
    return IssuedReport.objects.get(visit=visit)


def director_downloads_what_was_issued(director, report_page, issued):
    """Both files download; the PDF is what was issued, byte for byte, and both read back."""
    page = director.open(report_page)
    director.assert_fits_320_pixels()
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name=re.compile(r"^PDF\W+version 1$")).click()
    with page.expect_download() as docx_download:
        page.get_by_role("link", name=re.compile(r"^Word document\W+version 1$")).click()
    pdf_bytes = pdf_download.value.path().read_bytes()
    assert pdf_download.value.suggested_filename == issued.filename("pdf")
    assert pdf_bytes == issued.pdf_file.open("rb").read()
    pages = [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf_bytes)).pages]
    text = "\n".join(pages)
    assert PdfReader(io.BytesIO(pdf_bytes)).metadata.title == TITLE
    assert "Sandwell" in pages[0]
    assert all("OFFICIAL-SENSITIVE" in page_text for page_text in pages)
    assert "Assessments were strengths-based." in text
    word = Document(docx_download.value.path())
    words = "\n".join(paragraph.text for paragraph in word.paragraphs)
    assert "Sandwell" in words
    assert "Assessments are timely and done with the person; reviews drift." in words
