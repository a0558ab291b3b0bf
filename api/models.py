"""Personal tokens for reporting tools, and the log of every call made with the API.

A token is shown once, when it is made; only its SHA-256 is kept (it is 32 random bytes, so a
fast hash is enough, unlike a password) with a short prefix in clear, so that a person can
tell their tokens apart. See docs/decisions/0008-read-only-api.md.
"""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class PersonalToken(models.Model):
    """One person's key for Power BI, Excel or a script: it reads what they may read."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=80, help_text="What it is for, such as Power BI.")
    prefix = models.CharField(max_length=16)
    digest = models.CharField("SHA-256 of the token", max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="token_expires_after_made"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_live(self) -> bool:
        return not (self.is_revoked or self.is_expired)

    @property
    def state(self) -> str:
        if self.is_revoked:
            return "Revoked"
        return "Expired" if self.is_expired else "Active"


class ApiCall(models.Model):
    """One call to the API: who, with which token, what, the answer's status and when.

    Nothing of what was returned is kept. Calls refused before a token was recognised are
    kept too, without a person.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_calls",
    )
    token = models.ForeignKey(
        PersonalToken, on_delete=models.SET_NULL, null=True, blank=True, related_name="calls"
    )
    path = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField()
    at = models.DateTimeField(default=timezone.now, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.path} {self.status}"


# The trail records who made and revoked which token; never the digest.
auditlog.register(PersonalToken, exclude_fields=["digest", "last_used_at"])
