"""The CQC evidence pack: a PDF through the report pipeline and a Word document, both
OFFICIAL-SENSITIVE, with the page's figures; each download logged; the password asked again
after 15 minutes; only the council's leaders and the coordinator can download it."""

import io

import docx as python_docx
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time
from pypdf import PdfReader

from learning.models import ExportLog
from tests.authorities.test_reauthentication import AsksAgainMixin
from tests.learning.test_cqc_evidence import CqcScene


@freeze_time("2027-06-01")
class CqcPackTests(AsksAgainMixin, CqcScene):
    def download(self, person, name):
        self.sign_in(person)
        return self.client.get(reverse(name, args=["sandwell"]))

    def test_it_gives_a_pdf_with_the_marking_and_the_figures(self):
        response = self.download(self.host_director, "learning:cqc-pack-pdf")
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("sandwell-cqc-evidence-2027-06-01.pdf", response["Content-Disposition"])
        self.assertIn("no-store", response["Cache-Control"])
        reader = PdfReader(io.BytesIO(response.content))
        pages = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
        self.assertTrue(all("OFFICIAL-SENSITIVE" in page for page in pages))
        text = " ".join(pages)
        self.assertIn("Working with people: assessing needs", text)
        self.assertIn("60%", text)
        self.assertIn("1 of 2 actions done, 1 overdue", text)

    def test_it_gives_a_word_document_with_the_marking_and_the_figures(self):
        response = self.download(self.coordinator, "learning:cqc-pack-docx")
        document = python_docx.Document(io.BytesIO(response.content))
        self.assertEqual(document.sections[0].header.paragraphs[0].text, "OFFICIAL-SENSITIVE")
        headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        self.assertEqual(len(headings), 9)
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        self.assertIn("60%", cells)
        self.assertIn("suppressed", cells)

    def test_it_logs_every_download_with_the_council(self):
        self.download(self.host_ad, "learning:cqc-pack-pdf")
        self.download(self.host_ad, "learning:cqc-pack-docx")
        logged = list(ExportLog.objects.order_by("pk").values_list("by", "council", "format"))
        self.assertEqual(
            logged,
            [(self.host_ad.pk, self.sandwell.pk, "cqc-pdf"),
             (self.host_ad.pk, self.sandwell.pk, "cqc-docx")],
        )  # fmt: skip

    def test_it_asks_for_the_password_again_after_15_minutes(self):
        for name in ("learning:cqc-pack-pdf", "learning:cqc-pack-docx"):
            with self.subTest(download=name):
                self.assert_asks_again(reverse(name, args=["sandwell"]), self.host_director)
        self.assertFalse(ExportLog.objects.exists())

    def test_it_lets_nobody_else_download_it(self):
        others = (self.peer, self.auditor, self.outsider, self.tool_owner,
                  self.other_coordinator, self.platform_admin)  # fmt: skip
        for name in ("learning:cqc-pack-pdf", "learning:cqc-pack-docx"):
            for person in others:
                with self.subTest(download=name, person=person.email):
                    client = Client()
                    client.force_login(person)
                    response = client.get(reverse(name, args=["sandwell"]))
                    self.assertEqual(response.status_code, 404)
        self.assertFalse(ExportLog.objects.exists())
