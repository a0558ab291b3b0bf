"""The annual summary's Word file, like the covering report's: its chart, en-GB, one marking."""

import io

import docx as python_docx
from docx.oxml.ns import qn

from tests.learning.test_summary import SummaryCast
from tests.reports.test_docx_office import alt_texts


class SummaryWordTests(SummaryCast):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.document = python_docx.Document(io.BytesIO(cls.docx))

    def test_it_has_the_pdfs_chart_as_a_picture_with_its_alt_text(self):
        alts = alt_texts(self.document)
        self.assertEqual(len(alts), 1)
        self.assertTrue(alts[0].startswith("Share of visits at which each theme fell short."))
        self.assertIn(self.summary.board.recurrence_summary, alts[0])

    def test_it_is_in_british_english_and_marked_once_a_page(self):
        for style in self.document.styles.element.findall(qn("w:style")):
            if style.get(qn("w:type")) != "numbering":
                language = style.find(f"{qn('w:rPr')}/{qn('w:lang')}")
                self.assertEqual(language.get(qn("w:val")), "en-GB", style.get(qn("w:styleId")))
        self.assertEqual(self.document.core_properties.language, "en-GB")
        marking = self.summary.protective_marking
        self.assertEqual(self.document.sections[0].header.paragraphs[0].text, marking)
        self.assertNotIn(marking, [p.text for p in self.document.paragraphs])
