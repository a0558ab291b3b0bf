"""The PDF reads as a finished document: cover, contents with page numbers, the marking on every
page, 'Page N of M', every theme's heading, hostile text shown as text. Checked with pypdf."""

import io
import os
import re

from pypdf import PdfReader

from reports import builder, pdf

from .support import HOSTILE, HOSTILE_IMG, KnownVisitTestCase


class PdfTests(KnownVisitTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.report.summary = f"Strong assessments. {HOSTILE} {HOSTILE_IMG}"
        cls.report.save()
        section = cls.report.sections.get(theme__key="t1")
        section.narrative = "Assessments were timely and done with the person."
        section.lines_of_enquiry = "How do managers spot drift?"
        section.save()
        cls.data = builder.build(cls.visit, draft=True)
        cls.pdf = pdf.render_pdf(cls.data)
        if os.environ.get("AUDITPORTAL_KEEP_PDF"):
            with open(os.environ["AUDITPORTAL_KEEP_PDF"], "wb") as out:
                out.write(cls.pdf)
        cls.reader = PdfReader(io.BytesIO(cls.pdf))
        cls.pages = [page.extract_text() or "" for page in cls.reader.pages]
        cls.text = "\n".join(cls.pages)

    def test_it_is_a_tagged_a4_pdf_with_a_title_and_language(self):
        self.assertTrue(self.pdf.startswith(b"%PDF-"))
        box = self.reader.pages[0].mediabox
        self.assertEqual((round(float(box.width)), round(float(box.height))), (595, 842))
        self.assertEqual(self.reader.metadata.title, "Sandwell case file audit, March 2027")
        root = self.reader.trailer["/Root"]
        self.assertEqual(root["/Lang"], "en-GB")
        self.assertTrue(root["/MarkInfo"]["/Marked"])
        self.assertIn("/StructTreeRoot", root)
        xmp = root["/Metadata"].get_object().get_data()
        self.assertIn(b'pdfuaid:part="1"', xmp)  # PDF/UA-1 identification

    def test_it_runs_to_several_pages_each_numbered_n_of_m(self):
        total = len(self.pages)
        # cover, contents, summary, scope, two themes, recommendations, crosswalk, 2 appendices
        self.assertGreaterEqual(total, 10)
        for number, text in enumerate(self.pages, start=1):
            self.assertIn(f"Page {number} of {total}", text, f"page {number}")

    def test_it_carries_the_protective_marking_on_every_page(self):
        for number, text in enumerate(self.pages, start=1):
            self.assertIn("OFFICIAL-SENSITIVE", text, f"page {number}")

    def test_it_has_every_section_heading(self):
        for heading in (
            "Contents",
            "Summary of findings",
            "Scope and method",
            "1. Theme 1",
            "2. Theme 2",
            "Recommendations",
            "CQC quality statements",
            "Appendix A: the cases",
            "Appendix B: results by question",
            "Lines of enquiry for the peer challenge team",
        ):
            self.assertIn(heading, self.text)

    def test_its_contents_give_the_page_each_section_starts_on(self):
        contents = self.pages[1]
        self.assertIn("Contents", contents)
        theme_two_page = next(
            n for n, text in enumerate(self.pages, start=1) if text.startswith("2. Theme 2\n")
        )
        match = re.search(r"2\. Theme 2[ .]*?(\d+)\s*$", contents, re.MULTILINE)
        self.assertIsNotNone(match, contents)
        self.assertEqual(int(match.group(1)), theme_two_page)

    def test_its_cover_names_the_council_dates_team_and_version(self):
        cover = self.pages[0]
        self.assertIn("Sandwell", cover)
        self.assertIn("9 to 10 March 2027", cover)
        self.assertIn(f"{self.auditor.full_name}", cover)
        self.assertIn("(lead)", cover)
        self.assertIn("Draft of version 1", cover)
        self.assertIn("DRAFT", cover)  # the watermark

    def test_it_shows_hostile_text_literally_and_fetches_nothing(self):
        flat = " ".join(self.text.split())
        self.assertIn("<script>alert('x')</script>", flat)
        self.assertIn("<img src=x onerror=alert(1)>", flat)
        self.assertIn("{{ secret }}", flat)
        self.assertIn("{% now 'Y' %}", flat)
        self.assertIn("169.254.169.254", flat)

    def test_it_draws_the_charts_as_vectors_with_their_numbers(self):
        self.assertIn("Met: 6 (60%)", self.text)
        self.assertIn("Not applicable: 2, not counted", self.text)

    def test_an_issued_render_carries_no_draft_watermark(self):
        issued = pdf.render_pdf(builder.build(self.visit, draft=False))
        cover = PdfReader(io.BytesIO(issued)).pages[0].extract_text()
        self.assertNotIn("DRAFT", cover)
        self.assertIn("Version 1", cover)
