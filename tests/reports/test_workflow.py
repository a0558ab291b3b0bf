"""The report's workflow: the team drafts, Sandwell's leaders check it, the coordinator issues it,
and a correction is a new version. Each refusal says what to do instead."""

import hashlib

import pytest

from audits.models import StatusChange, Visit
from reports import services
from reports.models import CoveringReport, IssuedReport, ReportSection, Supersession
from reports.services import ReportWorkflowError

from .support import KnownVisitTestCase, quick_render


class StartTests(KnownVisitTestCase):
    def test_it_starts_a_report_with_a_section_for_each_theme(self):
        self.report.delete()
        report = services.start_report(visit=self.visit, by=self.auditor)
        self.assertEqual(report.status, CoveringReport.Status.DRAFT)
        self.assertEqual(list(report.sections.values_list("theme__key", flat=True)), ["t1", "t2"])

    def test_starting_again_returns_the_same_report(self):
        again = services.start_report(visit=self.visit, by=self.co_auditor)
        self.assertEqual(again, self.report)
        self.assertEqual(ReportSection.objects.filter(report=self.report).count(), 2)

    def test_it_refuses_to_start_before_the_team_is_on_site(self):
        self.report.delete()
        Visit.objects.filter(pk=self.visit.pk).update(status=Visit.Status.PLANNED)
        with pytest.raises(ReportWorkflowError, match="once the team is on site or drafting"):
            services.start_report(visit=self.visit, by=self.auditor)


class SaveDraftTests(KnownVisitTestCase):
    def save(self, *, version, summary="New summary", by=None):
        section = self.report.sections.get(theme__key="t1")
        return services.save_draft(
            report=self.report,
            by=by or self.auditor,
            expected_version=version,
            summary=summary,
            sections={section.pk: {"narrative": "Timely.", "lines_of_enquiry": "Ask about drift"}},
        )

    def test_it_saves_the_text_and_counts_the_version_up(self):
        report = self.save(version=0)
        self.assertEqual((report.summary, report.version), ("New summary", 1))
        self.assertEqual(report.sections.get(theme__key="t1").narrative, "Timely.")

    def test_it_refuses_a_save_that_started_from_an_older_version(self):
        self.save(version=0, summary="The co-auditor's text", by=self.co_auditor)
        with pytest.raises(ReportWorkflowError, match="Someone else saved this report"):
            self.save(version=0, summary="The lead's text")
        self.report.refresh_from_db()
        self.assertEqual(self.report.summary, "The co-auditor's text")

    def test_it_refuses_to_change_an_issued_report(self):
        CoveringReport.objects.filter(pk=self.report.pk).update(status="issued")
        with pytest.raises(ReportWorkflowError, match="coordinator issues a correction"):
            self.save(version=0)


class AccuracyCheckTests(KnownVisitTestCase):
    def test_sending_the_draft_moves_the_report_and_the_visit_and_records_who(self):
        services.send_for_accuracy_check(report=self.report, by=self.auditor)
        self.report.refresh_from_db()
        self.visit.refresh_from_db()
        self.assertEqual(self.report.status, CoveringReport.Status.ACCURACY_CHECK)
        self.assertEqual(self.visit.status, Visit.Status.ACCURACY_CHECK)
        change = StatusChange.objects.get(visit=self.visit)
        self.assertEqual(
            (change.from_status, change.to_status, change.by),
            (Visit.Status.DRAFTING, Visit.Status.ACCURACY_CHECK, self.auditor),
        )

    def test_it_will_not_send_a_draft_without_a_summary(self):
        CoveringReport.objects.filter(pk=self.report.pk).update(summary="  ")
        with pytest.raises(ReportWorkflowError, match="Write the summary of findings"):
            services.send_for_accuracy_check(report=self.report, by=self.auditor)
        self.visit.refresh_from_db()
        self.assertEqual(self.visit.status, Visit.Status.DRAFTING)

    def test_it_will_not_send_while_the_team_is_still_on_site(self):
        Visit.objects.filter(pk=self.visit.pk).update(status=Visit.Status.ON_SITE)
        with pytest.raises(ReportWorkflowError, match="this visit is on site"):
            services.send_for_accuracy_check(report=self.report, by=self.auditor)

    def test_it_will_not_send_twice(self):
        services.send_for_accuracy_check(report=self.report, by=self.auditor)
        with pytest.raises(ReportWorkflowError, match="already with the council"):
            services.send_for_accuracy_check(report=self.report, by=self.auditor)

    def test_the_director_comments_on_one_section_and_the_team_responds(self):
        services.send_for_accuracy_check(report=self.report, by=self.auditor)
        comment = services.add_comment(
            report=self.report,
            by=self.host_director,
            section_key="theme-t1",
            text="The panel meets weekly, not monthly.",
        )
        self.assertEqual(comment.section_title, "1. Theme 1")
        services.respond_to_comment(
            comment=comment, by=self.auditor, response="Amended.", resolved=True
        )
        comment.refresh_from_db()
        self.assertEqual((comment.response, comment.resolved), ("Amended.", True))
        self.assertEqual(comment.responded_by, self.auditor)

    def test_comments_wait_for_the_accuracy_check(self):
        with pytest.raises(ReportWorkflowError, match="only while the draft is with the council"):
            services.add_comment(
                report=self.report, by=self.host_director, section_key="summary", text="Hm."
            )

    def test_a_comment_must_name_a_real_section(self):
        services.send_for_accuracy_check(report=self.report, by=self.auditor)
        with pytest.raises(ReportWorkflowError, match="Choose the part of the report"):
            services.add_comment(
                report=self.report, by=self.host_director, section_key="theme-x9", text="Hm."
            )


