"""Overdue improvement plan actions are in the daily reminders: to the named owner, or, for an
action owned only by a role, to the host council's PSW who keeps the plan; one e-mail a day
with any overdue learning actions."""

import datetime

from django.core import mail
from freezegun import freeze_time

from audits.services.improvement import add_plan_action, update_plan_action
from learning.models import ActionReminder
from learning.reminders import remind_overdue_actions
from tests.audits.test_improvement_plan import recommend
from tests.audits.test_learning_actions import make_action
from tests.base import VisitCastTestCase

TODAY = datetime.date(2027, 7, 1)
PAST, FUTURE = datetime.date(2027, 6, 1), datetime.date(2027, 9, 30)


class PlanReminderTests(VisitCastTestCase):
    visit_status = "issued"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        carers = recommend(cls.visit, by=cls.auditor)
        cls.directors = add_plan_action(
            recommendation=carers, by=cls.host_psw, action="Report carers' audits to DMT.",
            due_on=PAST, owner=cls.host_director,
        )  # fmt: skip
        cls.by_role = add_plan_action(
            recommendation=carers, by=cls.host_psw, action="Train duty staff on carers.",
            due_on=PAST, owner_role="Head of Service",
        )  # fmt: skip
        add_plan_action(
            recommendation=carers, by=cls.host_psw, action="Not due yet.",
            due_on=FUTURE, owner=cls.host_ad,
        )  # fmt: skip
        done = add_plan_action(
            recommendation=carers, by=cls.host_psw, action="Done already.",
            due_on=PAST, owner=cls.host_ad,
        )  # fmt: skip
        update_plan_action(
            plan_action=done, by=cls.host_ad, action=done.action, due_on=PAST, status="done",
            owner=cls.host_ad,
        )  # fmt: skip

    def remind(self, today=TODAY) -> int:
        with self.captureOnCommitCallbacks(execute=True):
            return remind_overdue_actions(today=today, site_url="https://audits.example.org")

    def mail_to(self, person):
        return [message for message in mail.outbox if person.email in message.to]

    def test_it_reminds_the_named_owner_and_the_hosts_psw_of_what_is_overdue(self):
        self.assertEqual(self.remind(), 2)
        (director,) = self.mail_to(self.host_director)
        self.assertEqual(director.subject, "1 improvement plan action overdue: please update")
        self.assertIn("Report carers' audits to DMT.", director.body)
        owner = self.host_director.full_name
        self.assertIn(f"Sandwell's plan; owner: {owner}; due by 1 June 2027", director.body)
        self.assertIn(f"https://audits.example.org/visits/{self.visit.pk}/plan/", director.body)
        self.assertNotIn("Train duty staff", director.body)
        (psw,) = self.mail_to(self.host_psw)
        self.assertIn("Train duty staff on carers.", psw.body)
        self.assertNotIn("Report carers' audits", psw.body)
        self.assertEqual(self.mail_to(self.host_ad), [])

    def test_it_lists_learning_and_plan_actions_in_one_email_a_day(self):
        make_action(self.host_psw, self.visit, due_on=PAST, action="Share the carers' toolkit.")
        self.remind()
        (psw,) = self.mail_to(self.host_psw)
        self.assertEqual(
            psw.subject, "1 learning action and 1 improvement plan action overdue: please update"
        )
        self.assertIn("Share the carers' toolkit.", psw.body)
        self.assertIn("Train duty staff on carers.", psw.body)
        self.assertEqual(ActionReminder.objects.get(owner=self.host_psw).overdue, 2)
        self.assertEqual(self.remind(), 0)

    def test_it_stops_reminding_once_the_action_is_brought_up_to_date(self):
        with freeze_time("2027-06-30 12:00"):
            update_plan_action(
                plan_action=self.directors, by=self.host_director, action=self.directors.action,
                due_on=FUTURE, status="under_way", owner=self.host_director,
                note="Moved to the September DMT.",
            )  # fmt: skip
        self.remind()
        self.assertEqual(self.mail_to(self.host_director), [])

    def test_it_does_not_chase_an_owner_who_has_left(self):
        self.host_director.is_active = False
        self.host_director.save()
        self.remind()
        self.assertEqual(self.mail_to(self.host_director), [])
