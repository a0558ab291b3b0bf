"""Case-level notes are kept only as long as the privacy notice promises.

A visit's period is its host council's own (``Authority.retention_days``) or else its
region's (``Region.retention_days``), counted from the moment the visit closed (its
``StatusChange`` to closed). Once that many days have passed, ``purge_visit`` empties the
text written about single cases and people, and records a ``RetentionPurge``:

- answers' evidence notes and free-text answers;
- each case's judgement rationale, strength, thing to improve and moderation reasons;
- moderation steps' reasons;
- immediate concerns' risk, action, response and closure notes, and their steps' notes;
- conversation notes, who took part, and each theme view's summary;
- the details of auditors' declarations of interest.

What stays: every rating, judgement and status (so the stored counts regional learning reads,
and anything counted from answers, stay the same), theme findings, recommendations, learning
actions, the covering report and its issued files, the visit's history and the audit trail
(which never held the text). A visit under a legal hold is left alone until the hold is
lifted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone

from .models import (
    Answer,
    CaseJudgement,
    ConcernEvent,
    Conversation,
    ConversationView,
    Declaration,
    ImmediateConcern,
    LegalHold,
    ModerationEvent,
    RetentionPurge,
    StatusChange,
    Visit,
)

# Each model holding case-level text, the path from it to its visit, and the fields emptied.
CASE_LEVEL_TEXT: tuple[tuple[type[models.Model], str, tuple[str, ...]], ...] = (
    (Answer, "case_file__visit", ("note", "text")),
    (
        CaseJudgement,
        "case_file__visit",
        ("rationale", "strength", "improvement", "moderation_reason"),
    ),
    (ModerationEvent, "case_file__visit", ("reason",)),
    (ImmediateConcern, "visit", ("risk", "action_taken", "response", "closure_note")),
    (ConcernEvent, "concern__visit", ("note",)),
    (Conversation, "visit", ("notes", "participants")),
    (ConversationView, "conversation__visit", ("summary",)),
    (Declaration, "visit", ("details",)),
)
HOLD_REASON_MAX = LegalHold._meta.get_field("reason").max_length


@dataclass(frozen=True)
class Expiry:
    """A closed visit whose notes are due to go (or have gone), and why."""

    visit: Visit
    closed_at: datetime.datetime
    kept_days: int
    hold: LegalHold | None

    @property
    def due_at(self) -> datetime.datetime:
        return self.closed_at + datetime.timedelta(days=self.kept_days)

    @property
    def held(self) -> bool:
        return self.hold is not None


def kept_days(visit: Visit) -> int:
    """The visit's retention period: its host council's own, else its region's."""
    return visit.host.retention_days or visit.host.region.retention_days


def closed_at(visit: Visit) -> datetime.datetime | None:
    return StatusChange.objects.filter(visit=visit, to_status=Visit.Status.CLOSED).aggregate(
        at=Max("at")
    )["at"]


def active_hold(visit: Visit) -> LegalHold | None:
    return visit.legal_holds.filter(lifted_at__isnull=True).select_related("set_by").first()


def due_for_removal(*, now: datetime.datetime | None = None) -> list[Expiry]:
    """Closed visits whose period has passed and whose notes are still there, oldest first;
    those on a legal hold are listed too, marked held."""
    now = now or timezone.now()
    closings = dict(
        StatusChange.objects.filter(to_status=Visit.Status.CLOSED)
        .values("visit")
        .annotate(at=Max("at"))
        .values_list("visit", "at")
    )
    visits = (
        Visit.objects.filter(pk__in=closings, status=Visit.Status.CLOSED)
        .exclude(pk__in=RetentionPurge.objects.values("visit"))
        .select_related("host__region")
    )
    holds = {
        hold.visit_id: hold
        for hold in LegalHold.objects.filter(lifted_at__isnull=True, visit__in=visits)
    }
    due = [
        Expiry(
            visit=visit,
            closed_at=closings[visit.pk],
            kept_days=kept_days(visit),
            hold=holds.get(visit.pk),
        )
        for visit in visits
    ]
    return sorted((e for e in due if e.due_at <= now), key=lambda e: (e.due_at, e.visit.pk))


