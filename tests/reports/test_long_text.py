"""Every character of a 100,000-character recommendation is in the PDF and the Word file, and
emoji print from a real font; a character no font has is spelled out, never a blank box."""

import io
import re
import subprocess
import tempfile

import docx
from pypdf import PdfReader

from audits.models import Recommendation
from reports import builder, pdf
from reports.docx import render_docx
from reports.printable import printable_html

from .support import KnownVisitTestCase

LONG = "".join("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[i % 36] for i in range(100_000))


# The running footer and header between two pages, as pdftotext gives them without spaces.
RUNNING = re.compile(
    r"(?:[A-Z][a-z]+)+casefileaudit,[A-Z][a-z]+\d{4}"  # "Sandwell case file audit, March 2027"
    r"Page\d+of\d+OFFICIAL-SENSITIVE"
)


def pdf_text(content: bytes) -> str:
    """The PDF's text without spaces, line ends or the running header and footer."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        out = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", handle.name, "-"],  # noqa: S607 (poppler-utils)
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return RUNNING.sub("", "".join(out.split()).replace("\u200b", ""))


class LongTextTests(KnownVisitTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Recommendation.objects.create(
            visit=cls.visit, text=LONG + " 😀 ✅ ŵ Ω Ж", created_by=cls.auditor
        )

    def test_the_pdf_holds_every_character_of_a_100000_character_recommendation(self):
        content = pdf.render_pdf(builder.build(self.visit, draft=False))  # no watermark in the text
        text = pdf_text(content)
        self.assertIn(LONG, text)
        self.assertIn("😀✅ŵΩЖ", text)
        fonts = {
            str(font.get("/BaseFont"))
            for page in PdfReader(io.BytesIO(content)).pages
            for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values()
            for font in [font.get_object()]
        }
        self.assertTrue(any("Noto-Color-Emoji" in name for name in fonts), fonts)

    def test_the_word_file_holds_it_too(self):
        document = docx.Document(io.BytesIO(render_docx(builder.build(self.visit))))
        self.assertTrue(any(LONG in p.text for p in document.paragraphs))

    def test_a_character_no_font_has_is_spelled_out(self):
        self.assertIn("&lt;U+13000&gt;", printable_html("<p>\U00013000</p>"))
        self.assertNotIn("U+", printable_html("<p>café 😀</p>"))
