"""Signing in with a council's account through a real OpenID Connect provider started here.

The test client plays the browser: it asks the service to start, the provider's sign-in form
is posted over HTTP, and the service then fetches the tokens from the provider itself.
"""

from urllib.parse import urlsplit

import pytest
import requests
from django.test import override_settings
from django.urls import reverse

from authorities.models import SecurityEvent
from tests.base import CastTestCase, authenticator_code
from tests.oidc import provider_settings, running_provider, set_person

LOGIN = "/accounts/oidc/dudley/login/"


@pytest.fixture(scope="class")
def provider(request):
    with running_provider() as url:
        request.cls.provider_url = url
        with override_settings(**provider_settings(url)):
            yield url


@pytest.mark.usefixtures("provider")
class CouncilSignInTests(CastTestCase):
    def sign_in_at_council(self, sub, **claims):
        """The person signs in at the council; returns the service's answer to the return."""
        set_person(self.provider_url, sub, **claims)
        start = self.client.post(LOGIN)
        self.assertEqual(start.status_code, 302)
        authorize = start["Location"]
        self.assertTrue(authorize.startswith(self.provider_url), authorize)
        answer = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=10)
        back = urlsplit(answer.headers["Location"])
        return self.client.get(f"{back.path}?{back.query}")

    def test_the_sign_in_page_offers_the_councils_account(self):
        self.assertContains(
            self.client.get(reverse("account_login")), "Sign in with Dudley Council"
        )

    def test_a_known_verified_person_signs_in_and_is_asked_for_their_own_code(self):
        response = self.sign_in_at_council(
            "dudley-psw", email=self.auditor.email, email_verified=True, amr=["pwd"]
        )
        self.assertRedirects(response, reverse("mfa_authenticate"), fetch_redirect_response=False)
        done = self.client.post(reverse("mfa_authenticate"), {"code": authenticator_code()})
        self.assertRedirects(done, reverse("home"), fetch_redirect_response=False)
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)

    def test_it_trusts_the_councils_mfa_and_does_not_ask_again(self):
        response = self.sign_in_at_council(
            "dudley-psw", email=self.auditor.email, email_verified=True, amr=["pwd", "mfa"]
        )
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
        home = self.client.get(reverse("home"))
        self.assertContains(home, f"Welcome, {self.auditor.get_short_name()}")
        event = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SIGNED_IN).get()
        self.assertIn("MFA by the council", event.detail)

    def test_the_councils_mfa_stands_for_a_person_without_an_app(self):
        from allauth.mfa.models import Authenticator

        Authenticator.objects.filter(user=self.coordinator).delete()
        self.sign_in_at_council(
            "wm-coordinator", email=self.coordinator.email, email_verified=True, amr=["mfa"]
        )
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)

    def test_after_the_first_time_the_account_link_signs_them_in(self):
        claims = {"email": self.auditor.email, "email_verified": True, "amr": ["mfa"]}
        self.sign_in_at_council("dudley-psw", **claims)
        self.client.post(reverse("account_logout"))
        response = self.sign_in_at_council("dudley-psw", **claims)
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)

    def test_it_refuses_an_email_address_nobody_uses_and_creates_nobody(self):
        from authorities.models import User

        before = User.objects.count()
        response = self.sign_in_at_council(
            "stranger", email="stranger@dudley.gov.uk", email_verified=True, amr=["mfa"]
        )
        self.assertContains(response, "You cannot sign in with this account", status_code=403)
        self.assertContains(response, "Nobody signs in", status_code=403)
        self.assertEqual(User.objects.count(), before)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertTrue(SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SSO_REFUSED).exists())

    def test_it_refuses_an_email_address_the_council_has_not_verified(self):
        response = self.sign_in_at_council(
            "dudley-psw", email=self.auditor.email, email_verified=False, amr=["mfa"]
        )
        self.assertContains(response, "did not confirm", status_code=403)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_refuses_a_person_who_can_no_longer_sign_in(self):
        self.auditor.is_active = False
        self.auditor.save()
        response = self.sign_in_at_council(
            "dudley-psw", email=self.auditor.email, email_verified=True, amr=["mfa"]
        )
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(response.status_code, 403)
