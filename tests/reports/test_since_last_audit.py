"""The covering report's "Since the last audit" section, in the HTML, the PDF and the Word
document alike, built from the same data; and the method's sentence on what was compared."""

import io

import docx as python_docx
from pypdf import PdfReader

from reports import builder, pdf
from reports.docx import render_docx
from tests.audits.test_comparison import ComparisonScene

METHOD = "5 questions were compared by their key, and 3 questions could not be"


class SinceLastAuditInTheReportTests(ComparisonScene):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.data = builder.build(cls.visit)

    def test_it_leaves_the_section_out_of_a_first_audit(self):
        first = builder.build(self.last)
        self.assertIsNone(first.since_last)
        self.assertNotIn("Since the last audit", pdf.render_html(first))

    def test_it_shows_in_the_html_what_moved_and_what_could_not_be_compared(self):
        html = pdf.render_html(self.data)
        self.assertIn('<h2 id="since-last-title">Since the last audit</h2>', html)
        self.assertIn("<dt>Compared with the last audit</dt>", html)
        self.assertIn(METHOD, html)
        self.assertIn("60% (Met 9, Not met 6, Not applicable 3)", html)
        self.assertIn("up 7 points", html)
        self.assertIn("suppressed", html)
        self.assertIn("1.4 Question 4 of theme 1? (new in this version)", html)
        self.assertIn("had no actions in an improvement plan", html)

    def test_it_carries_the_section_in_the_pdf(self):
        reader = PdfReader(io.BytesIO(pdf.render_pdf(self.data)))
        text = " ".join((page.extract_text() or "") for page in reader.pages)
        text = " ".join(text.split())
        self.assertIn("Since the last audit", text)
        self.assertIn("up 7 points", text)
        self.assertIn("Good or better", text)

    def test_it_carries_the_section_and_the_methods_sentence_in_the_word_document(self):
        document = python_docx.Document(io.BytesIO(render_docx(self.data)))
        headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        self.assertIn("Since the last audit", headings)
        self.assertLess(headings.index("Since the last audit"), headings.index("Scope and method"))
        paragraphs = "\n".join(p.text for p in document.paragraphs)
        self.assertIn(METHOD, paragraphs)
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        self.assertIn("60% (Met 9, Not met 6, Not applicable 3)", cells)
        self.assertIn("up 7 points", cells)
        self.assertIn("suppressed", cells)
