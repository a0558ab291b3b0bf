"""The report's pages, as the team, Sandwell's director and the coordinator use them."""

import hashlib

from django.urls import reverse

from audits.models import Visit
from reports.models import CoveringReport, DownloadLog, IssuedReport, ReportComment
from tests.factories import make_visit

from .support import KnownVisitTestCase, quick_render, store_version

# A valid NHS number (modulus 11), which the identifier check must catch.
NHS_NUMBER = "943 476 5919"


def compose_data(report, **changes):
    data = {"version": report.version, "summary": report.summary}
    for section in report.sections.all():
        data[f"narrative_{section.pk}"] = section.narrative
        data[f"lines_{section.pk}"] = section.lines_of_enquiry
    data.update(changes)
    return data


class ComposeTests(KnownVisitTestCase):
    def setUp(self):
        self.url = reverse("reports:report-compose", args=[self.visit.pk])
        self.section = self.report.sections.get(theme__key="t1")

    def test_the_team_writes_each_theme_beside_its_evidence(self):
        response = self.sign_in(self.auditor).get(self.url)
        self.assertContains(response, "What the case files showed")
        self.assertContains(response, "Met")
        self.assertContains(response, "6 (60%)")  # theme 1's evidence, beside its text box
        self.assertContains(response, f'name="narrative_{self.section.pk}"')

    def test_the_team_saves_the_summary_and_a_themes_narrative(self):
        response = self.sign_in(self.auditor).post(
            self.url,
            compose_data(
                self.report,
                summary="Practice is person-centred.",
                **{f"narrative_{self.section.pk}": "Assessments were timely."},
            ),
        )
        self.assertRedirects(response, self.url)
        self.report.refresh_from_db()
        self.section.refresh_from_db()
        self.assertEqual(self.report.summary, "Practice is person-centred.")
        self.assertEqual(self.section.narrative, "Assessments were timely.")
        self.assertEqual(self.report.version, 1)

    def test_a_stale_save_is_refused_and_keeps_what_was_typed(self):
        client = self.sign_in(self.auditor)
        stale = compose_data(self.report, summary="My careful wording.")
        client.post(self.url, compose_data(self.report, summary="The co-auditor got there first."))
        response = client.post(self.url, stale)
        self.assertContains(response, "Someone else saved this report")
        self.assertContains(response, "My careful wording.")
        self.report.refresh_from_db()
        self.assertEqual(self.report.summary, "The co-auditor got there first.")

    def test_an_identifier_is_caught_with_the_text_kept(self):
        client = self.sign_in(self.auditor)
        typed = f"The person (NHS {NHS_NUMBER}) was seen quickly."
        response = client.post(
            self.url, compose_data(self.report, **{f"narrative_{self.section.pk}": typed})
        )
        self.assertContains(response, "NHS number")
        self.assertContains(response, typed)
        self.section.refresh_from_db()
        self.assertEqual(self.section.narrative, "")

    def test_the_preview_shows_the_report_inside_the_service(self):
        response = self.sign_in(self.auditor).get(
            reverse("reports:report-preview", args=[self.visit.pk])
        )
        self.assertContains(response, "Sandwell case file audit, March 2027")
        self.assertContains(response, "This is a draft")
        self.assertContains(response, "<svg", count=4)  # overview, judgements, two themes
        self.assertContains(response, "css/report.css")


