"""Journey 2: Sandwell's PSW uploads the case sample before the visit. One row has an age
band that is not one of the bands; the page lists the row, the column and what to use,
nothing is saved, and the corrected file goes in whole."""

from playwright.sync_api import expect

from audits.models import CaseFile, Visit
from tests.e2e.scenes import sandwell_visit

HEADER = "reference,case_type,team,primary_support_reason,age_band"
ROWS = [
    "SAN-01,New assessment,Locality team North,Physical support,65 to 84",
    "SAN-02,review,Locality team South,memory,85+",
    "SAN-03,Carer,Carers team,Support for a carer,about 70",
    "SAN-04,Section 42 enquiry,Safeguarding team,Mental health support,26 to 64",
]


def csv_file(rows) -> dict:
    text = "\n".join([HEADER, *rows]) + "\n"
    return {"name": "sandwell-sample.csv", "mimeType": "text/csv", "buffer": text.encode()}


def test_the_host_psw_reads_a_bad_row_fixes_it_and_uploads_the_sample(signed_in, cast):
    visit = sandwell_visit(cast, status=Visit.Status.PLANNED, cases=0)
    host = signed_in(cast.host_psw)
    host.open("/")
    page = host.click("link", "Visits", exact=True)
    page = host.click("link", "9 to 10 March 2027")
    host.assert_fits_320_pixels()
    page = host.click("link", "Upload the sample as a CSV file")
    expect(host.heading()).to_have_text("Upload the case sample")
    host.assert_fits_320_pixels()

    page.get_by_label("Upload the sample as a CSV file").set_input_files(csv_file(ROWS))
    page.get_by_role("button", name="Upload sample").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("The file has 1 problem")
    problems = page.get_by_role("table", name="Problems in the uploaded file, by row")
    row = problems.get_by_role("row").nth(1)
    expect(row.get_by_role("cell").nth(0)).to_have_text("4")  # the header is row 1
    expect(row.get_by_role("cell").nth(1)).to_have_text("age band")
    expect(row.get_by_role("cell").nth(2)).to_contain_text("“about 70” is not an age band")
    expect(row.get_by_role("cell").nth(2)).to_contain_text("65 to 84")
    host.check_accessibility()
    host.assert_fits_320_pixels()
    assert not CaseFile.objects.filter(visit=visit).exists()

    fixed = [line.replace("about 70", "65 to 84") for line in ROWS]
    page.get_by_label("Upload the sample as a CSV file").set_input_files(csv_file(fixed))
    page.get_by_role("button", name="Upload sample").click()

    expect(page.get_by_role("alert")).to_contain_text("4 cases added to the sample")
    host.check_accessibility()
    host.assert_fits_320_pixels()
    for reference in ("SAN-01", "SAN-02", "SAN-03", "SAN-04"):
        expect(page.get_by_role("rowheader", name=reference)).to_be_visible()
    stored = CaseFile.objects.filter(visit=visit).order_by("reference")
    assert [(c.reference, c.age_band) for c in stored] == [
        ("SAN-01", "65-84"),
        ("SAN-02", "85+"),
        ("SAN-03", "65-84"),
        ("SAN-04", "26-64"),
    ]