class IssueTests(KnownVisitTestCase):
    def send_and_issue(self, **kwargs):
        services.send_for_accuracy_check(report=self.report, by=self.auditor)
        with quick_render():
            return services.issue_report(visit=self.visit, by=self.coordinator, **kwargs)

    def test_it_issues_version_one_and_moves_the_visit_to_issued(self):
        issued = self.send_and_issue()
        self.assertEqual(issued.version, 1)
        self.assertEqual(issued.file_stem, "sandwell-case-file-audit-2027-03-v1")
        self.report.refresh_from_db()
        self.visit.refresh_from_db()
        self.assertEqual(self.report.status, CoveringReport.Status.ISSUED)
        self.assertEqual(self.visit.status, Visit.Status.ISSUED)
        self.assertTrue(
            StatusChange.objects.filter(
                visit=self.visit, to_status=Visit.Status.ISSUED, by=self.coordinator
            ).exists()
        )

    def test_it_stores_both_files_with_their_sha256_and_size(self):
        before = set(self.stored_files())
        issued = self.send_and_issue()
        for file_format in ("pdf", "docx"):
            stored, digest, size = issued.stored(file_format)
            with stored.open("rb") as handle:
                content = handle.read()
            self.assertEqual(hashlib.sha256(content).hexdigest(), digest)
            self.assertEqual(len(content), size)
        self.assertIn(b"version 1 draft=False", content)
        self.assertEqual(
            set(self.stored_files()) - before, {issued.pdf_file.name, issued.docx_file.name}
        )
        self.assertRegex(issued.pdf_file.name, r"^reports/visit-\d+/sandwell-case-file-audit-")

    def test_it_refuses_to_issue_before_the_accuracy_check(self):
        with quick_render(), pytest.raises(ReportWorkflowError, match="accuracy check first"):
            services.issue_report(visit=self.visit, by=self.coordinator)
        self.assertFalse(IssuedReport.objects.exists())

    def test_it_refuses_while_a_comment_has_no_response(self):
        services.send_for_accuracy_check(report=self.report, by=self.auditor)
        services.add_comment(
            report=self.report, by=self.host_psw, section_key="summary", text="Not quite."
        )
        with quick_render(), pytest.raises(ReportWorkflowError, match="1 has no response yet"):
            services.issue_report(visit=self.visit, by=self.coordinator)

    def test_it_refuses_to_issue_the_same_draft_twice(self):
        self.send_and_issue()
        with (
            quick_render(),
            pytest.raises(ReportWorkflowError, match="already been issued as version 1"),
        ):
            services.issue_report(visit=self.visit, by=self.coordinator)
        self.assertEqual(IssuedReport.objects.count(), 1)

    def test_it_refuses_a_draft_that_changed_after_it_was_checked(self):
        services.send_for_accuracy_check(report=self.report, by=self.auditor)
        with (
            quick_render(),
            pytest.raises(ReportWorkflowError, match="has changed since you checked"),
        ):
            services.issue_report(visit=self.visit, by=self.coordinator, expected_version=7)


class CorrectionTests(KnownVisitTestCase):
    def setUp(self):
        services.send_for_accuracy_check(report=self.report, by=self.auditor)
        with quick_render():
            self.first = services.issue_report(visit=self.visit, by=self.coordinator)

    def test_a_correction_is_a_new_version_and_the_first_is_superseded(self):
        services.reopen_for_correction(report=self.report, by=self.coordinator)
        with quick_render():
            second = services.issue_report(
                visit=self.visit, by=self.coordinator, correction_note="Corrected a team name."
            )
        self.assertEqual(second.version, 2)
        self.assertEqual(second.correction_note, "Corrected a team name.")
        self.assertEqual(Supersession.objects.get().superseded, self.first)
        first = IssuedReport.objects.get(pk=self.first.pk)
        self.assertEqual(first.supersession.superseded_by, second)
        self.visit.refresh_from_db()
        self.assertEqual(self.visit.status, Visit.Status.ISSUED)
        self.assertEqual(StatusChange.objects.filter(to_status="issued").count(), 1)

    def test_a_correction_needs_a_note(self):
        services.reopen_for_correction(report=self.report, by=self.coordinator)
        with quick_render(), pytest.raises(ReportWorkflowError, match="Say what this correction"):
            services.issue_report(visit=self.visit, by=self.coordinator)

    def test_a_correction_starts_by_reopening_the_report(self):
        with quick_render(), pytest.raises(ReportWorkflowError, match="start a correction"):
            services.issue_report(visit=self.visit, by=self.coordinator, correction_note="x")

    def test_only_an_issued_report_can_be_reopened(self):
        services.reopen_for_correction(report=self.report, by=self.coordinator)
        with pytest.raises(ReportWorkflowError, match="Only an issued report"):
            services.reopen_for_correction(report=self.report, by=self.coordinator)

    def test_a_correction_does_not_go_back_to_the_accuracy_check(self):
        services.reopen_for_correction(report=self.report, by=self.coordinator)
        with pytest.raises(ReportWorkflowError, match="without another accuracy check"):
            services.send_for_accuracy_check(report=self.report, by=self.auditor)
