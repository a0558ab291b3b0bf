import time
from datetime import UTC, datetime

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from django.core.exceptions import ValidationError

from . import security

MFA_STAGE = "allauth.mfa.stages.AuthenticateStage"


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs themselves up: coordinators add the people of their region."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "The e-mail address or the password is not right. "
        "Check both and try again.",
        # The same words whether or not anyone signs in with the address.
        "too_many_login_attempts": "There have been too many attempts to sign in with this "
        "e-mail address. Wait 5 minutes and try again, or choose “I have forgotten my "
        "password”.",
    }

    def is_open_for_signup(self, request):
        return False

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            security.record(
                security.Kind.THROTTLED, request=request, email=credentials.get("email", "")
            )
            raise

    def get_login_stages(self):
        stages = super().get_login_stages()
        return [
            "authorities.mfa.TrustCouncilMFAStage" if stage == MFA_STAGE else stage
            for stage in stages
        ]

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Setting up a first authenticator straight after signing in, and reading the
        recovery codes it comes with, need no second password: the sign-in was one.
        Changing an authenticator set up before this sign-in always asks."""
        if app == "allauth.mfa" and self._first_mfa_set_up_after_sign_in():
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def _first_mfa_set_up_after_sign_in(self) -> bool:
        from allauth.mfa.models import Authenticator
        from django.conf import settings

        request = context.request
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated):
            return False
        records = get_authentication_records(request, user)
        if not records:
            return False
        signed_in_at = records[-1]["at"]
        if time.time() - signed_in_at >= settings.ACCOUNT_REAUTHENTICATION_TIMEOUT:
            return False
        # Only what was set up since that sign-in (the app and the codes shown with it).
        older = Authenticator.objects.filter(
            user_id=user.pk, created_at__lt=datetime.fromtimestamp(signed_in_at, tz=UTC)
        )
        return not older.exists()
