"""The security events page: the coordinator reads their region's people, the platform
administrator everyone; nobody else; with filters and pages."""

from datetime import timedelta

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from authorities.models import SecurityEvent
from authorities.security import record
from tests.base import CastTestCase, R, make_person

Kind = SecurityEvent.Kind
URL = reverse("authorities:security-event-list")


class SecurityEventPageTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        record(Kind.SIGNED_IN, user=cls.auditor, detail="password")
        record(Kind.SIGN_IN_FAILED, email=cls.host_psw.email)
        record(Kind.SIGN_IN_FAILED, email="stranger@nowhere.test")
        record(Kind.MFA_RESET, user=cls.other_coordinator, actor=cls.platform_admin)

    def test_it_shows_the_coordinator_their_regions_people_only(self):
        response = self.sign_in(self.coordinator).get(URL)
        self.assertContains(response, self.auditor.email)
        self.assertContains(response, self.host_psw.email)
        self.assertNotContains(response, self.other_coordinator.email)
        self.assertNotContains(response, "Unknown address")

    def test_it_shows_the_platform_administrator_everyone_and_unknown_addresses(self):
        response = self.sign_in(self.platform_admin).get(URL)
        self.assertContains(response, self.other_coordinator.email)
        self.assertContains(response, "Unknown address (reference ")
        self.assertNotContains(response, "stranger@nowhere.test")

    def test_it_refuses_every_other_role(self):
        for person in [self.auditor, self.host_director, self.tool_owner, self.peer]:
            with self.subTest(role=person.role):
                self.assertEqual(self.sign_in(person).get(URL).status_code, 403)

    def test_it_sends_a_visitor_to_sign_in(self):
        response = self.client.get(URL)
        self.assertTrue(response["Location"].startswith(reverse("account_login")))

    def test_another_regions_coordinator_sees_none_of_ours(self):
        response = self.sign_in(self.other_coordinator).get(URL)
        self.assertNotContains(response, self.auditor.email)
        self.assertContains(response, "Authenticator reset by the coordinator")

    def test_it_filters_by_kind_person_and_date(self):
        client = self.sign_in(self.coordinator)
        failed = client.get(URL, {"kind": Kind.SIGN_IN_FAILED})
        self.assertContains(failed, self.host_psw.email)
        self.assertNotContains(failed, self.auditor.email)
        by_name = client.get(URL, {"person": "dudley"})
        self.assertContains(by_name, self.auditor.email)
        self.assertNotContains(by_name, self.host_psw.email)
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        self.assertContains(client.get(URL, {"since": tomorrow}), "No events match")

    def test_it_says_what_is_wrong_with_the_dates_and_keeps_them(self):
        response = self.sign_in(self.coordinator).get(
            URL, {"since": "2026-05-02", "until": "2026-05-01"}
        )
        self.assertContains(response, "There is a problem")
        self.assertContains(response, "must be the same as or after")
        self.assertContains(response, 'value="2026-05-01"')

    def test_it_pages_fifty_at_a_time_newest_first(self):
        for _ in range(60):
            record(Kind.SIGNED_IN, user=self.auditor, detail="password")
        client = self.sign_in(self.coordinator)
        first = client.get(URL, {"kind": Kind.SIGNED_IN})
        self.assertEqual(len(first.context["page"]), 50)
        self.assertContains(first, "page 1 of 2")
        second = client.get(URL, {"kind": Kind.SIGNED_IN, "page": 2})
        self.assertEqual(len(second.context["page"]), 11)
        self.assertContains(first, "kind=signed_in&amp;page=2")


class MFAResetTests(CastTestCase):
    def reset_url(self, person):
        return reverse("authorities:person-reset-mfa", args=[person.pk])

    def test_the_coordinator_resets_a_persons_authenticator(self):
        from allauth.mfa.models import Authenticator

        client = self.sign_in(self.coordinator)
        self.assertContains(client.get(reverse("authorities:person-list")), "Reset authenticator")
        page = client.get(self.reset_url(self.auditor))
        self.assertContains(page, "stop working at once")
        response = client.post(self.reset_url(self.auditor))
        self.assertRedirects(response, reverse("authorities:person-list"))
        self.assertFalse(Authenticator.objects.filter(user=self.auditor).exists())
        event = SecurityEvent.objects.get(kind=Kind.MFA_RESET)
        self.assertEqual((event.user, event.actor), (self.auditor, self.coordinator))

    def test_nobody_else_resets_anyone(self):
        cases = [
            (self.auditor, self.co_auditor, 404),  # a PSW sees only themselves
            (self.auditor, self.auditor, 403),  # and cannot reset their own
            (self.other_coordinator, self.auditor, 404),  # another region
            (self.coordinator, self.platform_admin, 404),  # beyond the region
        ]
        for actor, person, status in cases:
            with self.subTest(actor=actor.email, person=person.email):
                response = self.sign_in(actor).post(self.reset_url(person))
                self.assertEqual(response.status_code, status)
        self.assertFalse(SecurityEvent.objects.filter(kind=Kind.MFA_RESET).exists())

    def test_a_visitor_is_sent_to_sign_in(self):
        response = self.client.post(self.reset_url(self.auditor))
        self.assertTrue(response["Location"].startswith(reverse("account_login")))


class AdminSiteTests(CastTestCase):
    def test_it_opens_to_a_platform_administrator_who_passed_mfa(self):
        self.platform_admin.is_staff = True
        self.platform_admin.is_superuser = True
        self.platform_admin.save()
        self.assertEqual(self.sign_in(self.platform_admin).get("/django-admin/").status_code, 200)

    @override_settings(AUDITPORTAL_MFA_FOR_EVERYONE=False)
    def test_it_stays_shut_to_staff_whose_session_passed_no_second_factor(self):
        staff = make_person(
            "staff@wm.test", R.PSW, self.dudley, mfa=False, is_staff=True, is_superuser=True
        )
        client = self.sign_in(staff)
        self.assertEqual(client.get(reverse("home")).status_code, 200)  # no MFA needed there
        response = client.get("/django-admin/authorities/user/", follow=True)
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "signed in with their authenticator app", status_code=403)


class RetentionTests(CastTestCase):
    def test_the_privacy_notice_says_what_is_kept_and_for_how_long(self):
        response = self.client.get(reverse("privacy"))
        self.assertContains(response, "What we hold about signing in")
        self.assertContains(
            response, "Security events and records of refused pages are kept for 365 days"
        )
        self.assertContains(response, "We never keep a password")

    @override_settings(AUDITPORTAL_SECURITY_EVENT_DAYS=365)
    def test_events_older_than_the_kept_period_are_deleted(self):
        from io import StringIO

        from django.core.management import call_command
        from django.utils import timezone

        old = record(Kind.SIGNED_IN, user=self.auditor)
        SecurityEvent.objects.filter(pk=old.pk).update(
            occurred_at=timezone.now() - timedelta(days=366)
        )
        recent = record(Kind.SIGNED_IN, user=self.auditor)
        out = StringIO()
        call_command("prune_security_events", stdout=out)
        self.assertIn("Deleted 1 security event(s) older than 365 days", out.getvalue())
        self.assertEqual(list(SecurityEvent.objects.filter(user=self.auditor)), [recent])
