"""Issuing asks the task worker for the files: the report page says they are being prepared
(updating itself, and with a link to refresh without JavaScript) until a real worker has run;
then the report is issued with both files and their SHA-256. A failure leaves the report
unissued with the reason and a "Try again" that works; asking twice issues one version."""

import errno
import hashlib
from unittest import mock

from django.core.files.storage import FileSystemStorage
from django.test import TransactionTestCase
from django.urls import reverse

from audits.models import Visit
from authorities.models import User
from reports.models import CoveringReport, IssuedReport
from tests.production.live_data import visit_ready_to_issue

from .support import TemporaryMedia
from .worker import DATABASE_QUEUE, run_worker


def run_report_tasks():
    """The worker's run; the report tasks it ran (the e-mails queued before are not ours)."""
    return [task for task in run_worker() if task.task_path.startswith("reports.")]


DISK_FULL = OSError(errno.ENOSPC, "No space left on device")


@DATABASE_QUEUE
class IssueByWorkerTests(TemporaryMedia, TransactionTestCase):
    def setUp(self):
        self.visit = Visit.objects.get(pk=visit_ready_to_issue())
        self.coordinator = User.objects.get(email="coordinator@wm.test")
        self.client.force_login(self.coordinator)
        self.page = reverse("reports:report-detail", args=[self.visit.pk])
        self.issue_page = reverse("reports:report-issue", args=[self.visit.pk])

    def ask_to_issue(self):
        version = CoveringReport.objects.get(visit=self.visit).version
        return self.client.post(self.issue_page, {"version": version}, follow=True)

    def test_it_says_the_files_are_being_prepared_until_the_worker_has_issued_them(self):
        asked = self.ask_to_issue()
        self.assertContains(asked, "files are being prepared")
        self.assertContains(asked, 'hx-trigger="every 3s"')  # htmx asks again by itself
        self.assertContains(asked, f'href="{self.page}">refresh the page</a>')
        self.assertContains(asked, "The report has not been issued yet.")
        self.assertNotContains(asked, "Issue the report</a>")
        self.visit.refresh_from_db()
        self.assertEqual(self.visit.status, Visit.Status.ACCURACY_CHECK)

        [task] = run_report_tasks()
        self.assertEqual(task.task_path, "reports.issuing.prepare_issued_files")
        self.assertEqual(task.return_value, "issued version 1")

        page = self.client.get(self.page)
        self.assertNotContains(page, "being prepared")
        self.assertNotContains(page, "hx-trigger")
        issued = IssuedReport.objects.get(visit=self.visit)
        files = ((issued.pdf_file, issued.pdf_sha256), (issued.docx_file, issued.docx_sha256))
        for stored, digest in files:
            with stored.open("rb") as handle:
                self.assertEqual(hashlib.sha256(handle.read()).hexdigest(), digest)
            self.assertContains(page, digest)
        self.assertTrue(issued.pdf_file.open("rb").read(5) == b"%PDF-")
        self.visit.refresh_from_db()
        self.assertEqual(self.visit.status, Visit.Status.ISSUED)
        download = self.client.get(reverse("reports:version-pdf", args=[self.visit.pk, 1]))
        self.assertEqual(hashlib.sha256(b"".join(download)).hexdigest(), issued.pdf_sha256)

    def test_it_leaves_the_report_unissued_with_the_reason_and_a_retry_that_works(self):
        before = self.stored_files()
        self.ask_to_issue()
        with mock.patch.object(FileSystemStorage, "_save", side_effect=DISK_FULL):
            [task] = run_report_tasks()
        self.assertEqual(task.return_value, "failed")
        page = self.client.get(self.page)
        self.assertContains(page, "could not be prepared, so it has not been issued")
        self.assertContains(page, "its files could not be stored")
        self.assertContains(page, f'href="{self.issue_page}">Try again</a>')
        self.assertFalse(IssuedReport.objects.exists())
        self.visit.refresh_from_db()
        self.assertEqual(self.visit.status, Visit.Status.ACCURACY_CHECK)
        self.assertEqual(self.stored_files(), before)  # no half-written file left

        retry = self.client.get(self.issue_page)
        self.assertContains(retry, "The last attempt to issue it failed")
        self.assertContains(self.ask_to_issue(), "being prepared")
        run_worker()
        self.assertEqual(IssuedReport.objects.get(visit=self.visit).version, 1)
        self.assertNotContains(self.client.get(self.page), "could not be prepared")

    def test_it_issues_one_version_when_asked_twice(self):
        self.ask_to_issue()
        again = self.ask_to_issue()
        self.assertContains(again, "already being prepared")
        # The same request delivered twice (a worker restarted mid-task, say): one version.
        from reports.issuing import prepare_issued_files

        version = CoveringReport.objects.get(visit=self.visit).version
        prepare_issued_files.enqueue(visit_id=self.visit.pk, version=version)
        outcomes = sorted(task.return_value for task in run_report_tasks())
        self.assertEqual(outcomes, ["issued version 1", "nothing to prepare"])
        self.assertEqual(IssuedReport.objects.filter(visit=self.visit).count(), 1)

    def test_it_refuses_to_change_the_draft_while_its_files_are_prepared(self):
        self.ask_to_issue()
        compose = reverse("reports:report-compose", args=[self.visit.pk])
        self.assertNotContains(self.client.get(self.page), f'href="{compose}"')
        from reports import services

        report = CoveringReport.objects.get(visit=self.visit)
        with self.assertRaisesMessage(services.ReportWorkflowError, "being prepared"):
            services.save_draft(
                report=report,
                by=self.coordinator,
                expected_version=report.version,
                summary="Changed while the files were made.",
                sections={},
            )
