import time

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
        """Signing in counts as confirming who you are for the next 15 minutes, as a second
        password does: allauth on its own asks again straight after signing in."""
        if self._authenticated_within_timeout():
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def _authenticated_within_timeout(self) -> bool:
        from django.conf import settings

        request = context.request
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated):
            return False
        records = get_authentication_records(request, user)
        timeout = settings.ACCOUNT_REAUTHENTICATION_TIMEOUT
        return bool(records) and time.time() - records[-1]["at"] < timeout
