"""An auditor raises a concern about a person at risk; the host's PSW is told at once,
acknowledges it and closes it, and every step is kept apart from the report."""

import datetime

from django.core import mail
from django.urls import reverse

from audits.models import ConcernEvent, ImmediateConcern
from audits.services.fieldwork import acknowledge_concern
from tests.base import VisitCastTestCase
from tests.factories import make_visit


def concern_data(case, **overrides) -> dict:
    data = {
        "case_file": str(case.pk),
        "risk": "Unexplained bruising recorded twice; no safeguarding concern raised.",
        "action_taken": "Spoke to the duty team manager, who is reviewing it today.",
    }
    data.update(overrides)
    return data


class RaiseConcernTests(VisitCastTestCase):
    visit_status = "on_site"

    def raise_concern(self, case=None, **overrides):
        url = reverse("audits:concern-raise", args=[self.visit.pk])
        with self.captureOnCommitCallbacks(execute=True):
            return self.sign_in(self.auditor).post(
                url, concern_data(case or self.cases[1], **overrides)
            )

    def test_it_raises_a_concern_from_a_case_file(self):
        response = self.raise_concern()
        concern = ImmediateConcern.objects.get()
        self.assertRedirects(response, reverse("audits:concern-detail", args=[concern.pk]))
        self.assertEqual(concern.case_file, self.cases[1])
        self.assertEqual((concern.status, concern.raised_by), ("raised", self.auditor))
        self.assertEqual(
            list(concern.history.values_list("from_status", "to_status")), [("", "raised")]
        )

    def test_it_preselects_the_case_it_was_raised_from(self):
        url = reverse("audits:concern-raise", args=[self.visit.pk])
        page = self.sign_in(self.co_auditor).get(url, {"case": self.cases[2].pk})
        self.assertContains(page, f'<option value="{self.cases[2].pk}" selected>SAN-03</option>')

    def test_it_emails_the_host_psw_at_once_without_the_details(self):
        self.raise_concern()
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, [self.host_psw.email])
        self.assertEqual(message.cc, [self.coordinator.email])
        self.assertIn("SAN-02", message.subject)
        concern = ImmediateConcern.objects.get()
        self.assertIn(f"http://testserver/concerns/{concern.pk}/", message.body)
        self.assertNotIn("bruising", message.body)

    def test_it_shows_the_concern_on_the_host_psws_home_page(self):
        self.raise_concern()
        response = self.sign_in(self.host_psw).get(reverse("home"))
        self.assertContains(response, "Immediate concerns")
        self.assertContains(response, "SAN-02")
        self.assertContains(response, "acknowledge it now")

    def test_it_refuses_a_case_file_from_another_visit(self):
        other = make_visit(
            host=self.dudley,
            tool=self.tool,
            coordinator=self.coordinator,
            lead=self.outsider,
            first_day=datetime.date(2027, 5, 4),
            cases=1,
            status="on_site",
        )
        response = self.raise_concern(case=other.case_files.get())
        self.assertContains(response, "Select a valid choice")
        self.assertFalse(ImmediateConcern.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_it_asks_what_the_risk_is_and_keeps_the_rest(self):
        response = self.raise_concern(risk="")
        self.assertContains(response, "Enter what the risk is")
        self.assertContains(response, "Spoke to the duty team manager")
        self.assertEqual(mail.outbox, [])


class HandleConcernTests(VisitCastTestCase):
    visit_status = "on_site"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.concern = ImmediateConcern.objects.create(
            visit=cls.visit,
            case_file=cls.cases[0],
            risk="Carer reports not coping; no contingency plan.",
            action_taken="Told the team manager.",
            raised_by=cls.auditor,
        )
        ConcernEvent.objects.create(concern=cls.concern, to_status="raised", by=cls.auditor)
        cls.acknowledge_url = reverse("audits:concern-acknowledge", args=[cls.concern.pk])
        cls.close_url = reverse("audits:concern-close", args=[cls.concern.pk])

    def acknowledge(self):
        with self.captureOnCommitCallbacks(execute=True):
            return self.sign_in(self.host_psw).post(
                self.acknowledge_url, {"response": "Duty social worker visiting today."}
            )

    def test_the_host_psw_acknowledges_it_and_the_team_is_told(self):
        response = self.acknowledge()
        self.assertRedirects(response, reverse("audits:concern-detail", args=[self.concern.pk]))
        self.concern.refresh_from_db()
        self.assertEqual(self.concern.status, "acknowledged")
        self.assertEqual(self.concern.acknowledged_by, self.host_psw)
        self.assertEqual(self.concern.response, "Duty social worker visiting today.")
        self.assertEqual(len(mail.outbox), 1)
        self.assertCountEqual(mail.outbox[0].to, [self.auditor.email, self.co_auditor.email])

    def test_it_asks_what_the_council_is_doing(self):
        response = self.sign_in(self.host_psw).post(self.acknowledge_url, {"response": ""})
        self.assertContains(response, "Enter what the council is doing about it")
        self.concern.refresh_from_db()
        self.assertEqual(self.concern.status, "raised")

    def test_the_host_psw_closes_it_after_acknowledging_and_the_history_shows_each_step(self):
        self.acknowledge()
        self.client.post(self.close_url, {"closure_note": "Plan in place; carer supported."})
        self.concern.refresh_from_db()
        self.assertEqual((self.concern.status, self.concern.closed_by), ("closed", self.host_psw))
        steps = list(self.concern.history.values_list("to_status", flat=True))
        self.assertEqual(steps, ["raised", "acknowledged", "closed"])
        page = self.client.get(reverse("audits:concern-detail", args=[self.concern.pk]))
        self.assertContains(page, "Plan in place; carer supported.")
        home = self.client.get(reverse("home"))
        self.assertNotContains(home, "SAN-01")

    def test_the_audit_trail_records_who_acknowledged_it(self):
        from auditlog.models import LogEntry

        self.acknowledge()
        entry = LogEntry.objects.get_for_object(self.concern).latest("timestamp")
        self.assertEqual(entry.actor, self.host_psw)
        self.assertEqual(entry.changes_dict["status"], ["raised", "acknowledged"])

    def test_it_cannot_be_closed_before_it_is_acknowledged_nor_acknowledged_twice(self):
        client = self.sign_in(self.host_psw)
        self.assertEqual(client.post(self.close_url, {"closure_note": "X"}).status_code, 403)
        self.acknowledge()
        response = client.post(self.acknowledge_url, {"response": "Again."})
        self.assertEqual(response.status_code, 403)
        self.concern.refresh_from_db()
        self.assertEqual(self.concern.response, "Duty social worker visiting today.")

    def test_the_model_guards_the_order_of_steps_too(self):
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            self.concern.close(by=self.host_psw, note="Too soon.")
        acknowledge_concern(concern=self.concern, response="On it.", by=self.host_psw)
        with self.assertRaises(ValidationError):
            self.concern.acknowledge(by=self.host_psw, response="Twice.")

    def test_the_coordinator_sees_every_concern_in_the_region(self):
        response = self.sign_in(self.coordinator).get(reverse("audits:concern-list"))
        self.assertContains(response, "SAN-01")
        other = self.sign_in(self.other_coordinator).get(reverse("audits:concern-list"))
        self.assertNotContains(other, "SAN-01")

    def test_the_concern_list_takes_the_same_queries_however_many_concerns(self):
        url = reverse("audits:concern-list")
        client = self.sign_in(self.coordinator)
        # session, user, concerns with their visit, host, case file and raiser
        with self.assertNumQueries(3):
            client.get(url)
        for case in self.cases[1:]:
            ImmediateConcern.objects.create(
                visit=self.visit,
                case_file=case,
                risk="R.",
                action_taken="A.",
                raised_by=self.auditor,
            )
        with self.assertNumQueries(3):
            response = client.get(url)
        self.assertContains(response, "SAN-04")
