"""Multi-factor sign-in: who must have it, and when a session counts as having passed it.

allauth.mfa asks for the code at sign-in from everyone who has an authenticator. What this
adds: the roles that must set one up (all of them when AUDITPORTAL_MFA_FOR_EVERYONE is on),
and trust in a council's own MFA when its ID token says it was done (``amr``).
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.stages import AuthenticateStage
from django.conf import settings

# RFC 8176 methods that are a second factor (or a key that is one on its own).
MFA_AMR_VALUES = {"mfa", "otp", "hwk", "swk", "sms", "fpt", "face", "iris", "retina", "sc"}
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
# The demo's authenticator secret: `manage.py demo_code EMAIL` prints its current code.
DEMO_TOTP_SECRET = "AUDITPORTALDEMOAUTHENTICATORCODE"  # noqa: S105 (demo data only)


def mfa_required(user) -> bool:
    if not (user and user.is_authenticated):
        return False
    return settings.AUDITPORTAL_MFA_FOR_EVERYONE or user.role in settings.AUDITPORTAL_MFA_ROLES


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


def set_up_since(user, signed_in_at: float | None) -> bool:
    """Whether this person set up an app or key after this session's sign-in."""
    if signed_in_at is None:
        return False
    since = datetime.fromtimestamp(signed_in_at, tz=UTC)
    return Authenticator.objects.filter(
        user_id=user.pk, type__in=SECOND_FACTORS, created_at__gte=since
    ).exists()


def id_token_claims(sociallogin) -> dict:
    data = getattr(getattr(sociallogin, "account", None), "extra_data", None) or {}
    return data.get("id_token") or {}


def provider_did_mfa(sociallogin) -> bool:
    """The council's ID token says a second factor was used (its ``amr`` claim)."""
    amr = id_token_claims(sociallogin).get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return any(str(method).lower() in MFA_AMR_VALUES for method in amr)


class TrustCouncilMFAStage(AuthenticateStage):
    """allauth's code prompt, skipped when the council's own sign-in already did MFA."""

    def _should_handle(self, request) -> bool:
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if sociallogin is not None and provider_did_mfa(sociallogin):
            return False
        return super()._should_handle(request)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "The code is not right, or it has been used already. Enter the "
        "6-digit code your authenticator app shows now, or one of your recovery codes.",
    }

    def get_totp_issuer(self) -> str:
        return settings.SERVICE_NAME


def activate_demo_totp(user) -> Authenticator:
    """The demo's authenticator for one person (idempotent); never the live service's way."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.utils import encrypt

    totp, _ = Authenticator.objects.get_or_create(
        user=user,
        type=Authenticator.Type.TOTP,
        defaults={"data": {"secret": encrypt(DEMO_TOTP_SECRET)}},
    )
    RecoveryCodes.activate(user)
    return totp


def current_code(secret: str, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows for ``secret`` at ``at`` (now)."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    base64.b32decode(secret, casefold=True)  # a clear error for a secret that is not base32
    moment = time.time() if at is None else at
    return format_hotp_value(hotp_value(secret, int(moment) // 30))
