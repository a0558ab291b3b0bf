"""`manage.py render_report` writes the current draft as a PDF or a Word file."""

import io
import tempfile
from pathlib import Path

import docx as python_docx
import pytest
from django.core.management import CommandError, call_command

from .support import KnownVisitTestCase


class RenderReportCommandTests(KnownVisitTestCase):
    def run_command(self, *args):
        out = io.StringIO()
        call_command("render_report", *args, stdout=out)
        return out.getvalue()

    def test_it_writes_the_draft_as_a_pdf(self):
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "draft.pdf"
            said = self.run_command(str(self.visit.pk), "--format", "pdf", "--output", str(target))
            self.assertTrue(target.read_bytes().startswith(b"%PDF-"))
        self.assertIn("Wrote the draft of Sandwell case file audit, March 2027", said)

    def test_it_writes_the_draft_as_a_word_document(self):
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "draft.docx"
            self.run_command(str(self.visit.pk), "--format", "docx", "--output", str(target))
            document = python_docx.Document(str(target))
        self.assertEqual(document.core_properties.title, "Sandwell case file audit, March 2027")

    def test_it_says_when_there_is_no_such_visit(self):
        with pytest.raises(CommandError, match="There is no visit 999999"):
            self.run_command("999999", "--output", "never-written.pdf")
