"""What allauth and Django report about signing in, kept as security events (security.py)."""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from . import security
from .mfa import has_second_factor, provider_did_mfa

Kind = security.Kind
TOTP, RECOVERY = Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES


@receiver(auth_signals.user_logged_in, dispatch_uid="auditportal-session-start")
def stamp_session(sender, request, user, **kwargs):
    # allauth asks everyone with an authenticator for a code before this point.
    security.start_session(request, mfa_done="authenticator" if has_second_factor(user) else None)
    security.list_session(request, user)


@receiver(account_signals.user_logged_in, dispatch_uid="auditportal-signed-in")
def signed_in(sender, request, user, sociallogin=None, **kwargs):
    how = "password"
    if sociallogin is not None:
        how = f"council account ({sociallogin.provider.name})"
        if provider_did_mfa(sociallogin):
            request.session[security.MFA_DONE] = (
                request.session.get(security.MFA_DONE) or "provider"
            )
            how += ", MFA by the council"
    security.record(Kind.SIGNED_IN, request=request, user=user, detail=how)


@receiver(auth_signals.user_login_failed, dispatch_uid="auditportal-sign-in-failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    email = credentials.get("email") or credentials.get("username") or ""
    security.record(Kind.SIGN_IN_FAILED, request=request, email=email)


@receiver(auth_signals.user_logged_out, dispatch_uid="auditportal-signed-out")
def signed_out(sender, request, user, **kwargs):
    if user is None:
        return
    kind = getattr(request, security.LOGOUT_REASON, Kind.SIGNED_OUT)
    ended = 0
    if kind == Kind.SIGNED_OUT:
        # Signing out anywhere signs the person out everywhere; a timeout ends one session.
        ended = security.end_sessions(user, except_key=request.session.session_key)
    detail = f"{ended} other session(s) ended" if ended else ""
    security.record(kind, request=request, user=user, detail=detail)


@receiver(account_signals.password_changed, dispatch_uid="auditportal-password-changed")
@receiver(account_signals.password_set, dispatch_uid="auditportal-password-set")
def password_changed(sender, request, user, **kwargs):
    ended = security.end_sessions(user, except_key=request.session.session_key)
    security.record(
        Kind.PASSWORD_CHANGED, request=request, user=user, detail=f"{ended} other session(s) ended"
    )


@receiver(account_signals.password_reset, dispatch_uid="auditportal-password-reset")
def password_reset(sender, request, user, **kwargs):
    ended = security.end_sessions(user)
    security.record(
        Kind.PASSWORD_RESET, request=request, user=user, detail=f"{ended} session(s) ended"
    )


@receiver(account_signals.authentication_step_completed, dispatch_uid="auditportal-reauth")
def reauthenticated(sender, request, user, method, **kwargs):
    if kwargs.get("reauthenticated"):
        security.record(Kind.REAUTHENTICATED, request=request, user=user, detail=method)


@receiver(mfa_signals.authenticator_added, dispatch_uid="auditportal-mfa-added")
def authenticator_added(sender, request, user, authenticator, **kwargs):
    if authenticator.type == RECOVERY:
        return  # made with the app, and said so in the app's event
    request.session[security.MFA_DONE] = "authenticator"
    security.record(Kind.MFA_ADDED, request=request, user=user, detail=authenticator.type)


@receiver(mfa_signals.authenticator_removed, dispatch_uid="auditportal-mfa-removed")
def authenticator_removed(sender, request, user, authenticator, **kwargs):
    if authenticator.type == RECOVERY:
        return
    if not has_second_factor(user):
        request.session.pop(security.MFA_DONE, None)
    ended = security.end_sessions(user, except_key=request.session.session_key)
    security.record(
        Kind.MFA_REMOVED,
        request=request,
        user=user,
        detail=f"{authenticator.type}; {ended} other session(s) ended",
    )


@receiver(mfa_signals.authenticator_reset, dispatch_uid="auditportal-mfa-reset")
def recovery_codes_made(sender, request, user, authenticator, **kwargs):
    security.record(Kind.RECOVERY_CODES_MADE, request=request, user=user)


@receiver(mfa_signals.authenticator_used, dispatch_uid="auditportal-mfa-used")
def authenticator_used(sender, request, user, authenticator, **kwargs):
    if authenticator.type == RECOVERY:
        security.record(Kind.RECOVERY_CODE_USED, request=request, user=user)


@receiver(mfa_signals.authentication_failed, dispatch_uid="auditportal-mfa-failed")
def mfa_failed(sender, request, user, authenticator=None, **kwargs):
    security.record(Kind.MFA_FAILED, request=request, user=user)
