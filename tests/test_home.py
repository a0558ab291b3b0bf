"""Each role lands on a home page that says what to do next."""

from django.urls import reverse

from authorities.models import User
from tests.base import CastTestCase, authenticator_code


class HomePageTests(CastTestCase):
    def test_it_shows_the_coordinator_their_region(self):
        response = self.sign_in(self.coordinator).get(reverse("home"))
        self.assertContains(response, "14 councils")
        self.assertContains(response, reverse("authorities:person-list"))

    def test_it_tells_the_platform_admin_they_see_no_audit_content(self):
        response = self.sign_in(self.platform_admin).get(reverse("home"))
        self.assertContains(response, "you do not see audit content")

    def test_it_greets_every_role_by_name(self):
        for person in [self.auditor, self.host_director, self.host_ad, self.peer, self.tool_owner]:
            with self.subTest(role=person.role):
                response = self.sign_in(person).get(reverse("home"))
                self.assertContains(response, f"Welcome, {person.get_short_name()}")
                self.assertContains(response, person.get_role_display())

    def test_it_hides_the_people_menu_from_everyone_but_coordinators(self):
        response = self.sign_in(self.auditor).get(reverse("home"))
        self.assertNotContains(response, reverse("authorities:person-list"))


class SignInTests(CastTestCase):
    def test_it_signs_in_with_an_email_address_and_a_code_from_the_app(self):
        response = self.client.post(
            reverse("account_login"),
            {"login": "COORDINATOR@wm.test", "password": "correct-horse-battery-staple"},
        )
        self.assertRedirects(response, reverse("mfa_authenticate"))
        response = self.client.post(reverse("mfa_authenticate"), {"code": authenticator_code()})
        self.assertRedirects(response, reverse("home"))

    def test_it_says_what_is_wrong_with_a_bad_password_and_keeps_the_email(self):
        response = self.client.post(
            reverse("account_login"), {"login": "coordinator@wm.test", "password": "wrong"}
        )
        self.assertContains(response, "There is a problem")
        self.assertContains(response, 'value="coordinator@wm.test"')

    def test_it_does_not_let_people_sign_themselves_up(self):
        response = self.client.post(
            reverse("account_signup"), {"email": "new@x.test", "password1": "a-long-password-9"}
        )
        self.assertFalse(User.objects.filter(email="new@x.test").exists())
        self.assertContains(response, "You cannot create an account here")
        self.assertContains(response, "Your region's coordinator adds the people")
        self.assertContains(response, "I have forgotten my password")

    def test_it_refuses_a_person_who_can_no_longer_sign_in(self):
        self.outsider.is_active = False
        self.outsider.save()
        response = self.client.post(
            reverse("account_login"),
            {"login": "psw@coventry.test", "password": "correct-horse-battery-staple"},
            follow=True,
        )
        self.assertContains(response, "You can no longer sign in")
        self.assertContains(response, "ask your region's coordinator")
        self.assertNotIn("_auth_user_id", self.client.session)


class ErrorPageTests(CastTestCase):
    def test_a_missing_page_leaks_nothing(self):
        response = self.sign_in(self.auditor).get("/councils/no-such-council/change/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Page not found", status_code=404)
        self.assertNotContains(response, "no-such-council", status_code=404)
        self.assertNotContains(response, "Traceback", status_code=404)
