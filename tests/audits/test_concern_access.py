"""Concerns are seen by the team, the host's PSW and the region's coordinator; only the team
raises them and only the host's PSW acknowledges and closes them."""

from django.core import mail
from django.urls import reverse

from audits.models import ConcernEvent, ImmediateConcern
from tests.audits.test_concerns import concern_data
from tests.audits.test_conversation_access import FieldworkAccess
from tests.base import VisitCastTestCase

# Nobody here may learn that a concern exists: another council's PSW (who audits another
# visit), the host's Director and Assistant Director, the peer challenge member, the tool
# owner, the platform administrator and the other region's coordinator.
STRANGERS = (
    "outsider",
    "host_director",
    "host_ad",
    "peer",
    "tool_owner",
    "platform_admin",
    "other_coordinator",
)


class ConcernAccessTests(FieldworkAccess, VisitCastTestCase):
    visit_status = "on_site"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.make_other_visit()
        cls.concern = ImmediateConcern.objects.create(
            visit=cls.visit,
            case_file=cls.cases[0],
            risk="Secret risk text.",
            action_taken="Told the manager.",
            raised_by=cls.auditor,
        )
        ConcernEvent.objects.create(concern=cls.concern, to_status="raised", by=cls.auditor)
        pk = cls.concern.pk
        cls.detail_url = reverse("audits:concern-detail", args=[pk])
        cls.acknowledge_url = reverse("audits:concern-acknowledge", args=[pk])
        cls.close_url = reverse("audits:concern-close", args=[pk])
        cls.visit_list_url = reverse("audits:concern-visit-list", args=[cls.visit.pk])
        cls.raise_url = reverse("audits:concern-raise", args=[cls.visit.pk])

    def test_it_sends_anonymous_visitors_to_sign_in_everywhere(self):
        urls = [self.detail_url, self.acknowledge_url, self.close_url, self.visit_list_url]
        for url in [*urls, self.raise_url, reverse("audits:concern-list")]:
            self.assert_sends_anonymous_to_sign_in(url)
        for url in [self.acknowledge_url, self.close_url, self.raise_url]:
            self.assert_sends_anonymous_to_sign_in(url, "post")

    def test_it_hides_the_concern_from_strangers_on_every_page_and_post(self):
        for url in [self.detail_url, self.visit_list_url]:
            self.assert_status(STRANGERS, "get", url, 404)
        for url in [self.acknowledge_url, self.close_url, self.raise_url]:
            self.assert_status(STRANGERS, "get", url, 404)
            self.assert_status(STRANGERS, "post", url, 404, {"response": "X"})
        self.concern.refresh_from_db()
        self.assertEqual(self.concern.status, "raised")

    def test_the_region_list_shows_strangers_nothing(self):
        url = reverse("audits:concern-list")
        for name in ["outsider", "other_coordinator"]:
            with self.subTest(person=name):
                response = self.client_for(getattr(self, name)).get(url)
                self.assertNotContains(response, "SAN-01")
        self.assert_status(["host_director", "peer", "platform_admin"], "get", url, 403)

    def test_the_team_the_host_psw_and_the_coordinator_read_it(self):
        for name in ["auditor", "co_auditor", "host_psw", "coordinator"]:
            with self.subTest(person=name):
                response = self.client_for(getattr(self, name)).get(self.detail_url)
                self.assertContains(response, "Secret risk text.")

    def test_only_the_host_psw_acknowledges(self):
        people = ["auditor", "co_auditor", "coordinator"]
        self.assert_status(people, "get", self.acknowledge_url, 403)
        self.assert_status(people, "post", self.acknowledge_url, 403, {"response": "X"})
        self.concern.refresh_from_db()
        self.assertEqual(self.concern.status, "raised")
        self.assert_status(["host_psw"], "get", self.acknowledge_url, 200)

    def test_only_the_team_raises_concerns(self):
        data = concern_data(self.cases[1])
        self.assert_status(["host_psw", "coordinator"], "get", self.raise_url, 403)
        self.assert_status(["host_psw", "coordinator"], "post", self.raise_url, 403, data)
        self.assertEqual(ImmediateConcern.objects.count(), 1)
        self.assertEqual(mail.outbox, [])

    def test_the_host_psw_sees_the_visits_concerns_but_none_of_the_teams_other_pages(self):
        response = self.client_for(self.host_psw).get(self.visit_list_url)
        self.assertContains(response, "SAN-01")
        self.assertNotContains(response, reverse("audits:themefinding-list", args=[self.visit.pk]))
        self.assertNotContains(response, "Raise an immediate concern")


class ConcernAccessAfterDraftingTests(FieldworkAccess, VisitCastTestCase):
    visit_status = "issued"

    def test_the_team_can_no_longer_raise_concerns_through_the_service(self):
        url = reverse("audits:concern-raise", args=[self.visit.pk])
        self.assert_status(["auditor"], "get", url, 403)
        self.assert_status(["auditor"], "post", url, 403, concern_data(self.cases[0]))
        self.assertFalse(ImmediateConcern.objects.exists())

    def test_the_host_psw_can_still_close_an_acknowledged_concern(self):
        concern = ImmediateConcern.objects.create(
            visit=self.visit,
            case_file=self.cases[0],
            risk="R.",
            action_taken="A.",
            raised_by=self.auditor,
        )
        concern.acknowledge(by=self.host_psw, response="On it.")
        url = reverse("audits:concern-close", args=[concern.pk])
        self.client_for(self.host_psw).post(url, {"closure_note": "Resolved."})
        concern.refresh_from_db()
        self.assertEqual(concern.status, "closed")
        self.assert_status(["host_psw"], "post", url, 403, {"closure_note": "Again."})
