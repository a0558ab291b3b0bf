"""Retention: how long a visit's case-level notes are kept after it closes, legal holds that
stop them being removed, and the record of each removal (``audits/retention.py``)."""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q

from .visits import Visit


class LegalHold(models.Model):
    """While a visit is on hold (a complaint, an inquiry, a court case), nothing of it is
    removed. The coordinator sets and lifts it; both are kept with who, when and why."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="legal_holds")
    reason = models.CharField(max_length=300)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-set_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit"],
                condition=Q(lifted_at__isnull=True),
                name="one_open_hold_per_visit",
            )
        ]

    def __str__(self):
        return f"Legal hold on visit {self.visit_id}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class RetentionPurge(models.Model):
    """One removal of a visit's case-level notes, when its retention period had passed."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="retention_purges")
    purged_at = models.DateTimeField()
    closed_at = models.DateTimeField(help_text="When the visit closed.")
    kept_days = models.PositiveIntegerField(help_text="The retention period that applied.")
    texts_removed = models.PositiveIntegerField(help_text="How many notes and answers had text.")
    rows_cleared = models.PositiveIntegerField(help_text="How many rows were cleared.")

    class Meta:
        ordering = ["-purged_at", "-pk"]

    def __str__(self):
        return f"Case-level notes of visit {self.visit_id} removed"


auditlog.register(LegalHold)
auditlog.register(RetentionPurge)
