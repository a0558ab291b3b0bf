"""Personal tokens: made after the password is confirmed, shown once, kept only as a digest,
refused at once when revoked, expired, wrong or their person has left."""

import hashlib
from datetime import timedelta

from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from api.models import ApiCall, PersonalToken
from api.tokens import make_token
from tests.api.support import ApiCastTestCase
from tests.authorities.test_reauthentication import AsksAgainMixin


class MakingATokenTests(AsksAgainMixin, ApiCastTestCase):
    def make(self, person, **data):
        self.sign_in(person)
        return self.client.post(
            reverse("api:token-create"), {"name": "Power BI", "days": "30", **data}
        )

    def test_it_asks_for_the_password_again_before_making_one(self):
        self.assert_asks_again(reverse("api:token-create"), self.host_psw)
        self.assert_asks_again(
            reverse("api:token-create"), self.host_psw, "post", {"name": "X", "days": "30"}
        )
        self.assertFalse(PersonalToken.objects.exists())

    def test_it_shows_the_token_once_and_keeps_only_its_digest(self):
        response = self.make(self.host_psw)
        secret = response.context["made"].secret
        self.assertContains(response, secret)
        self.assertTrue(secret.startswith("ap_") and len(secret) > 40)
        self.assertIn("no-store", response["Cache-Control"])
        token = PersonalToken.objects.get()
        self.assertEqual(token.digest, hashlib.sha256(secret.encode()).hexdigest())
        stored = [str(value) for value in PersonalToken.objects.values().get().values()]
        self.assertFalse(any(secret in value for value in stored))
        listing = self.client.get(reverse("api:token-list"))
        self.assertContains(listing, "Power BI")
        self.assertContains(listing, token.prefix)
        self.assertNotContains(listing, secret)

    def test_the_token_works_straight_away_as_its_person(self):
        secret = self.make(self.host_psw).context["made"].secret
        visits = self.call("/visits", secret).json()
        self.assertEqual([v["council"]["name"] for v in visits["items"]], ["Sandwell"])

    def test_it_lasts_30_days_unless_asked_and_never_more_than_90(self):
        self.make(self.host_psw, days="")
        self.assertEqual(PersonalToken.objects.count(), 0)
        self.make(self.host_psw)
        token = PersonalToken.objects.get()
        self.assertEqual((token.expires_at - token.created_at).days, 30)
        response = self.make(self.host_psw, days="91")
        self.assertContains(response, "A token can last at most 90 days: enter 90 or fewer")
        self.assertContains(response, 'value="Power BI"')  # nothing typed is lost
        self.assertEqual(PersonalToken.objects.count(), 1)

    def test_the_form_asks_for_a_name(self):
        response = self.make(self.host_psw, name="")
        self.assertContains(response, "Enter what the token is for")
        self.assertFalse(PersonalToken.objects.exists())

    def test_the_trail_records_the_token_but_never_its_secret(self):
        secret = self.make(self.host_psw).context["made"].secret
        token = PersonalToken.objects.get()
        self.client.post(reverse("api:token-revoke", args=[token.pk]))
        entries = LogEntry.objects.get_for_object(token)
        self.assertEqual(entries.count(), 2)  # made, revoked
        self.assertEqual({entry.actor for entry in entries}, {self.host_psw})
        for entry in entries:
            self.assertNotIn(secret, str(entry.changes))
            self.assertNotIn(token.digest, str(entry.changes))

    def test_the_account_page_links_to_the_tokens(self):
        self.sign_in(self.host_psw)
        self.assertContains(self.client.get(reverse("mfa_index")), reverse("api:token-list"))


class RefusedTokenTests(ApiCastTestCase):
    def assert_refused(self, secret, message):
        response = self.call("/visits", secret)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response["WWW-Authenticate"], "Bearer")
        self.assertIn(message, response.json()["detail"])
        self.assertNotIn("Sandwell", response.content.decode())

    def test_it_refuses_a_call_without_a_token(self):
        self.assert_refused(None, "Send your personal token in the Authorization header")

    def test_it_refuses_a_wrong_token(self):
        secret = self.token_of(self.host_psw)
        self.assert_refused(secret[:-1] + ("A" if secret[-1] != "A" else "B"), "not recognised")
        self.assert_refused("", "Send your personal token")

    def test_a_revoked_token_stops_at_once(self):
        secret = self.token_of(self.host_psw)
        self.assertEqual(self.call("/visits", secret).status_code, 200)
        token = PersonalToken.objects.get()
        self.sign_in(self.host_psw)
        self.client.post(reverse("api:token-revoke", args=[token.pk]))
        self.client.logout()
        self.assert_refused(secret, "This token has been revoked")

    def test_an_expired_token_is_refused(self):
        made = make_token(owner=self.host_psw, name="Excel", days=1)
        with freeze_time(timezone.now() + timedelta(days=1, seconds=1)):
            self.assert_refused(made.secret, "This token has expired")

    def test_a_token_of_someone_who_has_left_is_refused(self):
        secret = self.token_of(self.host_psw)
        self.host_psw.is_active = False
        self.host_psw.save()
        self.assert_refused(secret, "can no longer sign in")

    def test_a_session_is_not_a_token(self):
        self.sign_in(self.coordinator)
        self.assertEqual(self.call("/visits").status_code, 401)

    def test_it_records_when_a_token_was_last_used(self):
        secret = self.token_of(self.host_psw)
        self.assertIsNone(PersonalToken.objects.get().last_used_at)
        self.call("/visits", secret)
        self.assertIsNotNone(PersonalToken.objects.get().last_used_at)


class RevokingTests(ApiCastTestCase):
    def test_nobody_else_can_revoke_or_see_a_token(self):
        made = make_token(owner=self.host_psw, name="Quarterly dashboard")
        for person in [self.coordinator, self.host_director, self.outsider, self.platform_admin]:
            with self.subTest(person=person.email):
                self.sign_in(person)
                url = reverse("api:token-revoke", args=[made.token.pk])
                self.assertEqual(self.client.get(url).status_code, 404)
                self.assertEqual(self.client.post(url).status_code, 404)
                self.assertNotContains(
                    self.client.get(reverse("api:token-list")), "Quarterly dashboard"
                )
        self.assertTrue(PersonalToken.objects.get().is_live)

    def test_a_revoked_token_cannot_be_revoked_again(self):
        made = make_token(owner=self.host_psw, name="Excel")
        self.sign_in(self.host_psw)
        url = reverse("api:token-revoke", args=[made.token.pk])
        self.assertRedirects(self.client.post(url), reverse("api:token-list"))
        self.assertEqual(self.client.post(url).status_code, 403)

    def test_the_tokens_page_shows_the_persons_own_calls(self):
        secret = self.token_of(self.host_psw)
        self.call("/reports", secret)
        self.call("/visits", self.token_of(self.coordinator))
        self.sign_in(self.host_psw)
        page = self.client.get(reverse("api:token-list"))
        self.assertContains(page, "/api/v1/reports")
        self.assertNotContains(page, "/api/v1/visits")
        self.assertEqual(ApiCall.objects.count(), 2)
