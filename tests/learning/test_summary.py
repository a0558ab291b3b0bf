"""The annual regional summary: anonymised, suppressed below five cases, PDF and Word from the
report pipeline, a command, and a download for coordinators and directors only."""

import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from audits.models import ThemeFinding
from learning import summary as regional_summary
from learning.models import ExportLog
from tests.audits.test_learning_actions import make_action
from tests.base import CastTestCase
from tests.learning import scenario as learning_scenario

SHARED = "Plans are written with the person, in their own words."
PRIVATE = "Closures lack a manager's sign-off (not for sharing)."
NAMES = ["Sandwell", "Dudley", "Walsall", "Coventry", "Bolton"]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    parts += [p.text for p in doc.sections[0].header.paragraphs]
    return "\n".join(parts)


class SummaryCast(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        learning_scenario.build(cls)
        t1 = cls.sandwell_2025.tool.themes.get(key="t1")
        t2 = cls.sandwell_2025.tool.themes.get(key="t2")
        ThemeFinding.objects.create(
            visit=cls.sandwell_2025, theme=t1, strengths=SHARED, shareable_good_practice=True
        )
        ThemeFinding.objects.create(visit=cls.dudley_2025, theme=t2, areas_for_development=PRIVATE)
        make_action(cls.auditor, cls.sandwell_2025, status="done")
        make_action(cls.co_auditor, cls.dudley_2025)
        cls.summary = regional_summary.build_summary(region=cls.region, year=2025)
        cls.pdf = regional_summary.render_pdf(cls.summary)
        cls.docx = regional_summary.render_docx(cls.summary)


class SummaryContentTests(SummaryCast):
    def test_it_counts_the_years_issued_audits_with_councils_as_letters(self):
        board = self.summary.board
        self.assertEqual(self.summary.audits, 3)  # Sandwell, Dudley, Walsall 2025; not the draft
        self.assertEqual(
            sorted(c.label for c in board.columns), ["Council A", "Council B", "Council C"]
        )
        self.assertEqual(self.summary.title, "What the West Midlands region learned in 2025")

    def test_a_council_with_fewer_than_five_cases_is_suppressed(self):
        board = self.summary.board
        walsall = [c.authority_id for c in board.columns].index(self.walsall.pk)
        self.assertEqual({row.cells[walsall].text for row in board.grid}, {"suppressed"})

    def test_it_counts_the_learning_actions_by_status(self):
        counts = {item.label: item.count for item in self.summary.actions}
        self.assertEqual((counts["Done"], counts["Open"], counts["In progress"]), (1, 1, 0))

    def test_the_pdf_names_no_council_and_quotes_only_shared_findings(self):
        text = pdf_text(self.pdf)
        self.assertIn("What the West Midlands region learned in 2025", text)
        self.assertIn("OFFICIAL", text)
        self.assertIn("Council A", text)
        self.assertIn("suppressed", text)
        self.assertIn("Plans are written with the person", text)
        self.assertNotIn("manager's sign-off", text)
        for name in NAMES:
            self.assertNotIn(name, text)

    def test_the_word_file_says_the_same_without_names(self):
        text = docx_text(self.docx)
        self.assertIn("What the West Midlands region learned in 2025", text)
        self.assertIn("OFFICIAL", text)
        self.assertIn(SHARED, text)
        self.assertIn("suppressed", text)
        self.assertNotIn("manager's sign-off", text)
        for name in NAMES:
            self.assertNotIn(name, text)

    def test_the_letters_are_dealt_apart_from_the_dashboards(self):
        from learning.anonymity import label_councils, letters_only
        from learning.source import Filters, scope_of
        from learning.summary import letters_scope

        # Twenty councils, so that two dealings agree only if they are the same dealing
        # (three could agree by chance one time in six).
        councils = {pk: f"Council {pk}" for pk in range(1, 21)}
        filters = Filters(2025, 2025)
        page = label_councils(self.peer, councils, scope=scope_of(self.peer, filters))
        summary = letters_only(councils, scope=letters_scope(self.peer.region_id, 2025))
        self.assertNotEqual(page.labels, summary.labels)
        self.assertEqual(sorted(page.labels.values()), sorted(summary.labels.values()))

    def test_the_command_writes_pdf_and_word(self):
        with tempfile.TemporaryDirectory() as folder:
            for fmt, magic in [("pdf", b"%PDF"), ("docx", b"PK")]:
                path = Path(folder) / f"summary.{fmt}"
                out = io.StringIO()
                call_command(
                    "render_regional_summary",
                    year=2025,
                    format=fmt,
                    output=str(path),
                    region="west-midlands",
                    stdout=out,
                )
                self.assertTrue(path.read_bytes().startswith(magic))
                self.assertIn("(3 audits)", out.getvalue())


class SummaryDownloadTests(SummaryCast):
    def get(self, person, fmt="pdf", year=2025):
        self.client.logout()
        if person:
            self.client.force_login(person)
        return self.client.get(reverse(f"learning:summary-{fmt}", args=[year]))

    def test_the_coordinator_downloads_the_pdf_and_it_is_logged(self):
        response = self.get(self.coordinator)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(
            response["Content-Disposition"],
            'attachment; filename="regional-summary-west-midlands-2025.pdf"',
        )
        self.assertIn("no-store", response["Cache-Control"])
        self.assertNotIn("Sandwell", pdf_text(response.content))
        log = ExportLog.objects.get()
        self.assertEqual(
            (log.by, log.format, log.year_from, log.rows),
            (self.coordinator, "summary-pdf", 2025, 3),
        )

    def test_a_director_downloads_the_word_file_without_their_council_named(self):
        response = self.get(self.host_director, "docx")
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            'filename="regional-summary-west-midlands-2025.docx"', response["Content-Disposition"]
        )
        self.assertNotIn("Sandwell", docx_text(response.content))
        self.assertEqual(ExportLog.objects.get().format, "summary-docx")

    def test_it_sends_anonymous_visitors_to_sign_in(self):
        for fmt in ("pdf", "docx"):
            response = self.get(None, fmt)
            self.assertTrue(response["Location"].startswith(reverse("account_login")))

    def test_everyone_else_is_refused(self):
        for person in [
            self.auditor,
            self.host_psw,
            self.outsider,
            self.peer,
            self.tool_owner,
            self.platform_admin,
        ]:
            for fmt in ("pdf", "docx"):
                with self.subTest(person=person.email, fmt=fmt):
                    self.assertEqual(self.get(person, fmt).status_code, 403)
        self.assertFalse(ExportLog.objects.exists())

    def test_another_regions_coordinator_gets_only_their_own_region(self):
        response = self.get(self.other_coordinator)
        self.assertEqual(response.status_code, 200)
        text = pdf_text(response.content)
        self.assertIn("What the North West region learned in 2025", text)
        self.assertNotIn("Plans are written with the person", text)
        self.assertEqual(ExportLog.objects.get().region, self.other_region)

    def test_the_dashboard_offers_the_downloads_to_coordinators_and_directors_only(self):
        url = reverse("learning:summary-pdf", args=[2025])
        for person, shown in [
            (self.coordinator, True),
            (self.host_director, True),
            (self.peer, False),
            (self.auditor, False),
        ]:
            with self.subTest(person=person.email):
                self.client.force_login(person)
                response = self.client.get(reverse("learning:dashboard"))
                self.assertEqual(url in response.content.decode(), shown)
