"""Case-level notes are kept only as long as the privacy notice promises: removed after the
visit's period (counted from its closure), never under a legal hold, each removal recorded;
ratings, findings, reports and regional learning's figures stay as they were."""

import datetime
import io

from django.core.management import call_command
from django.urls import reverse
from freezegun import freeze_time

from audits import retention
from audits.models import (
    Answer,
    CaseJudgement,
    Conversation,
    ImmediateConcern,
    LegalHold,
    RetentionPurge,
    StatusChange,
    ThemeFinding,
    Visit,
)
from learning.dashboard import build_dashboard
from learning.source import Filters
from tests.base import CastTestCase
from tests.factories import make_conversation
from tests.learning import scenario as learning_scenario

CLOSED_AT = datetime.datetime(2026, 1, 10, 10, 0, tzinfo=datetime.UTC)
DUE_AT = CLOSED_AT + datetime.timedelta(days=365)
NOTE = "The worker visited twice and recorded the carer's view."


def close(visit, at=CLOSED_AT):
    Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.CLOSED)
    change = StatusChange.objects.create(
        visit=visit, from_status=Visit.Status.ISSUED, to_status=Visit.Status.CLOSED
    )
    StatusChange.objects.filter(pk=change.pk).update(at=at)
    visit.refresh_from_db()


