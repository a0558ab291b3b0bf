"""The report's CQC crosswalk gives each statement's "we statement" in CQC's words, in the
HTML (and so the PDF) and in the Word document."""

import html
import io

import docx as python_docx

from audits.cqc import we_statement
from reports import builder, pdf
from reports.docx import render_docx

from .support import KnownVisitTestCase


class CrosswalkWeStatementTests(KnownVisitTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.data = builder.build(cls.visit)

    def test_each_row_carries_its_we_statement(self):
        rows = {row.key: row.we_statement for row in self.data.crosswalk}
        self.assertEqual(list(rows), ["assessing-needs", "safeguarding"])
        self.assertTrue(rows["safeguarding"].startswith("We work with people to understand"))
        self.assertTrue(rows["assessing-needs"].startswith("We maximise the effectiveness"))

    def test_the_html_and_the_word_document_quote_it_under_the_statement(self):
        text = html.unescape(pdf.render_html(self.data))
        crosswalk = text[text.index('id="crosswalk"') :]
        document = python_docx.Document(io.BytesIO(render_docx(self.data)))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        for key, label in [
            ("safeguarding", "Ensuring safety: safeguarding"),
            ("assessing-needs", "Working with people: assessing needs"),
        ]:
            with self.subTest(key):
                quoted = f"“{we_statement(key)}”"
                self.assertIn(f'{label}<span class="app-report__we">{quoted}</span>', crosswalk)
                self.assertIn(f"{label}\n{quoted}", cells)
        self.assertNotIn(we_statement("equity"), crosswalk)  # no question tagged with it
