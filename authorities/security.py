"""Security events and the ending of sessions: what the sign-in machinery reports, kept.

Sessions carry three facts of ours: when the person signed in (the 10-hour limit), when
they were last active (the 30-minute idle limit) and whether this session has passed a
second factor (ours or the council's, see ``mfa.py``).
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .models import SecurityEvent, User

SIGNED_IN_AT = "auditportal.signed_in_at"
LAST_SEEN_AT = "auditportal.last_seen_at"
MFA_DONE = "auditportal.mfa"
# Set on the request by whoever signs a person out for a reason of the service's own.
LOGOUT_REASON = "_auditportal_logout_reason"

Kind = SecurityEvent.Kind


def hash_email(email: str) -> str:
    """A keyed hash: the same address always gives the same value; it cannot be read back."""
    normalised = (email or "").strip().lower().encode()
    return hmac.new(settings.SECRET_KEY.encode(), normalised, hashlib.sha256).hexdigest()


def client_address(request) -> str | None:
    if request is None:
        return None
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter().get_client_ip(request)
    except PermissionDenied:
        return None


def record(
    kind: str,
    *,
    request=None,
    user: User | None = None,
    email: str = "",
    actor: User | None = None,
    detail: str = "",
) -> SecurityEvent:
    """Keep one event; an e-mail address nobody uses is kept only as a keyed hash."""
    email_hash = ""
    if user is None and email:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            email_hash = hash_email(email)
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        region_id=user.region_id if user else None,
        actor=actor,
        email_hash=email_hash,
        address=client_address(request),
        detail=detail[:200],
    )


def end_sessions(user: User, *, except_key: str | None = None) -> int:
    """End every session of this person (but ``except_key``); how many were ended."""
    from allauth.usersessions.models import UserSession

    ended = 0
    for session in UserSession.objects.filter(user_id=user.pk).exclude(session_key=except_key):
        session.end()
        ended += 1
    return ended


def list_session(request, user: User) -> None:
    """List this session against its person, however it began, so that all can be ended."""
    from allauth.usersessions.models import UserSession

    address = client_address(request)
    if address is None:  # allauth refuses such a sign-in before it gets here
        return
    if not request.session.session_key:
        request.session.save()
    UserSession.objects.get_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "ip": address,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
        },
    )


def start_session(request, *, mfa_done: str | None) -> None:
    """Stamp a new session: its start, its last activity and its second factor."""
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now
    if mfa_done:
        request.session[MFA_DONE] = mfa_done
    else:
        request.session.pop(MFA_DONE, None)


def seconds_left(session, now: float | None = None) -> int:
    """Seconds before this session ends, by the idle limit or the absolute one."""
    now = time.time() if now is None else now
    idle_end = session.get(LAST_SEEN_AT, now) + settings.AUDITPORTAL_SESSION_IDLE_SECONDS
    absolute_end = session.get(SIGNED_IN_AT, now) + settings.AUDITPORTAL_SESSION_ABSOLUTE_SECONDS
    return max(0, int(min(idle_end, absolute_end) - now))


@transaction.atomic
def reset_mfa(*, person: User, by: User, request=None) -> int:
    """A coordinator clears a person's authenticator and codes (a lost phone): they set up
    a new one at their next sign-in. Every session of theirs ends. Returns how many went."""
    from allauth.mfa.models import Authenticator

    removed, _ = Authenticator.objects.filter(user=person).delete()
    ended = end_sessions(person)
    record(
        Kind.MFA_RESET,
        request=request,
        user=person,
        actor=by,
        detail=f"{removed} authenticator record(s) removed, {ended} session(s) ended",
    )
    return removed


def person_deactivated(*, person: User, by: User, request=None) -> None:
    ended = end_sessions(person)
    record(
        Kind.DEACTIVATED, request=request, user=person, actor=by, detail=f"{ended} session(s) ended"
    )


def prune_events(*, days: int | None = None) -> int:
    """Remove events older than the kept period (the privacy notice's promise)."""
    days = settings.AUDITPORTAL_SECURITY_EVENT_DAYS if days is None else days
    cutoff = timezone.now() - timezone.timedelta(days=days)
    deleted, _ = SecurityEvent.objects.filter(occurred_at__lt=cutoff).delete()
    return deleted
