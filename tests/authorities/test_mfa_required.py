"""MFA is required by role from the first sign-in, on every page but setting it up."""

import pytest
from django.test import override_settings
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from authorities.models import User
from tests.base import PASSWORD, CastTestCase, authenticator_code, make_person
from tests.test_url_access import PUBLIC, ROUTES

# Pages a person without MFA may still open (auditportal.middleware.MFA_SET_UP_PAGES).
SET_UP = {
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
    "account_reauthenticate",
    "account_logout",
    "accessibility",
    "privacy",
    "session-status",
    "session-keep-alive",
}


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name"), ROUTES)
@override_settings(AUDITPORTAL_MFA_FOR_EVERYONE=False)
def test_it_sends_a_coordinator_without_mfa_to_set_it_up_from_every_page(client, path, name):
    if name in SET_UP or name in PUBLIC:
        pytest.skip("set-up, sign-out, statements and sign-in pages stay open")
    from authorities.models import Region

    region = Region.objects.create(name="West Midlands", slug="west-midlands")
    newcomer = make_person(
        "new.coordinator@wm.test", User.Role.COORDINATOR, region=region, mfa=False
    )
    client.force_login(newcomer)
    assertRedirects(
        client.get(path),
        reverse("mfa_activate_totp"),
        fetch_redirect_response=False,
        msg_prefix=f"{path} ({name})",
    )


class RoleTests(CastTestCase):
    def newcomer(self, role, **where):
        return make_person(f"new.{role}@wm.test", role, mfa=False, **where)

    @override_settings(AUDITPORTAL_MFA_FOR_EVERYONE=False)
    def test_it_requires_mfa_of_coordinators_tool_owners_and_platform_admins(self):
        for role in [User.Role.COORDINATOR, User.Role.TOOL_OWNER, User.Role.PLATFORM_ADMIN]:
            with self.subTest(role=role):
                region = None if role == User.Role.PLATFORM_ADMIN else self.region
                self.client.force_login(self.newcomer(role, region=region))
                self.assertRedirects(
                    self.client.get(reverse("home")),
                    reverse("mfa_activate_totp"),
                    fetch_redirect_response=False,
                )

    @override_settings(AUDITPORTAL_MFA_FOR_EVERYONE=False)
    def test_it_lets_a_psw_in_without_mfa_when_not_required_for_everyone(self):
        self.client.force_login(self.newcomer(User.Role.PSW, council=self.dudley))
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)

    @override_settings(AUDITPORTAL_MFA_FOR_EVERYONE=True)
    def test_it_requires_mfa_of_every_role_when_set_for_everyone(self):
        self.client.force_login(self.newcomer(User.Role.PSW, council=self.dudley))
        self.assertRedirects(
            self.client.get(reverse("home")),
            reverse("mfa_activate_totp"),
            fetch_redirect_response=False,
        )


class FirstSignInTests(CastTestCase):
    """A new coordinator signs in, sets up an app, and needs its code from then on."""

    def test_it_makes_a_new_coordinator_set_up_an_app_then_asks_for_its_code(self):
        from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

        from authorities.mfa import current_code

        newcomer = make_person("ceri@wm.test", User.Role.COORDINATOR, region=self.region, mfa=False)
        response = self.client.post(
            reverse("account_login"), {"login": newcomer.email, "password": PASSWORD}
        )
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)
        response = self.client.get(reverse("home"))
        self.assertRedirects(response, reverse("mfa_activate_totp"))
        page = self.client.get(reverse("mfa_activate_totp"))
        self.assertContains(page, "Set up an authenticator app")
        secret = self.client.session[SECRET_SESSION_KEY]
        response = self.client.post(reverse("mfa_activate_totp"), {"code": "000000"})
        self.assertContains(response, "The code is not right")
        with self.captureOnCommitCallbacks(execute=True):  # allauth reports it on commit
            response = self.client.post(
                reverse("mfa_activate_totp"), {"code": current_code(secret)}
            )
        self.assertRedirects(response, reverse("mfa_view_recovery_codes"))
        home = self.client.get(reverse("home"))
        self.assertEqual(home.status_code, 200, home.get("Location"))

        self.client.post(reverse("account_logout"))
        response = self.client.post(
            reverse("account_login"), {"login": newcomer.email, "password": PASSWORD}
        )
        self.assertRedirects(response, reverse("mfa_authenticate"))
        self.assertEqual(self.client.get(reverse("home")).status_code, 302)


class CodeTests(CastTestCase):
    def sign_in_with_password(self, person=None):
        person = person or self.coordinator
        return self.client.post(
            reverse("account_login"), {"login": person.email, "password": PASSWORD}
        )

    def test_it_refuses_a_code_used_once_already(self):
        code = authenticator_code()
        self.sign_in_with_password()
        self.assertRedirects(
            self.client.post(reverse("mfa_authenticate"), {"code": code}), reverse("home")
        )
        self.client.post(reverse("account_logout"))
        self.sign_in_with_password()
        response = self.client.post(reverse("mfa_authenticate"), {"code": code})
        self.assertContains(response, "used already")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_takes_each_recovery_code_once(self):
        from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

        codes = RecoveryCodes.activate(self.coordinator).get_unused_codes()
        self.sign_in_with_password()
        self.assertRedirects(
            self.client.post(reverse("mfa_authenticate"), {"code": codes[0]}), reverse("home")
        )
        self.client.post(reverse("account_logout"))
        self.sign_in_with_password()
        response = self.client.post(reverse("mfa_authenticate"), {"code": codes[0]})
        self.assertContains(response, "The code is not right")
        self.assertRedirects(
            self.client.post(reverse("mfa_authenticate"), {"code": codes[1]}), reverse("home")
        )

    def test_it_refuses_even_the_right_code_after_five_wrong_ones(self):
        from django.utils import timezone
        from freezegun import freeze_time

        with freeze_time(timezone.now()):
            self.sign_in_with_password()
            for _ in range(5):
                self.client.post(reverse("mfa_authenticate"), {"code": "000000"})
            response = self.client.post(reverse("mfa_authenticate"), {"code": authenticator_code()})
        self.assertContains(response, "too many attempts")
        self.assertNotIn("_auth_user_id", self.client.session)
