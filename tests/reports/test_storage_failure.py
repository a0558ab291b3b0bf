"""A full disk (or a renderer failing) while issuing leaves the report a draft, with a message to
try again, and leaves no half-written file or row behind."""

import errno
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from audits.models import Visit
from reports import services
from reports.models import CoveringReport, IssuedReport
from reports.services import ReportWorkflowError

from .support import KnownVisitTestCase, quick_render

DISK_FULL = OSError(errno.ENOSPC, "No space left on device")


class StorageFailureTests(KnownVisitTestCase):
    def setUp(self):
        services.send_for_accuracy_check(report=self.report, by=self.auditor)
        self.before = set(self.stored_files())

    def assert_nothing_issued(self):
        self.report.refresh_from_db()
        self.visit.refresh_from_db()
        self.assertEqual(self.report.status, CoveringReport.Status.ACCURACY_CHECK)
        self.assertEqual(self.visit.status, Visit.Status.ACCURACY_CHECK)
        self.assertFalse(IssuedReport.objects.filter(visit=self.visit).exists())
        self.assertEqual(set(self.stored_files()), self.before)

    def test_a_full_disk_leaves_the_report_a_draft_with_a_message_to_retry(self):
        with (
            quick_render(),
            mock.patch.object(FileSystemStorage, "_save", side_effect=DISK_FULL),
            pytest.raises(ReportWorkflowError) as refusal,
        ):
            services.issue_report(visit=self.visit, by=self.coordinator)
        self.assertIn("could not be stored", str(refusal.value))
        self.assertIn("still a draft", str(refusal.value))
        self.assertIn("Try issuing it again", str(refusal.value))
        self.assert_nothing_issued()

    def test_the_pdf_already_stored_is_removed_when_the_word_file_fails(self):
        real_save = FileSystemStorage._save

        def save_pdf_only(storage, name, content):
            if name.endswith(".docx"):
                raise DISK_FULL
            return real_save(storage, name, content)

        with (
            quick_render(),
            mock.patch.object(FileSystemStorage, "_save", save_pdf_only),
            pytest.raises(ReportWorkflowError, match="could not be stored"),
        ):
            services.issue_report(visit=self.visit, by=self.coordinator)
        self.assert_nothing_issued()

    def test_a_failure_after_storing_removes_both_files(self):
        with (
            quick_render(),
            mock.patch("reports.services._move_visit", side_effect=RuntimeError("lost the row")),
            pytest.raises(ReportWorkflowError, match="could not be made"),
        ):
            services.issue_report(visit=self.visit, by=self.coordinator)
        self.assert_nothing_issued()

    def test_a_renderer_failing_leaves_the_report_a_draft(self):
        broken = mock.Mock(render_docx=mock.Mock(side_effect=ValueError("bad XML")))
        with (
            quick_render(),
            mock.patch("reports.services.docx", broken),
            pytest.raises(ReportWorkflowError, match="could not be made"),
        ):
            services.issue_report(visit=self.visit, by=self.coordinator)
        self.assert_nothing_issued()

    def test_the_coordinator_sees_the_message_and_can_issue_again(self):
        client = self.sign_in(self.coordinator)
        url = reverse("reports:report-issue", args=[self.visit.pk])
        with (
            quick_render(),
            mock.patch.object(FileSystemStorage, "_save", side_effect=DISK_FULL),
        ):
            response = client.post(url, {"version": self.report.version}, follow=True)
        self.assertContains(response, "could not be prepared, so it has not been issued")
        self.assertContains(response, "could not be stored")
        self.assertContains(response, f'href="{url}">Try again</a>')
        self.assert_nothing_issued()
        self.assertContains(client.get(url), "The last attempt to issue it failed")
        with quick_render():
            response = client.post(url, {"version": self.report.version})
        self.assertRedirects(response, reverse("reports:report-detail", args=[self.visit.pk]))
        self.assertEqual(IssuedReport.objects.get(visit=self.visit).version, 1)
