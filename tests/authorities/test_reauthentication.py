"""Re-authentication: issuing or correcting a report, the learning downloads, people and roles,
and MFA changes ask for the password again when it was last given over 15 minutes ago."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from authorities.models import SecurityEvent
from reports.models import CoveringReport, IssuedReport
from tests.base import PASSWORD, CastTestCase, authenticator_code
from tests.reports.support import KnownVisitTestCase, quick_render

LATER = timedelta(minutes=16)


def reauthenticate_url(path: str) -> str:
    return f"{reverse('account_reauthenticate')}?next={path.replace('/', '%2F')}"


class AsksAgainMixin:
    def sign_in_then_wait(self, person, minutes_later=LATER):
        """Signed in now; returns the moment the password is 16 minutes old."""
        self.start = timezone.now()
        with freeze_time(self.start):
            self.sign_in(person)
        return self.start + minutes_later

    def assert_asks_again(self, path, person, method="get", data=None):
        later = self.sign_in_then_wait(person)
        with freeze_time(later):
            response = getattr(self.client, method)(path, data or {})
        self.assertRedirects(response, reauthenticate_url(path), fetch_redirect_response=False)
        return later


class PeopleAndMFATests(AsksAgainMixin, CastTestCase):
    def test_it_asks_again_before_adding_or_changing_people(self):
        for path in [
            reverse("authorities:person-create"),
            reverse("authorities:person-edit", args=[self.auditor.pk]),
            reverse("authorities:person-reset-mfa", args=[self.auditor.pk]),
        ]:
            with self.subTest(path=path):
                self.assert_asks_again(path, self.coordinator)

    def test_it_asks_again_before_removing_the_app_or_making_new_codes(self):
        for path in [reverse("mfa_deactivate_totp"), reverse("mfa_generate_recovery_codes")]:
            with self.subTest(path=path):
                self.assert_asks_again(path, self.coordinator)

    def test_it_does_not_ask_within_15_minutes(self):
        later = self.sign_in_then_wait(self.coordinator, timedelta(minutes=14))
        with freeze_time(later):
            response = self.client.get(reverse("authorities:person-create"))
        self.assertEqual(response.status_code, 200)

    def test_the_password_lets_the_change_through_and_is_recorded(self):
        path = reverse("authorities:person-create")
        later = self.assert_asks_again(path, self.coordinator)
        with freeze_time(later):
            wrong = self.client.post(reauthenticate_url(path), {"password": "not-it-at-all"})
            self.assertContains(wrong, "There is a problem")
            response = self.client.post(reauthenticate_url(path), {"password": PASSWORD})
            self.assertRedirects(response, path, fetch_redirect_response=False)
            self.assertEqual(self.client.get(path).status_code, 200)
        self.assertTrue(
            SecurityEvent.objects.filter(
                kind=SecurityEvent.Kind.REAUTHENTICATED, user=self.coordinator
            ).exists()
        )

    def test_a_code_from_the_app_will_do_instead_of_the_password(self):
        path = reverse("authorities:person-create")
        later = self.assert_asks_again(path, self.coordinator)
        with freeze_time(later):
            url = f"{reverse('mfa_reauthenticate')}?next={path}"
            response = self.client.post(url, {"code": authenticator_code()})
            self.assertRedirects(response, path, fetch_redirect_response=False)


class LearningDownloadTests(AsksAgainMixin, CastTestCase):
    def test_it_asks_again_before_each_learning_download(self):
        for path in [
            reverse("learning:export-csv"),
            reverse("learning:export-xlsx"),
            reverse("learning:summary-pdf", args=[2025]),
            reverse("learning:summary-docx", args=[2025]),
        ]:
            with self.subTest(path=path):
                self.assert_asks_again(path, self.coordinator)


class ReportTests(AsksAgainMixin, KnownVisitTestCase):
    def test_it_asks_again_before_the_issue_and_correct_pages(self):
        for name in ["reports:report-issue", "reports:report-correct"]:
            with self.subTest(name=name):
                self.assert_asks_again(reverse(name, args=[self.visit.pk]), self.coordinator)

    def test_issuing_goes_ahead_after_the_password_without_pressing_issue_again(self):
        """The POST that was interrupted is carried out once the password is given."""
        self.sign_in(self.auditor).post(reverse("reports:report-send", args=[self.visit.pk]))
        path = reverse("reports:report-issue", args=[self.visit.pk])
        version = CoveringReport.objects.get(pk=self.report.pk).version
        later = self.assert_asks_again(path, self.coordinator, "post", {"version": version})
        self.assertFalse(IssuedReport.objects.exists())
        with freeze_time(later), quick_render():
            response = self.client.post(reauthenticate_url(path), {"password": PASSWORD})
        self.assertRedirects(
            response,
            reverse("reports:report-detail", args=[self.visit.pk]),
            fetch_redirect_response=False,
        )
        self.assertEqual(IssuedReport.objects.get().version, 1)