def texts_held(visit: Visit) -> int:
    """How many case-level texts of ``visit`` are not empty: what a removal would take."""
    return sum(
        model.objects.filter(**{path: visit}).filter(_not_empty(fields)).count()
        for model, path, fields in CASE_LEVEL_TEXT
    )


def _not_empty(fields: tuple[str, ...]) -> Q:
    query = Q()
    for name in fields:
        query |= ~Q(**{name: ""})
    return query


@transaction.atomic
def purge_visit(*, visit: Visit, now: datetime.datetime | None = None) -> RetentionPurge:
    """Empty the case-level text of a visit past its period; refused (ValidationError) for a
    visit not closed long enough, on a legal hold, or already done."""
    now = now or timezone.now()
    visit = Visit.objects.select_for_update().select_related("host__region").get(pk=visit.pk)
    closed = closed_at(visit)
    days = kept_days(visit)
    if visit.status != Visit.Status.CLOSED or closed is None:
        raise ValidationError(f"{visit} has not closed, so its notes are kept.")
    if closed + datetime.timedelta(days=days) > now:
        raise ValidationError(f"{visit}'s notes are kept for {days} days after it closed.")
    if active_hold(visit):
        raise ValidationError(f"{visit} is on a legal hold, so its notes are kept.")
    if visit.retention_purges.exists():
        raise ValidationError(f"{visit}'s case-level notes were already removed.")
    texts = texts_held(visit)
    rows = 0
    for model, path, fields in CASE_LEVEL_TEXT:
        # update() on purpose: no save signals, so the trail gets one purge record, not a
        # change per note (and a note's text cannot reach the trail on its way out).
        rows += (
            model.objects.filter(**{path: visit})
            .filter(_not_empty(fields))
            .update(**dict.fromkeys(fields, ""))
        )
    return RetentionPurge.objects.create(
        visit=visit,
        purged_at=now,
        closed_at=closed,
        kept_days=days,
        texts_removed=texts,
        rows_cleared=rows,
    )


def set_legal_hold(*, visit: Visit, reason: str, by) -> LegalHold:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the visit's notes must be kept."})
    with transaction.atomic():
        Visit.objects.select_for_update().get(pk=visit.pk)
        if active_hold(visit):
            raise ValidationError({"reason": "The visit is already on a legal hold."})
        if visit.retention_purges.exists():
            raise ValidationError(
                {"reason": "The visit's case-level notes have already been removed."}
            )
        return LegalHold.objects.create(visit=visit, reason=reason[:HOLD_REASON_MAX], set_by=by)


def lift_legal_hold(*, visit: Visit, reason: str, by) -> LegalHold:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the hold is no longer needed."})
    with transaction.atomic():
        hold = visit.legal_holds.select_for_update().filter(lifted_at__isnull=True).first()
        if hold is None:
            raise ValidationError({"reason": "The visit is not on a legal hold."})
        hold.lifted_by, hold.lifted_at = by, timezone.now()
        hold.lift_reason = reason[:HOLD_REASON_MAX]
        hold.save(update_fields=["lifted_by", "lifted_at", "lift_reason"])
        return hold


@dataclass(frozen=True)
class RetentionStatus:
    """What the visit's page says about how long its notes are kept."""

    kept_days: int
    closed_at: datetime.datetime | None
    hold: LegalHold | None
    purge: RetentionPurge | None
    past_holds: list[LegalHold]

    @property
    def due_at(self) -> datetime.datetime | None:
        return self.closed_at + datetime.timedelta(days=self.kept_days) if self.closed_at else None


def status_of(visit: Visit, *, holds_seen: models.QuerySet) -> RetentionStatus:
    """``holds_seen`` is the legal holds the reader may see (the coordinator's)."""
    holds = list(holds_seen.filter(visit=visit).select_related("set_by", "lifted_by"))
    return RetentionStatus(
        kept_days=kept_days(visit),
        closed_at=closed_at(visit) if visit.status == Visit.Status.CLOSED else None,
        hold=next((hold for hold in holds if hold.is_active), None),
        purge=visit.retention_purges.first(),
        past_holds=[hold for hold in holds if not hold.is_active],
    )
