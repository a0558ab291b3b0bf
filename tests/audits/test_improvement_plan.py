"""The host's improvement plan: actions answering the issued report's recommendations, their
statuses, the overdue rule, progress notes through the identifier guard, and the trail."""

import datetime

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from freezegun import freeze_time

from audits.models import ActionUpdate, PlanAction, Recommendation
from audits.services.improvement import add_plan_action, plan_standing, update_plan_action
from tests.base import VisitCastTestCase

DUE = datetime.date(2027, 6, 30)


def recommend(visit, text="Offer every carer their own assessment.", *, by):
    return Recommendation.objects.create(visit=visit, text=text, created_by=by)


def plan_post(**overrides):
    data = {
        "action": "Audit twenty carers' assessments each quarter.",
        "owner": "",
        "owner_role": "Head of Adult Social Work",
        "due_on_0": "30",
        "due_on_1": "6",
        "due_on_2": "2027",
    }
    return {**data, **overrides}


class PlanPageTests(VisitCastTestCase):
    visit_status = "issued"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.carers = recommend(cls.visit, by=cls.auditor)
        cls.supervision = recommend(
            cls.visit, "Record managers' decisions at each review.", by=cls.auditor
        )

    def add_url(self, recommendation=None):
        recommendation = recommendation or self.carers
        return reverse("audits:plan-action-create", args=[self.visit.pk, recommendation.pk])

    def test_it_lists_each_recommendation_with_a_way_to_answer_it(self):
        page = self.sign_in(self.host_director).get(
            reverse("audits:plan-detail", args=[self.visit.pk])
        )
        self.assertContains(page, "Offer every carer their own assessment.")
        self.assertContains(page, "Record managers&#x27; decisions at each review.")
        self.assertContains(page, "No action yet", count=2)
        self.assertContains(page, self.add_url(self.supervision))

    def test_it_adds_an_action_owned_by_a_role(self):
        response = self.sign_in(self.host_director).post(self.add_url(), plan_post())
        action = PlanAction.objects.get()
        self.assertRedirects(
            response,
            reverse("audits:plan-detail", args=[self.visit.pk]) + f"#action-{action.pk}",
        )
        self.assertEqual(action.recommendation, self.carers)
        self.assertEqual(action.owner_role, "Head of Adult Social Work")
        self.assertEqual(action.due_on, DUE)
        self.assertEqual(action.status, PlanAction.Status.PLANNED)
        self.assertEqual(action.created_by, self.host_director)
        page = self.client.get(reverse("audits:plan-detail", args=[self.visit.pk]))
        self.assertContains(page, "Audit twenty carers")
        self.assertContains(page, "30 June 2027")
        self.assertContains(page, "No action yet", count=1)

    def test_it_adds_an_action_owned_by_a_named_person_of_the_council(self):
        self.sign_in(self.host_psw).post(
            self.add_url(), plan_post(owner=str(self.host_ad.pk), owner_role="")
        )
        self.assertEqual(PlanAction.objects.get().owner, self.host_ad)

    def test_it_refuses_an_owner_from_another_council(self):
        response = self.sign_in(self.host_psw).post(
            self.add_url(), plan_post(owner=str(self.auditor.pk), owner_role="")
        )
        self.assertContains(response, "Select a valid choice")
        self.assertFalse(PlanAction.objects.exists())

    def test_it_asks_for_an_owner_and_keeps_what_was_typed(self):
        response = self.sign_in(self.host_psw).post(self.add_url(), plan_post(owner_role=""))
        self.assertContains(response, "Choose who owns the action, or enter their role")
        self.assertContains(response, "Audit twenty carers&#x27; assessments each quarter.")
        self.assertFalse(PlanAction.objects.exists())

    def test_it_catches_a_name_in_a_progress_note_and_keeps_the_note(self):
        action = add_plan_action(
            recommendation=self.carers, by=self.host_psw, action="Audit.", due_on=DUE,
            owner_role="Head of Service",
        )  # fmt: skip
        url = reverse("audits:plan-action-edit", args=[self.visit.pk, action.pk])
        note = "Discussed with Mrs Jane Smith at the carers' forum."
        response = self.sign_in(self.host_psw).post(
            url, plan_post(status="under_way", note=note, owner_role="Head of Service")
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Mrs Jane Smith")
        self.assertContains(response, "I have checked the highlighted text")
        action.refresh_from_db()
        self.assertEqual(action.status, PlanAction.Status.PLANNED)

    def test_it_says_why_when_a_drop_has_no_reason(self):
        action = add_plan_action(
            recommendation=self.carers, by=self.host_psw, action="Audit.", due_on=DUE,
            owner_role="Head of Service",
        )  # fmt: skip
        url = reverse("audits:plan-action-edit", args=[self.visit.pk, action.pk])
        response = self.sign_in(self.host_director).post(url, plan_post(status="dropped"))
        self.assertContains(response, "Say why the action was dropped")
        action.refresh_from_db()
        self.assertEqual(action.status, PlanAction.Status.PLANNED)


class PlanStatusTests(VisitCastTestCase):
    visit_status = "issued"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.carers = recommend(cls.visit, by=cls.auditor)

    def add(self, due_on=DUE, **extra):
        values = {"action": "Audit.", "due_on": due_on, "owner_role": "Head of Service"}
        return add_plan_action(recommendation=self.carers, by=self.host_psw, **{**values, **extra})

    def move(self, action, status, **extra):
        values = {"action": action.action, "due_on": action.due_on, "owner_role": "Head of Service"}
        return update_plan_action(
            plan_action=action, by=self.host_director, status=status, **{**values, **extra}
        )

    def test_it_moves_through_the_statuses_keeping_each_step(self):
        action = self.add()
        with freeze_time("2027-04-01 10:00"):
            self.move(action, "under_way", note="Audit tool agreed with team managers.")
        with freeze_time("2027-06-20 10:00"):
            self.move(action, "done", note="First quarter's audit reported to DMT.")
        steps = [(u.status, u.note, u.by) for u in ActionUpdate.objects.filter(action=action)]
        self.assertEqual(
            steps,
            [
                ("planned", "", self.host_psw),
                ("under_way", "Audit tool agreed with team managers.", self.host_director),
                ("done", "First quarter's audit reported to DMT.", self.host_director),
            ],
        )

    def test_it_keeps_a_note_without_a_move_and_no_update_without_either(self):
        action = self.add()
        self.move(action, "planned", note="Waiting for the new case system.")
        self.move(action, "planned")
        self.assertEqual(
            list(action.updates.values_list("note", flat=True)),
            ["", "Waiting for the new case system."],
        )

    def test_it_needs_a_reason_to_drop_an_action(self):
        action = self.add()
        with self.assertRaisesMessage(ValidationError, "Say why the action was dropped."):
            self.move(action, "dropped")
        self.move(action, "dropped", dropped_reason="Replaced by the regional carers' audit.")
        action.refresh_from_db()
        self.assertEqual(action.dropped_reason, "Replaced by the regional carers' audit.")

    def test_it_refuses_in_the_database_a_dropped_action_without_a_reason_or_an_owner(self):
        action = self.add()
        with self.assertRaises(IntegrityError), transaction.atomic():
            PlanAction.objects.filter(pk=action.pk).update(status="dropped")
        with self.assertRaises(IntegrityError), transaction.atomic():
            PlanAction.objects.filter(pk=action.pk).update(owner_role="")

    def test_it_refuses_a_named_owner_from_another_council(self):
        with self.assertRaisesMessage(ValidationError, "The owner must work for Sandwell."):
            self.add(owner=self.auditor, owner_role="")

    @freeze_time("2027-07-01 09:00")
    def test_it_counts_an_action_overdue_when_open_and_past_its_date(self):
        planned = self.add(due_on=datetime.date(2027, 6, 30))
        under_way = self.move(self.add(due_on=datetime.date(2027, 6, 1)), "under_way")
        due_today = self.add(due_on=datetime.date(2027, 7, 1))
        done = self.move(self.add(due_on=datetime.date(2027, 6, 1)), "done")
        dropped = self.move(
            self.add(due_on=datetime.date(2027, 6, 1)), "dropped", dropped_reason="Superseded."
        )
        self.assertTrue(planned.is_overdue and under_way.is_overdue)
        self.assertFalse(due_today.is_overdue or done.is_overdue or dropped.is_overdue)
        overdue = PlanAction.objects.filter(PlanAction.overdue_on())
        self.assertEqual(set(overdue), {planned, under_way})

    def test_it_tells_where_the_plan_stood_on_a_day(self):
        with freeze_time("2027-04-01 10:00"):
            first = self.add(due_on=datetime.date(2027, 5, 1))
            self.add()
        with freeze_time("2027-06-01 10:00"):
            self.move(first, "done")
            self.add()
        standing = plan_standing(self.visit, datetime.date(2027, 5, 15))
        self.assertEqual((standing.planned, standing.done, standing.actions), (2, 0, 2))
        self.assertEqual(standing.overdue, 1)  # the first, due 1 May, not yet done
        later = plan_standing(self.visit, datetime.date(2027, 6, 2))
        self.assertEqual((later.planned, later.done, later.overdue), (2, 1, 0))
        self.assertEqual((later.recommendations, later.answered), (1, 1))


class PlanTrailTests(VisitCastTestCase):
    visit_status = "issued"

    def test_it_keeps_every_change_in_the_trail_without_its_words(self):
        carers = recommend(self.visit, by=self.auditor)
        action = add_plan_action(
            recommendation=carers, by=self.host_psw, action="Audit carers' assessments.",
            due_on=DUE, owner_role="Head of Service",
        )  # fmt: skip
        update_plan_action(
            plan_action=action, by=self.host_psw, action=action.action, due_on=DUE,
            status="under_way", owner_role="Head of Service", note="Started in April.",
        )  # fmt: skip
        entries = LogEntry.objects.get_for_object(action).order_by("timestamp")
        self.assertEqual(entries.count(), 2)
        self.assertEqual(entries.last().changes_dict["status"], ["planned", "under_way"])
        update = action.updates.last()
        note_entry = LogEntry.objects.get_for_object(update).get()
        self.assertNotIn("Started in April.", str(note_entry.changes))
