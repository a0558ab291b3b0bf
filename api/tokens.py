"""Making, revoking and checking personal tokens."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import PersonalToken

# "ap_" marks the service's tokens, so a secret scanner (or a person) can tell one on sight.
TOKEN_START = "ap_"  # noqa: S105  (a marker, not a secret)
PREFIX_LENGTH = len(TOKEN_START) + 8
DEFAULT_DAYS = 30
MAX_DAYS = 90


class TokenRefused(Exception):
    """A bearer token the API will not accept, with a sentence saying what to do."""


@dataclass(frozen=True)
class MadeToken:
    token: PersonalToken
    secret: str  # shown to its person once, then gone


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def make_token(*, owner, name: str, days: int = DEFAULT_DAYS) -> MadeToken:
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"A token lasts from 1 to {MAX_DAYS} days, not {days}.")
    secret = TOKEN_START + secrets.token_urlsafe(32)
    now = timezone.now()
    token = PersonalToken.objects.create(
        owner=owner,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        digest=digest_of(secret),
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    return MadeToken(token, secret)


def revoke_token(*, token: PersonalToken) -> PersonalToken:
    """Stop a token at once: the next call with it is refused."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def check_token(secret: str) -> PersonalToken:
    """The live token ``secret`` is, or TokenRefused saying why not.

    Each call reads the token's row, so a revocation, an expiry or a person's leaving
    stops the next call. The digest is looked up by its index and then compared in constant
    time; what the lookup's timing could tell is about a hash nobody can choose.
    """
    digest = digest_of(secret.strip())
    token = PersonalToken.objects.select_related("owner").filter(digest=digest).first()
    if token is None or not hmac.compare_digest(token.digest, digest):
        raise TokenRefused(
            "The token is not recognised. Copy it again in full, or make a new one on your "
            "API tokens page."
        )
    if token.is_revoked:
        raise TokenRefused("This token has been revoked. Make a new one on your API tokens page.")
    if token.is_expired:
        raise TokenRefused("This token has expired. Make a new one on your API tokens page.")
    if not token.owner.is_active:
        raise TokenRefused("The person this token belongs to can no longer sign in.")
    return token


def mark_used(token: PersonalToken) -> None:
    """When the token was last used, to the minute (one write a minute at most)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= datetime.timedelta(minutes=1):
        PersonalToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def rate() -> str:
    return settings.AUDITPORTAL_API_RATE
