"""The sign-in throttle: five failures for one e-mail address in five minutes, then refusal,
counted in the shared cache, with the same words whether anyone uses the address or not."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from authorities.models import SecurityEvent
from tests.base import PASSWORD, CastTestCase

REFUSED = "too many attempts to sign in with this e-mail address"
WRONG = "The e-mail address or the password is not right"


class ThrottleTests(CastTestCase):
    def attempt(self, email, password="not-the-password-at-all", address="10.1.2.3"):  # noqa: S107
        return self.client.post(
            reverse("account_login"),
            {"login": email, "password": password},
            REMOTE_ADDR=address,
        )

    def test_it_refuses_the_sixth_failure_for_one_account_in_five_minutes(self):
        with freeze_time(timezone.now()):
            for _ in range(5):
                self.assertContains(self.attempt(self.auditor.email), WRONG)
            response = self.attempt(self.auditor.email)
        self.assertContains(response, REFUSED)
        self.assertNotContains(response, WRONG)

    def test_it_refuses_even_the_right_password_once_throttled(self):
        with freeze_time(timezone.now()):
            for _ in range(5):
                self.attempt(self.auditor.email)
            response = self.attempt(self.auditor.email, password=PASSWORD)
        self.assertContains(response, REFUSED)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_says_the_same_for_an_address_nobody_uses(self):
        with freeze_time(timezone.now()):
            known = [self.attempt(self.auditor.email).content for _ in range(6)]
            unknown = [self.attempt("nobody@nowhere.test").content for _ in range(6)]
        self.assertIn(REFUSED.encode(), known[-1])
        self.assertIn(REFUSED.encode(), unknown[-1])
        refusal = lambda page: page.split(b"govuk-error-summary__list")[1][:400]  # noqa: E731
        self.assertEqual(
            refusal(known[-1]).replace(self.auditor.email.encode(), b"EMAIL"),
            refusal(unknown[-1]).replace(b"nobody@nowhere.test", b"EMAIL"),
        )

    def test_it_does_not_refuse_a_colleague_at_the_same_address(self):
        with freeze_time(timezone.now()):
            for _ in range(6):
                self.attempt(self.auditor.email)
            response = self.attempt(self.co_auditor.email, password=PASSWORD)
        self.assertRedirects(response, reverse("mfa_authenticate"))

    def test_it_lets_a_whole_council_office_fail_once_each(self):
        """Forty colleagues behind one address each mistype once; none is refused."""
        with freeze_time(timezone.now()):
            responses = [self.attempt(f"colleague{n}@dudley.test") for n in range(40)]
        self.assertTrue(all(WRONG.encode() in r.content for r in responses))

    def test_it_lets_the_account_try_again_after_five_minutes(self):
        start = timezone.now()
        with freeze_time(start):
            for _ in range(6):
                self.attempt(self.auditor.email)
        with freeze_time(start + timedelta(minutes=5, seconds=1)):
            response = self.attempt(self.auditor.email, password=PASSWORD)
        self.assertRedirects(response, reverse("mfa_authenticate"))

    def test_it_records_failures_and_the_refusal_without_the_password(self):
        with freeze_time(timezone.now()):
            for _ in range(6):
                self.attempt(self.auditor.email, password="secret-guess-123456")
        events = SecurityEvent.objects.filter(user=self.auditor)
        self.assertEqual(events.filter(kind=SecurityEvent.Kind.SIGN_IN_FAILED).count(), 5)
        throttled = events.get(kind=SecurityEvent.Kind.THROTTLED)
        self.assertEqual(throttled.address, "10.1.2.3")
        stored = " ".join(f"{e.detail} {e.email_hash}" for e in SecurityEvent.objects.all())
        self.assertNotIn("secret-guess", stored)

    def test_it_keeps_only_a_hash_of_an_unknown_address(self):
        self.attempt("nobody@nowhere.test")
        self.attempt("NOBODY@nowhere.test")
        events = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SIGN_IN_FAILED)
        self.assertEqual({e.user for e in events}, {None})
        self.assertEqual(len({e.email_hash for e in events}), 1)
        self.assertNotIn("nowhere", events[0].email_hash)