class RetentionTestCase(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        learning_scenario.build(cls)
        cls.visit = cls.sandwell_2025
        close(cls.visit)
        Answer.objects.filter(case_file__visit=cls.visit).update(note=NOTE)
        CaseJudgement.objects.filter(case_file__visit=cls.visit).update(rationale=NOTE)
        cls.conversation = make_conversation(
            cls.visit, group="leaders", by=cls.coordinator, notes=NOTE
        )
        case = cls.visit.case_files.first()
        ImmediateConcern.objects.create(
            visit=cls.visit, case_file=case, risk=NOTE, action_taken=NOTE, raised_by=cls.coordinator
        )
        cls.finding = ThemeFinding.objects.create(
            visit=cls.visit, theme=cls.tool.themes.first(), strengths="Strong supervision."
        )

    def run_command(self, *args) -> str:
        out = io.StringIO()
        call_command("purge_expired", *args, stdout=out)
        return out.getvalue()

    def notes_left(self) -> int:
        return retention.texts_held(self.visit)


class BoundaryTests(RetentionTestCase):
    def test_a_day_before_the_period_ends_nothing_is_due(self):
        with freeze_time(DUE_AT - datetime.timedelta(days=1)):
            self.assertEqual(retention.due_for_removal(), [])
            self.assertIn("0 visit(s) past their retention period", self.run_command())
        self.assertGreater(self.notes_left(), 0)

    def test_a_day_after_it_the_notes_go_and_the_removal_is_recorded(self):
        before = self.notes_left()
        with freeze_time(DUE_AT + datetime.timedelta(days=1)):
            [expiry] = retention.due_for_removal()
            self.assertEqual(expiry.visit, self.visit)
            output = self.run_command()
        self.assertIn(f"Removed {before} notes: {self.visit} (visit {self.visit.pk})", output)
        self.assertEqual(self.notes_left(), 0)
        purge = RetentionPurge.objects.get()
        self.assertEqual(
            (purge.visit, purge.kept_days, purge.closed_at, purge.texts_removed),
            (self.visit, 365, CLOSED_AT, before),
        )
        self.assertFalse(
            Answer.objects.filter(case_file__visit=self.visit).exclude(note="").exists()
        )
        self.assertEqual(Conversation.objects.get().notes, "")
        self.assertEqual(ImmediateConcern.objects.get().risk, "")

    def test_ratings_findings_and_levels_stay(self):
        levels = list(
            Answer.objects.filter(case_file__visit=self.visit).values_list("level", flat=True)
        )
        with freeze_time(DUE_AT + datetime.timedelta(days=1)):
            self.run_command()
        self.assertEqual(
            list(
                Answer.objects.filter(case_file__visit=self.visit).values_list("level", flat=True)
            ),
            levels,
        )
        self.assertEqual(ThemeFinding.objects.get().strengths, "Strong supervision.")
        self.assertEqual(
            CaseJudgement.objects.filter(case_file__visit=self.visit, level__isnull=False).count(),
            6,
        )

    def test_a_run_again_changes_nothing(self):
        with freeze_time(DUE_AT + datetime.timedelta(days=1)):
            self.run_command()
            self.assertIn("0 visit(s)", self.run_command())
        self.assertEqual(RetentionPurge.objects.count(), 1)

    def test_the_host_councils_own_period_wins_over_the_regions(self):
        self.sandwell.retention_days = 30
        self.sandwell.save()
        with freeze_time(CLOSED_AT + datetime.timedelta(days=31)):
            self.assertEqual([e.visit for e in retention.due_for_removal()], [self.visit])
        self.region.retention_days = 20
        self.region.save()
        self.sandwell.retention_days = None
        self.sandwell.save()
        with freeze_time(CLOSED_AT + datetime.timedelta(days=21)):
            self.assertEqual([e.kept_days for e in retention.due_for_removal()], [20])


class DryRunAndHoldTests(RetentionTestCase):
    def test_a_dry_run_lists_what_would_go_and_removes_nothing(self):
        before = self.notes_left()
        with freeze_time(DUE_AT + datetime.timedelta(days=1)):
            output = self.run_command("--dry-run")
        self.assertIn(f"Would remove {before} notes: {self.visit}", output)
        self.assertIn("closed 10 January 2026, kept 365 days", output)
        self.assertIn("dry run: nothing removed", output)
        self.assertEqual(self.notes_left(), before)
        self.assertFalse(RetentionPurge.objects.exists())

    def test_a_legal_hold_keeps_the_notes_until_it_is_lifted(self):
        retention.set_legal_hold(
            visit=self.visit, reason="Complaint C-2027-14", by=self.coordinator
        )
        with freeze_time(DUE_AT + datetime.timedelta(days=1)):
            output = self.run_command()
        self.assertIn("Kept (legal hold since", output)
        self.assertGreater(self.notes_left(), 0)
        retention.lift_legal_hold(visit=self.visit, reason="Complaint closed", by=self.coordinator)
        with freeze_time(DUE_AT + datetime.timedelta(days=2)):
            self.run_command()
        self.assertEqual(self.notes_left(), 0)

    def test_the_dashboards_figures_are_the_same_after_the_notes_go(self):
        def figures():
            board = build_dashboard(self.coordinator, Filters())
            return repr(board.grid), repr(board.columns)

        csv = reverse("learning:export-csv")
        client = self.sign_in(self.coordinator)
        before, before_csv = figures(), client.get(csv).getvalue()
        with freeze_time(DUE_AT + datetime.timedelta(days=1)):
            self.run_command()
        self.assertEqual(self.notes_left(), 0)
        self.assertEqual(figures(), before)
        self.assertEqual(client.get(csv).getvalue(), before_csv)


class LegalHoldPageTests(RetentionTestCase):
    def url(self):
        return reverse("audits:visit-legal-hold", args=[self.visit.pk])

    def test_the_coordinator_sets_and_lifts_a_hold_from_the_visit_page(self):
        client = self.sign_in(self.coordinator)
        page = client.get(self.visit.get_absolute_url())
        self.assertContains(page, "Put the visit on legal hold")
        self.assertContains(page, "will be removed on 10 January 2027")
        response = client.post(self.url(), {"reason": "Complaint C-2027-14"})
        self.assertRedirects(response, self.visit.get_absolute_url())
        hold = LegalHold.objects.get()
        self.assertEqual((hold.set_by, hold.reason), (self.coordinator, "Complaint C-2027-14"))
        self.assertContains(client.get(self.visit.get_absolute_url()), "legal hold")
        client.post(self.url(), {"reason": "Complaint closed"})
        hold.refresh_from_db()
        self.assertEqual((hold.lifted_by, hold.lift_reason), (self.coordinator, "Complaint closed"))

    def test_a_hold_needs_a_reason_and_refuses_identifiers(self):
        client = self.sign_in(self.coordinator)
        self.assertContains(
            client.post(self.url(), {"reason": ""}), "Say why the notes must be kept"
        )
        response = client.post(self.url(), {"reason": "Complaint by Mrs Patel"})
        self.assertContains(response, "Complaint by Mrs Patel")
        self.assertFalse(LegalHold.objects.exists())

    def test_nobody_else_sets_a_hold(self):
        for person, status in [
            (self.host_psw, 403),
            (self.host_director, 403),
            (self.outsider, 404),
            (self.other_coordinator, 404),
            (self.platform_admin, 404),
        ]:
            with self.subTest(person=person.email):
                client = self.sign_in(person)
                self.assertEqual(client.get(self.url()).status_code, status)
                self.assertEqual(client.post(self.url(), {"reason": "x"}).status_code, status)
        self.client.logout()
        self.assertEqual(self.client.get(self.url()).status_code, 302)
        self.assertFalse(LegalHold.objects.exists())

    def test_after_the_removal_the_visit_page_says_so(self):
        with freeze_time(DUE_AT + datetime.timedelta(days=1)):
            self.run_command()
        page = self.sign_in(self.host_psw).get(self.visit.get_absolute_url())
        self.assertContains(
            page, "were removed on 11 January 2027, 365 days after the visit closed"
        )
        self.assertNotContains(page, "Put the visit on legal hold")


class PrivacyNoticeTests(CastTestCase):
    def test_the_notice_states_the_real_rule_and_the_regions_period(self):
        self.assertContains(
            self.client.get(reverse("privacy")),
            "Case-level notes are removed 365 days after the visit closes",
        )
        self.region.retention_days = 730
        self.region.save()
        page = self.sign_in(self.auditor).get(reverse("privacy"))
        self.assertContains(
            page, "removed 730 days after the visit closes (the period West Midlands"
        )
        self.assertContains(page, "legal hold")
