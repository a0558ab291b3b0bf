"""The demo's reports: past visits issued through the real workflow, Dudley's corrected as
version 2, the visits' history and status as the demo wrote them, and a second run changing
nothing. Rendering is stood in for (see support.quick_render); the real files are the PDF and
Word tests' business."""

import datetime
import io

from audits.models import StatusChange, Visit
from reports import demo
from reports.models import CoveringReport, IssuedReport, ReportComment
from tests.base import VisitCastTestCase
from tests.factories import make_visit, record_answers

from .support import TemporaryMedia, quick_render

S = Visit.Status


def planned_history(visit, coordinator):
    """The moves the visits demo writes, at their dates, ending at the visit's status."""
    moves = [S.SAMPLE_AGREED, S.ON_SITE, S.DRAFTING, S.ACCURACY_CHECK, S.ISSUED, S.CLOSED]
    moves = moves[: moves.index(visit.status) + 1]
    previous = S.PLANNED
    for offset, status in enumerate(moves):
        change = StatusChange.objects.create(
            visit=visit, from_status=previous, to_status=status, by=coordinator
        )
        at = datetime.datetime(2026, 1, 1 + offset, 10, tzinfo=datetime.UTC)
        StatusChange.objects.filter(pk=change.pk).update(at=at)
        previous = status


class DemoReportsTests(TemporaryMedia, VisitCastTestCase):
    visit_status = S.CLOSED

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dudley_visit = make_visit(
            host=cls.dudley,
            tool=cls.tool,
            coordinator=cls.coordinator,
            lead=cls.co_auditor,
            auditors=[cls.outsider],
            first_day=datetime.date(2027, 5, 11),
            cases=3,
            status=S.ISSUED,
        )
        cls.future = make_visit(
            host=cls.coventry,
            tool=cls.tool,
            coordinator=cls.coordinator,
            lead=cls.co_auditor,
            first_day=datetime.date(2027, 9, 7),
            cases=2,
            status=S.PLANNED,
        )
        for visit in (cls.visit, cls.dudley_visit):
            record_answers(visit, {}, default="met")
            planned_history(visit, cls.coordinator)

    def seed(self) -> str:
        out = io.StringIO()
        with quick_render():
            demo.seed(password="unused", out=out)
        return out.getvalue()

    def test_past_visits_get_issued_reports_and_dudley_a_correction(self):
        output = self.seed()
        self.assertIn("2 asked of the task worker (3 issued versions so far)", output)
        versions = IssuedReport.objects.filter(visit=self.dudley_visit).order_by("version")
        self.assertEqual([v.version for v in versions], [1, 2])
        self.assertEqual(versions[0].supersession.superseded_by, versions[1])
        self.assertEqual(versions[1].correction_note, demo.CORRECTION_NOTE)
        self.assertEqual(IssuedReport.objects.filter(visit=self.visit).count(), 1)
        self.assertFalse(IssuedReport.objects.filter(visit=self.future).exists())
        for visit in (self.visit, self.dudley_visit):
            report = CoveringReport.objects.get(visit=visit)
            self.assertEqual(report.status, CoveringReport.Status.ISSUED)
            self.assertTrue(report.summary.startswith("We audited"))
            ratings = 3 * visit.case_files.count()  # theme 1's questions on every case
            narrative = report.sections.get(theme__key="t1").narrative
            self.assertTrue(narrative.startswith(f"Across {ratings} ratings on this theme"))

    def test_the_host_commented_during_the_accuracy_check_and_the_team_responded(self):
        self.seed()
        comment = ReportComment.objects.get(report__visit=self.visit)
        self.assertEqual(comment.author, self.host_director)
        self.assertEqual(comment.section_key, "theme-t1")
        self.assertTrue(comment.resolved)
        self.assertEqual(comment.responded_by, self.auditor)

    def test_the_visits_keep_their_status_and_dated_history(self):
        before = {
            visit.pk: list(StatusChange.objects.filter(visit=visit).values_list("to_status", "at"))
            for visit in (self.visit, self.dudley_visit)
        }
        self.seed()
        for visit in (self.visit, self.dudley_visit):
            visit.refresh_from_db()
            after = list(StatusChange.objects.filter(visit=visit).values_list("to_status", "at"))
            self.assertEqual(after, before[visit.pk])
        self.assertEqual((self.visit.status, self.dudley_visit.status), (S.CLOSED, S.ISSUED))
        issued = StatusChange.objects.get(visit=self.visit, to_status=S.ISSUED)
        self.assertEqual(issued.note, "Report version 1 issued")  # the replayed move

    def test_a_second_run_changes_nothing(self):
        self.seed()
        first = sorted(IssuedReport.objects.values_list("visit", "version", "pdf_sha256"))
        changes = StatusChange.objects.count()
        output = self.seed()
        self.assertIn("0 asked of the task worker", output)
        self.assertEqual(
            sorted(IssuedReport.objects.values_list("visit", "version", "pdf_sha256")), first
        )
        self.assertEqual(StatusChange.objects.count(), changes)
