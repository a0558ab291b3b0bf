"""Sessions end after 30 idle minutes (warned two minutes before) or 10 hours, and every way
of ending them ends every session of that person."""

from datetime import timedelta
from importlib import import_module

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from authorities.models import SecurityEvent
from tests.base import PASSWORD, CastTestCase


def live_sessions(person) -> int:
    return sum(
        1
        for session in Session.objects.filter(expire_date__gt=timezone.now())
        if session.get_decoded().get("_auth_user_id") == str(person.pk)
    )


class SessionTestCase(CastTestCase):
    def signed_in_client(self, person) -> Client:
        """A browser of its own, signed in the way a person does (usersessions tracks it)."""
        client = Client(REMOTE_ADDR="10.0.0.1")
        client.force_login(person)
        engine = import_module(settings.SESSION_ENGINE)
        session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.assertTrue(engine.SessionStore().exists(session_key))
        return client


class IdleTimeoutTests(SessionTestCase):
    def test_it_signs_out_after_30_idle_minutes_and_says_why(self):
        start = timezone.now()
        with freeze_time(start):
            client = self.signed_in_client(self.auditor)
        with freeze_time(start + timedelta(minutes=30, seconds=1)):
            response = client.get(reverse("home"), follow=True)
        self.assertContains(response, "had not used the service for 30 minutes")
        self.assertEqual(response.redirect_chain[-1][0], f"{reverse('account_login')}?next=/")
        event = SecurityEvent.objects.filter(user=self.auditor).first()
        self.assertEqual(event.kind, SecurityEvent.Kind.SESSION_IDLE)

    def test_it_keeps_a_person_who_is_active_signed_in(self):
        start = timezone.now()
        with freeze_time(start):
            client = self.signed_in_client(self.auditor)
        for minutes in (20, 40, 60):
            with freeze_time(start + timedelta(minutes=minutes)):
                self.assertEqual(client.get(reverse("home")).status_code, 200)

    def test_it_does_not_count_asking_how_long_is_left_as_activity(self):
        start = timezone.now()
        with freeze_time(start):
            client = self.signed_in_client(self.auditor)
        with freeze_time(start + timedelta(minutes=28)):
            status = client.get(reverse("session-status")).json()
        self.assertEqual(status, {"signed_in": True, "seconds_left": 120})
        with freeze_time(start + timedelta(minutes=31)):
            self.assertEqual(client.get(reverse("session-status")).json()["signed_in"], False)

    def test_it_keeps_the_session_when_the_person_chooses_to_stay_signed_in(self):
        start = timezone.now()
        with freeze_time(start):
            client = self.signed_in_client(self.auditor)
        with freeze_time(start + timedelta(minutes=29)):
            kept = client.post(reverse("session-keep-alive")).json()
        self.assertEqual(kept["seconds_left"], 30 * 60)
        with freeze_time(start + timedelta(minutes=50)):
            self.assertEqual(client.get(reverse("home")).status_code, 200)

    def test_it_puts_the_warning_on_every_signed_in_page(self):
        with freeze_time(timezone.now()):
            response = self.signed_in_client(self.auditor).get(reverse("home"))
        self.assertContains(response, 'id="timeout-warning"')
        self.assertContains(response, 'data-seconds-left="1800"')
        self.assertContains(response, 'data-warning-seconds="120"')
        self.assertContains(response, "/static/js/session-timeout.js")

    def test_it_refuses_to_keep_alive_a_session_that_has_ended(self):
        response = Client().post(reverse("session-keep-alive"))
        self.assertEqual(response.status_code, 302)


class AbsoluteLimitTests(SessionTestCase):
    def test_it_signs_out_after_10_hours_however_active(self):
        start = timezone.now()
        with freeze_time(start):
            client = self.signed_in_client(self.auditor)
        for minutes in range(25, 10 * 60, 25):  # busy all day, never idle for 30 minutes
            with freeze_time(start + timedelta(minutes=minutes)):
                self.assertEqual(client.get(reverse("home")).status_code, 200)
        with freeze_time(start + timedelta(hours=10, seconds=1)):
            response = client.get(reverse("home"), follow=True)
        self.assertContains(response, "signed in more than 10 hours ago")
        self.assertEqual(
            SecurityEvent.objects.filter(user=self.auditor).first().kind,
            SecurityEvent.Kind.SESSION_LIMIT,
        )


