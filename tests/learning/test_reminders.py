"""Owners of overdue learning actions are reminded by e-mail, once a day at most."""

import datetime
import io

from django.core import mail
from django.core.management import call_command

from learning.models import ActionReminder
from learning.reminders import remind_overdue_actions
from tests.audits.test_learning_actions import make_action
from tests.base import R, VisitCastTestCase, make_person

TODAY = datetime.date(2026, 11, 26)
PAST, FUTURE = datetime.date(2026, 10, 1), datetime.date(2027, 1, 31)


class ReminderTests(VisitCastTestCase):
    visit_status = "issued"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.late_one = make_action(cls.auditor, cls.visit, due_on=PAST, action="Audit supervision.")
        cls.late_two = make_action(
            cls.auditor,
            cls.visit,
            due_on=datetime.date(2026, 11, 20),
            status="in_progress",
            action="Run a forum on strengths-based practice.",
        )
        make_action(cls.auditor, cls.visit, due_on=FUTURE, action="Not due yet.")
        make_action(cls.co_auditor, cls.visit, due_on=PAST, status="done", action="Done already.")
        make_action(cls.co_auditor, cls.visit, due_on=PAST, status="dropped", action="Dropped.")
        cls.left = make_person("left@walsall.test", R.PSW, cls.walsall, is_active=False)
        make_action(cls.left, cls.visit, due_on=PAST, action="Owner has left.")

    def remind(self, today=TODAY) -> int:
        with self.captureOnCommitCallbacks(execute=True):
            return remind_overdue_actions(today=today, site_url="https://audits.example.org")

    def test_each_owner_gets_one_email_listing_their_overdue_actions(self):
        self.assertEqual(self.remind(), 1)
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, [self.auditor.email])
        self.assertEqual(message.subject, "2 learning actions overdue: please update")
        self.assertIn("Audit supervision.", message.body)
        self.assertIn("Run a forum on strengths-based practice.", message.body)
        self.assertIn("due by 1 October 2026", message.body)
        self.assertNotIn("Not due yet.", message.body)
        self.assertIn(
            "https://audits.example.org/region/learning/actions/?overdue=on", message.body
        )

    def test_done_dropped_and_not_yet_due_actions_and_people_who_left_are_not_chased(self):
        self.remind()
        recipients = {address for message in mail.outbox for address in message.to}
        self.assertEqual(recipients, {self.auditor.email})

    def test_running_twice_in_a_day_sends_once_and_records_when(self):
        self.remind()
        self.assertEqual(self.remind(), 0)
        self.assertEqual(len(mail.outbox), 1)
        reminder = ActionReminder.objects.get()
        self.assertEqual(
            (reminder.owner, reminder.sent_on, reminder.overdue), (self.auditor, TODAY, 2)
        )

    def test_the_next_day_it_reminds_again(self):
        self.remind()
        self.remind(TODAY + datetime.timedelta(days=1))
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(ActionReminder.objects.filter(owner=self.auditor).count(), 2)

    def test_an_action_brought_up_to_date_stops_the_reminders(self):
        for action in (self.late_one, self.late_two):
            action.status = "done"
            action.save()
        self.assertEqual(self.remind(), 0)
        self.assertEqual(mail.outbox, [])

    def test_the_command_says_how_many_it_queued(self):
        out = io.StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command(
                "remind_overdue_actions", site_url="https://audits.example.org", stdout=out
            )
        self.assertIn("Queued 1 reminder.", out.getvalue())
        self.assertEqual(len(mail.outbox), 1)
        out = io.StringIO()
        call_command("remind_overdue_actions", stdout=out)
        self.assertIn("Queued 0 reminders.", out.getvalue())
