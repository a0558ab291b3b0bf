"""A council's CQC evidence page and its PDF and Word pack name all nine quality statements
with CQC's "we statement" under each (where recorded in CQC's words)."""

import html
import io

import docx as python_docx
from django.urls import reverse
from freezegun import freeze_time
from pypdf import PdfReader

from audits.cqc import QualityStatement, we_statement
from tests.learning.test_cqc_evidence import CqcScene

RECORDED = [key for key in QualityStatement.values if we_statement(key)]


def squeeze(text: str) -> str:
    """Whitespace as one space: the PDF's text layer breaks lines where the page does."""
    return " ".join(text.split())


@freeze_time("2027-06-01")
class CqcWeStatementTests(CqcScene):
    def test_the_page_shows_the_nine_statements_and_their_we_statements(self):
        self.sign_in(self.host_director)
        response = self.client.get(reverse("learning:cqc-evidence", args=["sandwell"]))
        text = html.unescape(response.content.decode())
        for key, label in QualityStatement.choices:
            with self.subTest(key):
                self.assertIn(f"{label}</h2>", text)
        for key in RECORDED:
            with self.subTest(key):
                self.assertIn(f"“{we_statement(key)}”</div>", text)
        self.assertEqual(len(RECORDED), 7)

    def test_the_pdf_pack_carries_the_nine_statements_and_their_we_statements(self):
        self.sign_in(self.host_director)
        response = self.client.get(reverse("learning:cqc-pack-pdf", args=["sandwell"]))
        reader = PdfReader(io.BytesIO(response.content))
        text = squeeze(" ".join(page.extract_text() or "" for page in reader.pages))
        for key, label in QualityStatement.choices:
            with self.subTest(key):
                self.assertIn(squeeze(label), text)
        for key in RECORDED:
            with self.subTest(key):
                self.assertIn(squeeze(we_statement(key)), text)

    def test_the_word_pack_quotes_each_we_statement_under_its_heading(self):
        self.sign_in(self.coordinator)
        response = self.client.get(reverse("learning:cqc-pack-docx", args=["sandwell"]))
        paragraphs = python_docx.Document(io.BytesIO(response.content)).paragraphs
        headings = [(i, p.text) for i, p in enumerate(paragraphs) if p.style.name == "Heading 1"]
        labels = dict(QualityStatement.choices)
        self.assertEqual([text.split(". ", 1)[1] for _, text in headings], list(labels.values()))
        for (index, _), key in zip(headings, labels, strict=True):
            with self.subTest(key):
                following = paragraphs[index + 1]
                if we_statement(key):
                    self.assertEqual(following.text, f"“{we_statement(key)}”")
                    self.assertEqual(following.style.name, "Quote")
                else:
                    self.assertNotEqual(following.style.name, "Quote")
