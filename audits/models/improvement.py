"""The host council's improvement plan: its answer to the issued report's recommendations.

Each recommendation gets one or more actions (what, owner, due date, status). Every status
change and progress note is an ``ActionUpdate``, so the plan can be read as it stood on any
day, which the next audit of the council reports.
"""

from __future__ import annotations

import datetime

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .fieldwork import Recommendation
from .visits import Visit

# The plan answers the report as issued: hosts never see recommendations before then.
PLAN_FROM = (Visit.Status.ISSUED, Visit.Status.CLOSED)


class VisitPlan(Visit):
    """A visit as the home of its host's improvement plan: its own access policy."""

    class Meta:
        proxy = True

    @property
    def has_plan(self) -> bool:
        return self.status in PLAN_FROM


class PlanAction(models.Model):
    """Something the host council will do in answer to one recommendation."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        UNDER_WAY = "under_way", "Under way"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    STILL_OPEN = (Status.PLANNED, Status.UNDER_WAY)

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="plan_actions"
    )
    action = models.TextField("what the council will do")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_actions_owned",
        verbose_name="named owner",
    )
    owner_role = models.CharField("owner's role", max_length=120, blank=True)
    due_on = models.DateField("due by")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    dropped_reason = models.TextField("why it was dropped", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | ~Q(owner_role=""),
                name="plan_action_has_an_owner",
            ),
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(dropped_reason=""),
                name="plan_action_dropped_has_a_reason",
            ),
        ]

    def __str__(self):
        return self.action[:60]

    @property
    def owner_display(self) -> str:
        parts = [self.owner.full_name if self.owner_id else "", self.owner_role]
        return ", ".join(part for part in parts if part)

    @property
    def is_overdue(self) -> bool:
        return self.status in self.STILL_OPEN and self.due_on < timezone.localdate()

    @classmethod
    def overdue_on(cls, today: datetime.date | None = None) -> Q:
        """``is_overdue`` as a query condition: still open and due before ``today``."""
        return Q(status__in=cls.STILL_OPEN, due_on__lt=today or timezone.localdate())

    def status_on(self, day: datetime.date) -> str | None:
        """The status this action had at the end of ``day``; None if it was not yet planned.

        Reads the prefetched ``updates`` when there are any, so a plan's summary costs
        no query an action.
        """
        passed = [u for u in self.updates.all() if timezone.localdate(u.at) <= day]
        return max(passed, key=lambda u: (u.at, u.pk)).status if passed else None


class ActionUpdate(models.Model):
    """One step in an action's life: its status after the step, and a progress note."""

    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=20, choices=PlanAction.Status.choices)
    note = models.TextField("progress note", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.action}: {self.get_status_display()}"


auditlog.register(PlanAction)
auditlog.register(ActionUpdate)
