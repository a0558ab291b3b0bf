"""Auditors are told when they join a team; the team and the host PSW when the status moves."""

import datetime

from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings

from audits.models import Visit
from audits.services.visits import advance_visit, schedule_visit, set_team
from audits.tasks.visits import send_status_notice
from tests.base import CastTestCase, VisitCastTestCase, make_person
from tests.factories import make_declaration, make_tool

IMMEDIATE = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
)


@IMMEDIATE
class AssignmentNoticeTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tool = make_tool(cls.region)

    def test_each_auditor_is_told_when_the_visit_is_scheduled(self):
        with self.captureOnCommitCallbacks(execute=True):
            schedule_visit(
                host=self.sandwell,
                tool=self.tool,
                first_day=datetime.date(2027, 3, 9),
                lead=self.auditor,
                auditors=[self.co_auditor],
                by=self.coordinator,
            )
        self.assertEqual(
            sorted((m.to[0], m.subject) for m in mail.outbox),
            [
                (self.auditor.email, "You are auditing Sandwell on 9 to 10 March 2027"),
                (self.co_auditor.email, "You are auditing Sandwell on 9 to 10 March 2027"),
            ],
        )
        lead_mail = next(m for m in mail.outbox if m.to == [self.auditor.email])
        self.assertIn("as lead auditor", lead_mail.body)
        self.assertIn("make your declaration of interests", lead_mail.body)

    def test_a_refused_team_sends_nothing(self):
        with self.captureOnCommitCallbacks(execute=True), self.assertRaises(ValidationError):
            schedule_visit(
                host=self.sandwell,
                tool=self.tool,
                first_day=datetime.date(2027, 3, 9),
                lead=self.host_psw,
                by=self.coordinator,
            )
        self.assertEqual(mail.outbox, [])


@IMMEDIATE
class StatusNoticeTests(VisitCastTestCase):
    def test_the_team_and_the_host_psw_hear_of_each_move(self):
        make_declaration(self.visit, self.auditor)
        make_declaration(self.visit, self.co_auditor)
        with self.captureOnCommitCallbacks(execute=True):
            advance_visit(
                visit=self.visit, to=Visit.Status.SAMPLE_AGREED, by=self.coordinator, note="Agreed"
            )
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox),
            sorted([self.auditor.email, self.co_auditor.email, self.host_psw.email]),
        )
        message = mail.outbox[0]
        self.assertEqual(message.subject, "Sandwell audit, 9 to 10 March 2027: sample agreed")
        self.assertIn("moved from planned to sample agreed", message.body)
        self.assertNotIn("SAN-0", message.body)

    def test_only_newcomers_hear_when_the_team_changes(self):
        solihull = self.region.authorities.get(slug="solihull")
        newcomer = make_person("psw@solihull.test", "psw", solihull)
        with self.captureOnCommitCallbacks(execute=True):
            set_team(visit=self.visit, lead=self.auditor, auditors=[newcomer], by=self.coordinator)
        self.assertEqual([m.to for m in mail.outbox], [[newcomer.email]])

    def test_the_task_runs_on_its_own_from_an_id(self):
        make_declaration(self.visit, self.auditor)
        make_declaration(self.visit, self.co_auditor)
        change = self.visit.advance(to=Visit.Status.SAMPLE_AGREED, by=self.coordinator)
        result = send_status_notice.enqueue(change.pk)
        self.assertEqual(result.return_value, 3)
