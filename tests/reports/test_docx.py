"""The Word document opens, has the report's sections as real Word headings, and its tables
repeat their header row."""

import io

import docx as python_docx
from docx.oxml.ns import qn

from reports import builder
from reports.docx import render_docx

from .support import KnownVisitTestCase


class WordDocumentTests(KnownVisitTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        section = cls.report.sections.get(theme__key="t2")
        section.lines_of_enquiry = "How are carers' assessments offered?"
        section.save()
        cls.draft = python_docx.Document(io.BytesIO(render_docx(builder.build(cls.visit))))
        cls.issued = python_docx.Document(
            io.BytesIO(render_docx(builder.build(cls.visit, draft=False)))
        )

    def headings(self, document, style):
        return [p.text for p in document.paragraphs if p.style.name == style]

    def test_it_has_the_sections_as_word_headings(self):
        self.assertEqual(
            self.headings(self.draft, "Heading 1"),
            [
                "Contents",
                "Summary of findings",
                "Scope and method",
                "1. Theme 1",
                "2. Theme 2",
                "Recommendations",
                "CQC quality statements",
                "Appendix A: the cases",
                "Appendix B: results by question",
            ],
        )
        self.assertIn(
            "Lines of enquiry for the peer challenge team", self.headings(self.draft, "Heading 2")
        )
        self.assertEqual(
            self.headings(self.draft, "Title"), ["Sandwell case file audit, March 2027"]
        )

    def test_it_marks_every_page_and_numbers_them(self):
        section = self.issued.sections[0]
        self.assertEqual(section.header.paragraphs[0].text, "OFFICIAL-SENSITIVE")
        footer_xml = section.footer._element.xml
        self.assertIn("PAGE", footer_xml)
        self.assertIn("NUMPAGES", footer_xml)
        self.assertEqual(round(section.page_width.mm), 210)

    def test_a_draft_says_so_in_its_header(self):
        self.assertEqual(
            self.draft.sections[0].header.paragraphs[0].text, "DRAFT – OFFICIAL-SENSITIVE"
        )
        self.assertNotIn("DRAFT", self.issued.sections[0].header.paragraphs[0].text)

    def test_a_draft_carries_a_watermark_on_every_page_and_an_issued_file_none(self):
        vml = "urn:schemas-microsoft-com:vml"
        section = self.draft.sections[0]
        self.assertFalse(section.different_first_page_header_footer)  # one header, every page
        paths = section.header._element.findall(f".//{{{vml}}}textpath[@string]")
        self.assertEqual([path.get("string") for path in paths], ["DRAFT"])
        shape = section.header._element.find(f".//{{{vml}}}shape")
        self.assertIn("rotation:315", shape.get("style"))
        self.assertIn("z-index:-", shape.get("style"))  # behind the text
        self.assertIsNone(self.issued.sections[0].header._element.find(f".//{{{vml}}}shape"))

    def test_its_tables_carry_the_numbers_and_repeat_their_header(self):
        tables = self.issued.tables
        cases = next(t for t in tables if t.rows[0].cells[0].text == "Reference")
        self.assertEqual(
            [row.cells[0].text for row in cases.rows[1:]], ["SAN-01", "SAN-02", "SAN-03", "SAN-04"]
        )
        self.assertEqual(cases.rows[2].cells[5].text, "Good")
        for table in tables:
            self.assertIsNotNone(table.rows[0]._tr.trPr.find(qn("w:tblHeader")))

    def test_it_is_titled_and_in_british_english(self):
        properties = self.issued.core_properties
        self.assertEqual(properties.title, "Sandwell case file audit, March 2027")
        self.assertEqual(properties.language, "en-GB")
