"""Text typed into the report is shown as text in the preview, the PDF and the Word file: never
markup, never a template, never a fetch."""

import io

import docx as python_docx
from django.urls import reverse

from reports import builder
from reports.docx import render_docx

from .support import HOSTILE, HOSTILE_IMG, KnownVisitTestCase


class EscapingTests(KnownVisitTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.report.summary = f"{HOSTILE}\n{HOSTILE_IMG}"
        cls.report.save()
        section = cls.report.sections.get(theme__key="t1")
        section.narrative = HOSTILE
        section.lines_of_enquiry = HOSTILE_IMG
        section.save()

    def test_the_preview_escapes_every_piece_of_typed_text(self):
        response = self.sign_in(self.auditor).get(
            reverse("reports:report-preview", args=[self.visit.pk])
        )
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertNotIn("<script>alert", html)
        self.assertNotIn("<img src=x", html)
        self.assertNotIn('<img src="http://169.254.169.254', html)
        self.assertIn("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", html)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", html)
        self.assertIn("{{ secret }}", html)
        self.assertIn("{% now &#x27;Y&#x27; %}", html)

    def test_the_preview_page_has_no_inline_script_or_style(self):
        response = self.sign_in(self.auditor).get(
            reverse("reports:report-preview", args=[self.visit.pk])
        )
        html = response.content.decode()
        self.assertNotIn("<style", html)
        self.assertNotIn(" style=", html)
        self.assertNotRegex(html, r"<script(?![^>]*\bsrc=)")

    def test_the_word_file_holds_the_text_literally(self):
        document = python_docx.Document(io.BytesIO(render_docx(builder.build(self.visit))))
        text = "\n".join(p.text for p in document.paragraphs)
        self.assertIn("<script>alert('x')</script>", text)
        self.assertIn("<img src=x onerror=alert(1)>", text)
        self.assertIn("{{ secret }}", text)
        self.assertIn(HOSTILE_IMG, text)

    def test_the_word_file_survives_characters_xml_cannot_hold(self):
        self.report.summary = "Bell \x07 and form feed \x0c in pasted text."
        self.report.save()
        document = python_docx.Document(io.BytesIO(render_docx(builder.build(self.visit))))
        self.assertIn("Bell  and form feed  in pasted text.", [p.text for p in document.paragraphs])