class AccuracyCheckPageTests(KnownVisitTestCase):
    def setUp(self):
        self.url = reverse("reports:report-accuracy-check", args=[self.visit.pk])

    def send(self):
        response = self.sign_in(self.auditor).post(
            reverse("reports:report-send", args=[self.visit.pk])
        )
        self.assertRedirects(response, reverse("reports:report-detail", args=[self.visit.pk]))

    def test_sending_without_a_summary_says_what_to_do(self):
        CoveringReport.objects.filter(pk=self.report.pk).update(summary="")
        response = self.sign_in(self.auditor).post(
            reverse("reports:report-send", args=[self.visit.pk])
        )
        self.assertContains(response, "Write the summary of findings")

    def test_the_director_comments_on_a_section_and_the_team_responds(self):
        self.send()
        director = self.sign_in(self.host_director)
        response = director.get(self.url)
        self.assertContains(response, "Add a comment")
        self.assertContains(response, "1. Theme 1")
        response = director.post(
            self.url, {"section_key": "theme-t1", "text": "The panel meets weekly."}
        )
        self.assertRedirects(response, self.url)
        comment = ReportComment.objects.get()
        self.assertEqual(
            (comment.author, comment.section_title), (self.host_director, "1. Theme 1")
        )

        team = self.sign_in(self.auditor)
        page = team.get(self.url)
        self.assertNotContains(page, "Add a comment")
        self.assertContains(page, "Waiting for the team")
        respond = reverse("reports:comment-respond", args=[self.visit.pk, comment.pk])
        response = team.post(respond, {"response": "Amended to weekly.", "resolved": "on"})
        self.assertRedirects(response, self.url)
        self.assertContains(self.sign_in(self.host_director).get(self.url), "Amended to weekly.")

    def test_a_comment_form_with_errors_says_what_to_fix(self):
        self.send()
        response = self.sign_in(self.host_ad).post(self.url, {"section_key": "", "text": ""})
        self.assertContains(response, "Choose the part of the report your comment is about")
        self.assertContains(response, "Enter your comment")
        self.assertFalse(ReportComment.objects.exists())

    def test_the_identifier_confirmation_appears_only_when_a_comment_looks_like_one(self):
        self.send()
        director = self.sign_in(self.host_director)
        confirm = "it is not a personal identifier"
        self.assertNotContains(director.get(self.url), confirm)
        text = "The carer's number is 07700 900123."
        response = director.post(self.url, {"section_key": "theme-t1", "text": text})
        self.assertContains(response, confirm)
        self.assertContains(response, "The carer&#x27;s number is 07700 900123.")
        self.assertFalse(ReportComment.objects.exists())

    def test_the_host_cannot_comment_outside_the_accuracy_check(self):
        self.send()
        with quick_render():
            self.sign_in(self.coordinator).post(
                reverse("reports:report-issue", args=[self.visit.pk]),
                {"version": CoveringReport.objects.get().version},
            )
        # The draft is issued: the host no longer sees it at all.
        response = self.sign_in(self.host_director).post(
            self.url, {"section_key": "summary", "text": "Late."}
        )
        self.assertEqual(response.status_code, 404)


class IssueAndDownloadTests(KnownVisitTestCase):
    """The journey: sent, checked, issued, downloaded, corrected, and version 1 unchanged."""

    def issue(self, **data):
        report = CoveringReport.objects.get(pk=self.report.pk)
        with quick_render():
            return self.sign_in(self.coordinator).post(
                reverse("reports:report-issue", args=[self.visit.pk]),
                {"version": report.version, **data},
            )

    def test_the_issue_page_is_a_check_your_answers_page(self):
        CoveringReport.objects.filter(pk=self.report.pk).update(status="accuracy_check")
        response = self.sign_in(self.coordinator).get(
            reverse("reports:report-issue", args=[self.visit.pk])
        )
        self.assertContains(response, "Check the report before you issue it")
        self.assertContains(response, "govuk-summary-list")
        self.assertContains(response, "Issue the report")
        self.assertNotContains(response, "What does this correction change?")

    def test_issuing_before_the_accuracy_check_is_refused_with_a_reason(self):
        response = self.issue()
        self.assertContains(response, "Send it for the accuracy check first")
        self.assertFalse(IssuedReport.objects.exists())

    def test_the_whole_journey_keeps_version_one_byte_for_byte(self):
        self.sign_in(self.auditor).post(reverse("reports:report-send", args=[self.visit.pk]))
        self.assertRedirects(self.issue(), reverse("reports:report-detail", args=[self.visit.pk]))
        self.visit.refresh_from_db()
        self.assertEqual(self.visit.status, Visit.Status.ISSUED)
        first = IssuedReport.objects.get()

        director = self.sign_in(self.host_director)
        detail = director.get(reverse("reports:report-detail", args=[self.visit.pk]))
        self.assertContains(detail, first.pdf_sha256)
        self.assertContains(detail, "Current")
        pdf_v1 = director.get(reverse("reports:version-pdf", args=[self.visit.pk, 1]))
        docx_v1 = director.get(reverse("reports:version-docx", args=[self.visit.pk, 1]))
        self.assertEqual(hashlib.sha256(pdf_v1.content).hexdigest(), first.pdf_sha256)
        self.assertEqual(hashlib.sha256(docx_v1.content).hexdigest(), first.docx_sha256)

        coordinator = self.sign_in(self.coordinator)
        response = coordinator.post(reverse("reports:report-correct", args=[self.visit.pk]))
        self.assertRedirects(response, reverse("reports:report-compose", args=[self.visit.pk]))
        self.assertContains(self.issue(), "Say what this correction changes")
        self.issue(correction_note="Corrected the name of a team.")
        self.assertEqual(IssuedReport.objects.count(), 2)

        director = self.sign_in(self.host_director)
        detail = director.get(reverse("reports:report-detail", args=[self.visit.pk]))
        self.assertContains(detail, "Superseded by version 2")
        self.assertContains(detail, "Corrected the name of a team.")
        again = director.get(reverse("reports:version-pdf", args=[self.visit.pk, 1]))
        self.assertEqual(again.content, pdf_v1.content)

    def test_a_download_is_an_attachment_never_cached_and_logged(self):
        store_version(self.visit, 1, by=self.coordinator)
        response = self.sign_in(self.host_director).get(
            reverse("reports:version-pdf", args=[self.visit.pk, 1]),
            REMOTE_ADDR="10.1.2.3",
        )
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(
            response["Content-Disposition"],
            'attachment; filename="sandwell-case-file-audit-2027-03-v1.pdf"',
        )
        self.assertIn("no-store", response["Cache-Control"].split(", "))
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        log = DownloadLog.objects.get()
        self.assertEqual(
            (log.user, log.issued_report.version, log.file_format, log.is_draft, log.ip_address),
            (self.host_director, 1, "pdf", False, "10.1.2.3"),
        )

    def test_a_draft_download_is_rendered_watermarked_and_logged(self):
        response = self.sign_in(self.auditor).get(
            reverse("reports:draft-docx", args=[self.visit.pk])
        )
        self.assertEqual(
            response["Content-Disposition"],
            'attachment; filename="sandwell-case-file-audit-2027-03-draft.docx"',
        )
        self.assertIn("no-store", response["Cache-Control"].split(", "))
        self.assertTrue(response.content.startswith(b"PK"))
        log = DownloadLog.objects.get()
        self.assertEqual((log.is_draft, log.issued_report, log.user), (True, None, self.auditor))


