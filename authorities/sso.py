"""Signing in with a council's own account (OpenID Connect, e.g. Microsoft Entra ID).

Nobody is created this way. The first time, the council's account is linked to the person
whose e-mail address it carries, and only when the council says the address is verified;
after that the link (the provider's subject identifier) is what signs them in.
"""

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render

from . import security
from .mfa import id_token_claims
from .models import User


def verified_email(sociallogin) -> str:
    """The e-mail address the council vouches for, or "" when it does not."""
    app_settings = sociallogin.provider.app.settings or {}
    claim = app_settings.get("verified_email_claim", "email_verified")
    claims = {
        **(sociallogin.account.extra_data.get("userinfo") or {}),
        **id_token_claims(sociallogin),
    }
    email = (claims.get("email") or "").strip().lower()
    vouched = claims.get(claim)
    if isinstance(vouched, str):
        vouched = vouched.strip().lower() == "true"
    return email if email and vouched is True else ""


REFUSAL_REASONS = {
    "unverified": "e-mail address not verified",
    "unknown": "nobody uses this e-mail address",
}


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return False

    def pre_social_login(self, request, sociallogin):
        if sociallogin.is_existing:
            return
        provider = sociallogin.provider.name
        email = verified_email(sociallogin)
        if not email:
            self._refuse(request, sociallogin, "unverified", provider=provider)
        person = User.objects.filter(email__iexact=email, is_active=True).first()
        if person is None:
            self._refuse(request, sociallogin, "unknown", provider=provider, email=email)
        sociallogin.connect(request, person)

    def _refuse(self, request, sociallogin, reason, *, provider, email=""):
        security.record(
            security.Kind.SSO_REFUSED,
            request=request,
            email=email or (id_token_claims(sociallogin).get("email") or ""),
            detail=f"{provider}: {REFUSAL_REASONS[reason]}",
        )
        response = render(
            request,
            "account/council_sign_in_refused.html",
            {"reason": reason, "provider": provider, "email": email},
            status=403,
        )
        raise ImmediateHttpResponse(response)
