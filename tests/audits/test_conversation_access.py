"""Only the visit's auditors change conversations, and only while on site or drafting; the
region's coordinator reads them; nobody else, hosts included, even learns they exist."""

import datetime

from django.test import Client
from django.urls import reverse

from audits.models import Conversation
from tests.base import VisitCastTestCase
from tests.factories import make_conversation, make_visit

# Everyone but the team and the region's coordinator: another council's PSW (who audits
# another visit), the host's people, the peer challenge member, the tool owner, the
# platform administrator and the other region's coordinator.
OUTSIDERS = (
    "outsider",
    "host_psw",
    "host_director",
    "host_ad",
    "peer",
    "tool_owner",
    "platform_admin",
    "other_coordinator",
)


class FieldworkAccess:
    """Client checks shared by the fieldwork access tests (mixed into a VisitCastTestCase)."""

    @classmethod
    def make_other_visit(cls):
        """Coventry's PSW audits Dudley: an auditor, but of another visit."""
        return make_visit(
            host=cls.dudley,
            tool=cls.tool,
            coordinator=cls.coordinator,
            lead=cls.outsider,
            first_day=datetime.date(2027, 5, 4),
            cases=1,
            status="on_site",
        )

    def client_for(self, person) -> Client:
        client = Client()
        if person is not None:
            client.force_login(person)
        return client

    def assert_status(self, people, method, url, status, data=None):
        for name in people:
            with self.subTest(person=name, method=method, url=url):
                response = getattr(self.client_for(getattr(self, name)), method)(url, data or {})
                self.assertEqual(response.status_code, status)

    def assert_sends_anonymous_to_sign_in(self, url, method="get"):
        response = getattr(self.client_for(None), method)(url, {})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("account_login")))

    def assert_hidden_from_outsiders(self, url, *, post=True):
        """Anonymous visitors sign in; everyone outside the team and region gets a 404."""
        self.assert_sends_anonymous_to_sign_in(url)
        self.assert_status(OUTSIDERS, "get", url, 404)
        if post:
            self.assert_sends_anonymous_to_sign_in(url, "post")
            self.assert_status(OUTSIDERS, "post", url, 404)


class ConversationAccessTests(FieldworkAccess, VisitCastTestCase):
    visit_status = "on_site"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_visit = cls.make_other_visit()
        cls.conversation = make_conversation(
            cls.visit, group="leaders", by=cls.auditor, views={"t1": ("good", "Positive.")}
        )
        cls.list_url = reverse("audits:conversation-list", args=[cls.visit.pk])
        cls.add_url = reverse("audits:conversation-create", args=[cls.visit.pk])
        cls.edit_url = reverse("audits:conversation-edit", args=[cls.visit.pk, cls.conversation.pk])
        cls.delete_url = reverse(
            "audits:conversation-delete", args=[cls.visit.pk, cls.conversation.pk]
        )

    def test_it_hides_every_page_and_post_from_everyone_outside_the_team_and_region(self):
        self.assert_hidden_from_outsiders(self.list_url, post=False)
        for url in [self.add_url, self.edit_url, self.delete_url]:
            self.assert_hidden_from_outsiders(url)
        self.assertTrue(Conversation.objects.filter(pk=self.conversation.pk).exists())

    def test_it_lets_both_auditors_open_every_page(self):
        for url in [self.list_url, self.add_url, self.edit_url, self.delete_url]:
            self.assert_status(["auditor", "co_auditor"], "get", url, 200)

    def test_it_lets_the_coordinator_read_but_not_change(self):
        response = self.sign_in(self.coordinator).get(self.list_url)
        self.assertContains(response, "Positive.")
        self.assertNotContains(response, self.add_url)
        self.assertNotContains(response, self.edit_url)
        for url in [self.add_url, self.edit_url, self.delete_url]:
            self.assert_status(["coordinator"], "get", url, 403)
            self.assert_status(["coordinator"], "post", url, 403)
        self.assertTrue(Conversation.objects.filter(pk=self.conversation.pk).exists())

    def test_it_does_not_mix_up_visits_in_the_address(self):
        """A conversation of this visit is not found under the other visit's address."""
        url = reverse("audits:conversation-edit", args=[self.other_visit.pk, self.conversation.pk])
        self.assert_status(["outsider", "auditor"], "get", url, 404)


class ConversationAccessAfterDraftingTests(FieldworkAccess, VisitCastTestCase):
    visit_status = "accuracy_check"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.conversation = make_conversation(
            cls.visit, group="practitioners", by=cls.auditor, views={"t2": ("good", "Fine.")}
        )

    def test_it_lets_the_auditors_read_but_no_longer_change(self):
        list_url = reverse("audits:conversation-list", args=[self.visit.pk])
        response = self.sign_in(self.auditor).get(list_url)
        self.assertContains(response, "Fine.")
        self.assertNotContains(response, "Record a conversation")
        urls = [
            reverse("audits:conversation-create", args=[self.visit.pk]),
            reverse("audits:conversation-edit", args=[self.visit.pk, self.conversation.pk]),
            reverse("audits:conversation-delete", args=[self.visit.pk, self.conversation.pk]),
        ]
        for url in urls:
            self.assert_status(["auditor", "co_auditor"], "get", url, 403)
            self.assert_status(["auditor", "co_auditor"], "post", url, 403)
        self.assertTrue(Conversation.objects.filter(pk=self.conversation.pk).exists())

    def test_it_still_hides_everything_from_the_host_at_the_accuracy_check(self):
        list_url = reverse("audits:conversation-list", args=[self.visit.pk])
        self.assert_status(["host_psw", "host_director", "host_ad"], "get", list_url, 404)


class ConversationAccessBeforeSiteTests(FieldworkAccess, VisitCastTestCase):
    visit_status = "sample_agreed"

    def test_it_refuses_to_record_a_conversation_before_the_team_is_on_site(self):
        url = reverse("audits:conversation-create", args=[self.visit.pk])
        self.assert_status(["auditor"], "get", url, 403)
        self.assertFalse(Conversation.objects.exists())
