"""The token pages, for every role: each person reaches their own tokens and nobody else's."""

from django.urls import reverse

from api.tokens import make_token
from tests.base import CastTestCase

ROLES = [
    "coordinator",
    "tool_owner",
    "auditor",
    "host_psw",
    "host_director",
    "host_ad",
    "peer",
    "outsider",
    "other_coordinator",
    "platform_admin",
]


class TokenPageAccessTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tokens = {
            role: make_token(owner=getattr(cls, role), name="Reports").token for role in ROLES
        }

    def test_every_role_reaches_its_own_token_pages(self):
        for role in ROLES:
            with self.subTest(role=role):
                self.sign_in(getattr(self, role))
                for url in [
                    reverse("api:token-list"),
                    reverse("api:token-create"),
                    reverse("api:token-revoke", args=[self.tokens[role].pk]),
                ]:
                    self.assertEqual(self.client.get(url).status_code, 200, url)

    def test_nobody_reaches_another_persons_token(self):
        for role in ROLES:
            others = [other for other in ROLES if other != role]
            with self.subTest(role=role):
                self.sign_in(getattr(self, role))
                for other in others:
                    url = reverse("api:token-revoke", args=[self.tokens[other].pk])
                    self.assertEqual(self.client.get(url).status_code, 404)
                    self.assertEqual(self.client.post(url).status_code, 404)

    def test_anonymous_visitors_are_sent_to_sign_in(self):
        for url in [
            reverse("api:token-list"),
            reverse("api:token-create"),
            reverse("api:token-revoke", args=[self.tokens["host_psw"].pk]),
            reverse("api:v1:openapi-json"),
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(reverse("account_login")))