class EndingEverySessionTests(SessionTestCase):
    def two_devices(self, person):
        laptop, phone = self.signed_in_client(person), self.signed_in_client(person)
        self.assertEqual(UserSession.objects.filter(user=person).count(), 2)
        self.assertEqual(live_sessions(person), 2)
        return laptop, phone

    def assert_signed_out(self, client):
        response = client.get(reverse("home"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("account_login")))

    def test_signing_out_on_one_device_signs_out_everywhere(self):
        laptop, phone = self.two_devices(self.auditor)
        laptop.post(reverse("account_logout"))
        self.assert_signed_out(laptop)
        self.assert_signed_out(phone)
        self.assertEqual(live_sessions(self.auditor), 0)

    def test_stopping_someone_signing_in_ends_their_sessions(self):
        _laptop, phone = self.two_devices(self.auditor)
        coordinator = self.signed_in_client(self.coordinator)
        data = {
            "full_name": self.auditor.full_name,
            "email": self.auditor.email,
            "job_title": "",
            "role": "psw",
            "home_authority": self.dudley.pk,
        }  # "is_active" left unticked
        response = coordinator.post(
            reverse("authorities:person-edit", args=[self.auditor.pk]), data
        )
        self.assertRedirects(response, reverse("authorities:person-list"))
        self.assertEqual(live_sessions(self.auditor), 0)
        self.assert_signed_out(phone)
        event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.DEACTIVATED)
        self.assertEqual((event.user, event.actor), (self.auditor, self.coordinator))

    def test_changing_the_password_ends_every_session(self):
        laptop, phone = self.two_devices(self.auditor)
        response = laptop.post(
            reverse("account_change_password"),
            {
                "oldpassword": PASSWORD,
                "password1": "marble kettle orchard velvet",
                "password2": "marble kettle orchard velvet",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(live_sessions(self.auditor), 0)
        self.assert_signed_out(phone)
        self.assert_signed_out(laptop)
        self.assertTrue(
            SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PASSWORD_CHANGED).exists()
        )

    def test_resetting_mfa_ends_every_session(self):
        laptop, phone = self.two_devices(self.auditor)
        coordinator = self.signed_in_client(self.coordinator)
        coordinator.post(reverse("authorities:person-reset-mfa", args=[self.auditor.pk]))
        self.assertEqual(live_sessions(self.auditor), 0)
        self.assert_signed_out(laptop)
        self.assert_signed_out(phone)


class MoreWaysOfEndingSessionsTests(SessionTestCase):
    def test_a_password_reset_from_the_e_mail_link_ends_every_session(self):
        import re

        from django.core import mail

        laptop = self.signed_in_client(self.auditor)
        self.client.post(reverse("account_reset_password"), {"email": self.auditor.email})
        link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", mail.outbox[-1].body)
        form_page = self.client.get(link.group(1), follow=True)
        new = "marble kettle orchard velvet"
        self.client.post(form_page.redirect_chain[-1][0], {"password1": new, "password2": new})
        self.auditor.refresh_from_db()
        self.assertTrue(self.auditor.check_password(new))
        self.assertEqual(live_sessions(self.auditor), 0)
        self.assertEqual(laptop.get(reverse("home")).status_code, 302)
        self.assertTrue(
            SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PASSWORD_RESET).exists()
        )

    def test_removing_the_authenticator_app_ends_the_other_sessions(self):
        laptop, phone = self.signed_in_client(self.auditor), self.signed_in_client(self.auditor)
        with self.captureOnCommitCallbacks(execute=True):
            laptop.post(reverse("mfa_deactivate_totp"))
        self.assertEqual(phone.get(reverse("home")).status_code, 302)
        self.assertEqual(live_sessions(self.auditor), 1)

    def test_it_lists_where_the_person_is_signed_in(self):
        laptop = self.signed_in_client(self.auditor)
        self.signed_in_client(self.auditor)
        page = laptop.get(reverse("usersessions_list"))
        self.assertContains(page, "Where you are signed in")
        self.assertContains(page, '<strong class="govuk-tag">This device</strong>', count=1)
        self.assertContains(page, "Sign out everywhere else")

    def test_an_idle_laptop_does_not_sign_the_person_out_of_their_phone(self):
        start = timezone.now()
        with freeze_time(start):
            laptop, phone = self.signed_in_client(self.auditor), self.signed_in_client(self.auditor)
        with freeze_time(start + timedelta(minutes=20)):
            phone.get(reverse("home"))
        with freeze_time(start + timedelta(minutes=31)):
            self.assertEqual(laptop.get(reverse("home")).status_code, 302)
            self.assertEqual(phone.get(reverse("home")).status_code, 200)