class ListPageTests(KnownVisitTestCase):
    def test_a_director_finds_their_councils_issued_report(self):
        Visit.objects.filter(pk=self.visit.pk).update(status=Visit.Status.ISSUED)
        store_version(self.visit, 1, by=self.coordinator)
        response = self.sign_in(self.host_director).get(reverse("reports:report-list"))
        self.assertContains(response, "Sandwell")
        self.assertContains(response, "Version 1")

    def test_the_list_takes_the_same_queries_however_many_visits(self):
        client = self.sign_in(self.coordinator)
        url = reverse("reports:report-list")
        client.get(url)
        # session, user, the visits with their latest version
        with self.assertNumQueries(3):
            first = client.get(url)
        for month in range(1, 6):
            import datetime

            make_visit(
                host=self.coventry,
                tool=self.tool,
                coordinator=self.coordinator,
                first_day=datetime.date(2026, month, 3),
            )
        with self.assertNumQueries(3):
            more = client.get(url)
        self.assertEqual(len(more.context["visits"]), len(first.context["visits"]) + 5)

    def test_the_report_page_offers_each_person_their_next_step(self):
        detail = reverse("reports:report-detail", args=[self.visit.pk])
        team = self.sign_in(self.auditor).get(detail)
        self.assertContains(team, "Write the report")
        self.assertContains(team, "Send the draft to the council")
        self.assertNotContains(team, "Issue the report")
        CoveringReport.objects.filter(pk=self.report.pk).update(status="accuracy_check")
        Visit.objects.filter(pk=self.visit.pk).update(status=Visit.Status.ACCURACY_CHECK)
        self.assertContains(self.sign_in(self.coordinator).get(detail), "Issue the report")
        host = self.sign_in(self.host_psw).get(detail)
        self.assertContains(host, "Read the draft")
        self.assertContains(host, "Comment on the draft")
        self.assertNotContains(host, "Download the draft")

    def test_the_team_starts_the_draft_from_the_report_page(self):
        self.report.delete()
        detail = reverse("reports:report-detail", args=[self.visit.pk])
        self.assertContains(self.sign_in(self.auditor).get(detail), "Start the draft report")
        response = self.client.post(reverse("reports:report-start", args=[self.visit.pk]))
        self.assertRedirects(response, reverse("reports:report-compose", args=[self.visit.pk]))
        self.assertEqual(CoveringReport.objects.get(visit=self.visit).sections.count(), 2)


class ReportPageQueryTests(KnownVisitTestCase):
    def test_the_report_page_takes_the_same_queries_however_many_versions(self):
        Visit.objects.filter(pk=self.visit.pk).update(status=Visit.Status.ISSUED)
        store_version(self.visit, 1, by=self.coordinator)
        client = self.sign_in(self.coordinator)
        url = reverse("reports:report-detail", args=[self.visit.pk])
        client.get(url)
        # session, user, visit, working report, versions with their supersession, comments,
        # comments waiting, whether draft files are offered
        with self.assertNumQueries(8):
            client.get(url)
        store_version(self.visit, 2, by=self.coordinator)
        store_version(self.visit, 3, by=self.coordinator)
        with self.assertNumQueries(8):
            response = client.get(url)
        self.assertContains(response, "Superseded by version", count=2)
