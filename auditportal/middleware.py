"""Session limits and the MFA requirement, applied to every request in one place."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect

from authorities import security
from authorities.mfa import has_second_factor, mfa_required, set_up_since

# Asking how long is left must not count as activity, or the warning would keep itself alive.
NOT_ACTIVITY = {"session-status"}
# Rewriting the session on every request costs a write; a minute's accuracy is enough.
REFRESH_AFTER_SECONDS = 60


class SessionLimitsMiddleware:
    """Signs a person out after 30 idle minutes or 10 hours, whichever comes first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._apply_limits(request)
        return self.get_response(request)

    def _apply_limits(self, request):
        session, now = request.session, time.time()
        signed_in_at = session.get(security.SIGNED_IN_AT)
        last_seen_at = session.get(security.LAST_SEEN_AT)
        if signed_in_at is None or last_seen_at is None:
            security.start_session(request, mfa_done=session.get(security.MFA_DONE))
            return
        if now - signed_in_at >= settings.AUDITPORTAL_SESSION_ABSOLUTE_SECONDS:
            self._end(
                request,
                security.Kind.SESSION_LIMIT,
                "You have been signed out because "
                "you signed in more than 10 hours ago. Sign in again to carry on.",
            )
        elif now - last_seen_at >= settings.AUDITPORTAL_SESSION_IDLE_SECONDS:
            self._end(
                request,
                security.Kind.SESSION_IDLE,
                "You have been signed out because "
                "you had not used the service for 30 minutes. Sign in again to carry on.",
            )
        elif now - last_seen_at >= REFRESH_AFTER_SECONDS and not self._is_status(request):
            session[security.LAST_SEEN_AT] = now

    @staticmethod
    def _is_status(request) -> bool:
        return request.path == "/session/status/"

    @staticmethod
    def _end(request, reason, message):
        setattr(request, security.LOGOUT_REASON, reason)
        logout(request)
        messages.info(request, message)


# Pages a person without MFA may still open: setting it up, signing out, the statements.
MFA_SET_UP_PAGES = {
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


class RequireMFAMiddleware:
    """Sends a signed-in person whose role needs MFA, and who has not passed it in this
    session, to set up an authenticator app before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or request.session.get(security.MFA_DONE):
            return None
        if not mfa_required(user):
            return None
        match = request.resolver_match
        if match and match.view_name in MFA_SET_UP_PAGES:
            return None
        if set_up_since(user, request.session.get(security.SIGNED_IN_AT)):
            request.session[security.MFA_DONE] = "authenticator"
            return None
        if has_second_factor(user):
            # A session from before the requirement: its sign-in asked for no code.
            logout(request)
            messages.info(request, "Sign in again with your authenticator app's code.")
            return redirect("account_login")
        messages.info(
            request,
            "Before you carry on, set up an authenticator app: your role needs a code from "
            "your phone as well as your password to sign in.",
        )
        return redirect("mfa_activate_totp")
