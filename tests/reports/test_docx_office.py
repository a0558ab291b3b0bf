"""The Word files as other programs show them: charts with alt text, the contents written out,
British English on every style, the marking once a page; then LibreOffice's own reading."""

import io
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

import docx as python_docx
from docx.oxml.ns import qn
from PIL import Image
from pypdf import PdfReader

from reports import builder
from reports.docx import render_docx
from reports.docx_parts import BOOKMARK_PREFIX

from .support import KnownVisitTestCase

SOFFICE = shutil.which("soffice")
HEADINGS_AFTER_CONTENTS = [
    "Summary of findings",
    "Scope and method",
    "1. Theme 1",
    "2. Theme 2",
    "Recommendations",
    "CQC quality statements",
    "Appendix A: the cases",
    "Appendix B: results by question",
]


def alt_texts(document) -> list[str]:
    return [
        element.get("descr")
        for element in document.element.body.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
        )
    ]


class WordForOtherProgramsTests(KnownVisitTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.data = render_docx(builder.build(cls.visit, draft=False))
        cls.issued = python_docx.Document(io.BytesIO(cls.data))

    def test_it_has_the_pdfs_charts_as_pictures_described_for_screen_readers(self):
        alts = alt_texts(self.issued)
        self.assertEqual(len(alts), 4)  # the overview, the judgements and one per theme
        self.assertTrue(alts[0].startswith("Ratings at the best level, theme by theme."))
        self.assertEqual(
            alts[1],
            "Cases by their agreed overall judgement. Outstanding: 0 (0%); Good: 2 (67%); "
            "Requires improvement: 0 (0%); Inadequate: 1 (33%).",
        )
        self.assertTrue(alts[2].startswith("Ratings on Theme 1. Met: 6"))
        pictures = [
            part.blob for part in self.issued.part.package.parts if part.content_type == "image/png"
        ]
        self.assertEqual(len(pictures), 4)
        overview = Image.open(io.BytesIO(pictures[0]))
        self.assertEqual(overview.width, 1280)  # drawn at twice the SVG's size, for print
        # Drawn, not blank: the bars' colours are there.
        self.assertGreater(len(overview.convert("RGB").getcolors(maxcolors=100000)), 3)

    def test_it_writes_the_contents_out_each_entry_linked_to_its_heading(self):
        entries = [p for p in self.issued.paragraphs if p.style.name == "toc 1"]
        # Each entry: the heading, a tab (dot leader) and the page number field.
        self.assertEqual([p.text.split("\t")[0] for p in entries], HEADINGS_AFTER_CONTENTS)
        bookmarks = {
            element.get(qn("w:name"))
            for element in self.issued.element.body.iter(qn("w:bookmarkStart"))
        }
        for entry in entries:
            anchor = entry._p.find(qn("w:hyperlink")).get(qn("w:anchor"))
            self.assertTrue(anchor.startswith(BOOKMARK_PREFIX))
            self.assertIn(anchor, bookmarks)
            self.assertIn(f"PAGEREF {anchor}", entry._p.xml)
        self.assertNotIn("Update this field", self.issued.element.xml)

    def test_every_style_is_in_british_english(self):
        styles = self.issued.styles.element
        languages = {
            style.get(qn("w:styleId")): style.find(f"{qn('w:rPr')}/{qn('w:lang')}")
            for style in styles.findall(qn("w:style"))
            if style.get(qn("w:type")) != "numbering"
        }
        self.assertGreater(len(languages), 100)
        for style, language in languages.items():
            with self.subTest(style=style):
                self.assertEqual(language.get(qn("w:val")), "en-GB")
        default = styles.find(f"{qn('w:docDefaults')}//{qn('w:lang')}")
        self.assertEqual(default.get(qn("w:val")), "en-GB")
        self.assertNotIn('w:val="en-US"', self.issued.settings.element.xml)

    def test_the_marking_is_in_the_header_and_not_again_on_the_first_page(self):
        self.assertEqual(self.issued.sections[0].header.paragraphs[0].text, "OFFICIAL-SENSITIVE")
        self.assertNotIn("OFFICIAL-SENSITIVE", [p.text.strip() for p in self.issued.paragraphs])


@unittest.skipUnless(SOFFICE, "LibreOffice is not installed (Debian: libreoffice-writer-nogui)")
class WordInLibreOfficeTests(KnownVisitTestCase):
    """A Director opens the issued Word report in LibreOffice: converted to PDF and read back."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        data = render_docx(builder.build(cls.visit, draft=False))
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "report.docx"
            source.write_bytes(data)
            subprocess.run(
                [
                    SOFFICE,
                    f"-env:UserInstallation=file://{folder}/profile",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    folder,
                    str(source),
                ],
                check=True,
                capture_output=True,
            )
            cls.pdf = (Path(folder) / "report.pdf").read_bytes()
        cls.reader = PdfReader(io.BytesIO(cls.pdf))
        cls.pages = [page.extract_text() for page in cls.reader.pages]

    def test_it_shows_the_contents_with_every_sections_page_number(self):
        contents = next(text for text in self.pages if "Contents" in text)
        for heading in HEADINGS_AFTER_CONTENTS:
            page = next(n for n, text in enumerate(self.pages, 1) if heading in text.splitlines())
            with self.subTest(heading=heading):
                # LibreOffice fills in the page number field when it lays the pages out.
                self.assertRegex(contents, rf"{re.escape(heading)}\.+{page}\b")
        self.assertNotIn("Update this field", "".join(self.pages))

    def test_it_draws_the_four_charts(self):
        drawn = set()
        for page in self.reader.pages:
            images = {f"/{image.name.rsplit('.', 1)[0]}" for image in page.images}
            content = page.get_contents().get_data().decode("latin-1")
            drawn |= {name for name in images if f"{name} Do" in content}
        self.assertEqual(len(drawn), 4)

    def test_it_is_in_british_english_and_marked_once_on_every_page(self):
        self.assertEqual(self.reader.trailer["/Root"]["/Lang"], "en-GB")
        for number, text in enumerate(self.pages, start=1):
            with self.subTest(page=number):
                self.assertEqual(text.count("OFFICIAL-SENSITIVE"), 1)
