"""A visit's status machine: its statuses, the only moves there are, and their history.

The status moves only forward along one path (``MOVES``) and every move is kept as a
``StatusChange``. What must be true before a move is answered by *guards* registered per
target status with ``@status_guard(...)``, so later work (the report's last steps) adds its
own without touching the machine itself. ``Visit`` takes the machine from
``VisitStatusMachine``; telling people of a move is the visits service's business.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction


class VisitStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    SAMPLE_AGREED = "sample_agreed", "Sample agreed"
    ON_SITE = "on_site", "On site"
    DRAFTING = "drafting", "Drafting"
    ACCURACY_CHECK = "accuracy_check", "Factual accuracy check"
    ISSUED = "issued", "Issued"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"


@dataclass(frozen=True)
class Preparation:
    """Counts the status guards read: the sample, its allocation and the team's declarations."""

    cases: int
    unallocated: int
    auditors: int
    leads: int
    declared: int

    @property
    def undeclared(self) -> int:
        return max(self.auditors - self.declared, 0)


StatusGuard = Callable[["VisitStatusMachine"], list[str]]
STATUS_GUARDS: dict[str, list[StatusGuard]] = defaultdict(list)


def status_guard(to_status: str) -> Callable[[StatusGuard], StatusGuard]:
    """Register a check run before a visit moves to ``to_status``.

    The check returns what is missing, as sentences saying what to do ("Allocate the 2
    cases that have no auditor."); an empty list lets the move go ahead.
    """

    def register(guard: StatusGuard) -> StatusGuard:
        STATUS_GUARDS[to_status].append(guard)
        return guard

    return register


class VisitStatusMachine:
    """The status machine of ``Visit`` (a model with a ``status`` field and ``with_preparation``
    on its manager)."""

    # The only moves there are; nothing goes backwards, and only a planned visit is cancelled.
    MOVES = {
        VisitStatus.PLANNED: (VisitStatus.SAMPLE_AGREED, VisitStatus.CANCELLED),
        VisitStatus.SAMPLE_AGREED: (VisitStatus.ON_SITE,),
        VisitStatus.ON_SITE: (VisitStatus.DRAFTING,),
        VisitStatus.DRAFTING: (VisitStatus.ACCURACY_CHECK,),
        VisitStatus.ACCURACY_CHECK: (VisitStatus.ISSUED,),
        VisitStatus.ISSUED: (VisitStatus.CLOSED,),
    }
    # Until the team is on site the sample, the team and the tool can still change.
    BEFORE_SITE = frozenset({VisitStatus.PLANNED, VisitStatus.SAMPLE_AGREED})
    # Cases can be moved between auditors and declarations amended until drafting starts.
    UNTIL_DRAFTING = BEFORE_SITE | {VisitStatus.ON_SITE}
    FINISHED = frozenset({VisitStatus.CLOSED, VisitStatus.CANCELLED})

    @property
    def allowed_moves(self) -> tuple[str, ...]:
        return self.MOVES.get(self.status, ())

    @property
    def next_status(self) -> str | None:
        """The next step forward (not cancelling), or None at the end."""
        forward = [s for s in self.allowed_moves if s != VisitStatus.CANCELLED]
        return forward[0] if forward else None

    @property
    def next_status_display(self) -> str:
        return VisitStatus(self.next_status).label if self.next_status else ""

    @cached_property
    def preparation(self) -> Preparation:
        names = ("prep_cases", "prep_unallocated", "prep_auditors", "prep_leads", "prep_declared")
        if hasattr(self, "prep_cases"):
            values = self.__dict__
        else:
            visits = type(self)._default_manager.with_preparation()
            values = visits.values(*names).get(pk=self.pk)
        return Preparation(**{name.removeprefix("prep_"): values[name] for name in names})

    def missing_for(self, to: str) -> list[str]:
        """What must be done before this visit can move to ``to`` (empty when nothing)."""
        return [problem for guard in STATUS_GUARDS[to] for problem in guard(self)]

    def missing_for_next(self) -> list[str]:
        return self.missing_for(self.next_status) if self.next_status else []

    def refusal(self, to: str, note: str = "") -> list[str]:
        """Why the move to ``to`` is refused now, as sentences; empty when it is allowed."""
        label = VisitStatus(to).label if to in VisitStatus.values else to
        if to not in self.allowed_moves:
            current = self.get_status_display()
            if not self.allowed_moves:
                return [f"The visit is {current.lower()}: its status cannot change any more."]
            allowed = " or ".join(VisitStatus(s).label.lower() for s in self.allowed_moves)
            return [
                f"A visit that is {current.lower()} can only move to {allowed}, "
                f"not to {label.lower()}."
            ]
        if to == VisitStatus.CANCELLED and not note.strip():
            return ["Say why the visit is cancelled."]
        return self.missing_for(to)

    def advance(self, *, to: str, by, note: str = "") -> StatusChange:
        """Move the visit to status ``to``, keeping who and when; ValidationError if refused.

        Telling people is the caller's business: ``services.visits.advance_visit`` does.
        """
        with transaction.atomic():
            # Lock the row so two people pressing the button at once make one move.
            stored = type(self)._default_manager.select_for_update().filter(pk=self.pk)
            self.status = stored.values_list("status", flat=True).get()
            # Guards must read the sample and team as they are now, not as the page saw them.
            for key in [k for k in self.__dict__ if k.startswith("prep_")] + ["preparation"]:
                self.__dict__.pop(key, None)
            problems = self.refusal(to, note)
            if problems:
                raise ValidationError(problems)
            change = StatusChange.objects.create(
                visit=self, from_status=self.status, to_status=to, by=by, note=note.strip()
            )
            self.status = to
            self.save(update_fields=["status"])
        return change


class StatusChange(models.Model):
    """Each move of a visit's status: who, when, from and to."""

    visit = models.ForeignKey(
        "audits.Visit", on_delete=models.CASCADE, related_name="status_history"
    )
    from_status = models.CharField(max_length=20, choices=VisitStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=VisitStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.visit}: {self.get_from_status_display()} → {self.get_to_status_display()}"
