"""The PDF's claim to PDF/UA-1, backed by its structure tree: the checks the accessibility
statement lists (tests/reports/pdf_structure.py), on the draft and the issued report."""

import re

from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from reports import builder, pdf

from .pdf_structure import CHECKS, pdf_ua_problems, read_structure
from .support import KnownVisitTestCase

TITLE = "Sandwell case file audit, March 2027"


class ReportStructureTests(KnownVisitTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.issued = pdf.render_pdf(builder.build(cls.visit, draft=False))

    def test_the_issued_report_passes_every_check(self):
        self.assertEqual(pdf_ua_problems(self.issued, title=TITLE), [])

    def test_a_draft_passes_every_check_too(self):
        draft = pdf.render_pdf(builder.build(self.visit, draft=True))
        self.assertEqual(pdf_ua_problems(draft, title=TITLE), [])

    def test_it_finds_what_it_checks_in_the_report(self):
        """The checks see the report's own parts, so a pass is not a pass over nothing."""
        _, structure = read_structure(self.issued)
        self.assertEqual(structure.headings[0][0], 1)  # the title; then contents and 8 sections
        self.assertEqual(sum(1 for level, _ in structure.headings if level == 2), 9)
        self.assertEqual(
            structure.figures,
            [
                "Ratings at the best level, theme by theme",
                "Cases by their agreed overall judgement",
                "Ratings on Theme 1",
                "Ratings on Theme 2",
            ],
        )
        self.assertGreaterEqual(len(structure.tables), 10)
        self.assertTrue(all(table["cells"] for table in structure.tables))


class CheckTests(SimpleTestCase):
    def test_it_reports_each_failure_it_looks_for(self):
        broken = (
            '<!doctype html><html lang="fr"><head><title>Wrong</title></head><body>'
            "<h2>Start</h2><h4>Skipped</h4>"
            '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">'
            '<rect width="100" height="50" fill="#d4351c"/></svg>'
            "<table><tr><td>a</td><td>b</td></tr></table></body></html>"
        )
        self.assertEqual(
            pdf_ua_problems(pdf.html_to_pdf(broken), title="A report"),
            [
                "Its language is 'fr', not en-GB.",
                "Its title is 'Wrong', not 'A report'.",
                "Its XMP metadata does not carry the title.",
                "Its first heading is H2, not H1.",
                "H4 '' follows H2: a heading level is skipped.",
                "Figure 1 has no alternative text.",
                "Table 1 has no header cells (TH).",
                "Table 1 has 2 data cells linked to no header.",
            ],
        )


class StatementTests(TestCase):
    def test_the_accessibility_statement_lists_exactly_what_is_checked(self):
        page = self.client.get(reverse("accessibility")).content.decode()
        listed = re.search(r"The PDF documents</h3>.*?<ul[^>]*>(.*?)</ul>", page, re.S).group(1)
        items = [
            re.sub(r"\s+", " ", item).strip()
            for item in re.findall(r"<li>(.*?)</li>", listed, re.S)
        ]
        self.assertEqual(items, list(CHECKS))
