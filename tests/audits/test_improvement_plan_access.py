"""Who reaches the improvement plan: the host's PSW, Director and AD write it; the coordinator,
the visit's peer challenge team and its auditors read it; nobody else, and nobody before the
report is issued."""

import datetime

from django.test import Client
from django.urls import reverse

from audits.models import PlanAction, Visit
from audits.services.improvement import add_plan_action
from tests.audits.test_improvement_plan import plan_post, recommend
from tests.base import VisitCastTestCase

WRITERS = ["host_psw", "host_director", "host_ad"]
READERS = ["coordinator", "peer", "auditor", "co_auditor"]
NOBODY = ["outsider", "other_coordinator", "platform_admin", "tool_owner"]


class PlanAccessTests(VisitCastTestCase):
    visit_status = "issued"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.carers = recommend(cls.visit, by=cls.auditor)
        cls.action = add_plan_action(
            recommendation=cls.carers, by=cls.host_psw, action="Audit carers' assessments.",
            due_on=datetime.date(2027, 6, 30), owner_role="Head of Service",
        )  # fmt: skip

    def urls(self):
        visit = self.visit.pk
        return {
            "plan": reverse("audits:plan-detail", args=[visit]),
            "add": reverse("audits:plan-action-create", args=[visit, self.carers.pk]),
            "edit": reverse("audits:plan-action-edit", args=[visit, self.action.pk]),
        }

    def get(self, role, url):
        client = Client()
        client.force_login(getattr(self, role))
        return client.get(url).status_code

    def test_it_lets_the_host_councils_people_read_and_write_the_plan(self):
        for role in WRITERS:
            for name, url in self.urls().items():
                with self.subTest(role=role, page=name):
                    self.assertEqual(self.get(role, url), 200)

    def test_it_lets_the_coordinator_peer_team_and_auditors_read_but_not_write(self):
        urls = self.urls()
        for role in READERS:
            with self.subTest(role=role):
                self.assertEqual(self.get(role, urls["plan"]), 200)
                self.assertEqual(self.get(role, urls["add"]), 403)
                self.assertEqual(self.get(role, urls["edit"]), 403)

    def test_it_refuses_an_action_or_an_update_posted_by_a_reader(self):
        urls = self.urls()
        for role in READERS:
            with self.subTest(role=role):
                client = Client()
                client.force_login(getattr(self, role))
                self.assertEqual(client.post(urls["add"], plan_post()).status_code, 403)
                edit = plan_post(status="done")
                self.assertEqual(client.post(urls["edit"], edit).status_code, 403)
        self.assertEqual(PlanAction.objects.get().status, "planned")

    def test_it_tells_everyone_else_it_does_not_exist(self):
        for role in NOBODY:
            for name, url in self.urls().items():
                with self.subTest(role=role, page=name):
                    self.assertEqual(self.get(role, url), 404)

    def test_it_sends_anonymous_visitors_to_sign_in(self):
        for name, url in self.urls().items():
            with self.subTest(page=name):
                response = Client().get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(reverse("account_login")))

    def test_it_shows_nobody_a_plan_before_the_report_is_issued(self):
        Visit.objects.filter(pk=self.visit.pk).update(status=Visit.Status.ACCURACY_CHECK)
        for role in WRITERS + READERS:
            with self.subTest(role=role):
                self.assertEqual(self.get(role, self.urls()["plan"]), 404)

    def test_it_lets_the_host_keep_the_plan_once_the_visit_is_closed(self):
        Visit.objects.filter(pk=self.visit.pk).update(status=Visit.Status.CLOSED)
        self.assertEqual(self.get("host_director", self.urls()["edit"]), 200)

    def test_it_refuses_a_recommendation_of_another_visit(self):
        from tests.factories import make_visit

        other = make_visit(
            host=self.sandwell, tool=self.tool, coordinator=self.coordinator, status="issued"
        )
        elsewhere = recommend(other, by=self.auditor)
        url = reverse("audits:plan-action-create", args=[self.visit.pk, elsewhere.pk])
        self.assertEqual(self.get("host_director", url), 404)

    def test_it_is_linked_from_the_visit_page_for_those_who_may_read_it(self):
        plan = self.urls()["plan"]
        for role in ["host_director", "coordinator", "peer", "auditor"]:
            with self.subTest(role=role):
                client = Client()
                client.force_login(getattr(self, role))
                page = client.get(self.visit.get_absolute_url())
                self.assertContains(page, plan)
