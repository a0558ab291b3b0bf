"""Workflows for the host's improvement plan: adding and updating actions, what is overdue,
who is reminded, and how the plan stood on a given day.

Each function is keyword-only and assumes the caller has been authorised through
``auditportal.access``; the rules across rows (a named owner works for the host council,
the recommendation is the visit's) are checked here. The trail records every change.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from auditportal import access
from authorities.models import User

from ..models import ActionUpdate, PlanAction, Recommendation, Visit, VisitPlan


def plan_owners(visit: Visit) -> QuerySet[User]:
    """The people who can be named as an action's owner: the host council's, still active."""
    return User.objects.filter(home_authority_id=visit.host_id, is_active=True).order_by(
        "full_name"
    )


def _check_owner(visit: Visit, owner: User | None, owner_role: str) -> None:
    if owner is None and not owner_role:
        raise ValidationError("Name a person or a role who owns this action.")
    if owner is not None and owner.home_authority_id != visit.host_id:
        raise ValidationError(f"The owner must work for {visit.host}.")


@transaction.atomic
def add_plan_action(
    *,
    recommendation: Recommendation,
    by: User,
    action: str,
    due_on: datetime.date,
    owner: User | None = None,
    owner_role: str = "",
) -> PlanAction:
    _check_owner(recommendation.visit, owner, owner_role)
    plan_action = PlanAction.objects.create(
        recommendation=recommendation,
        action=action,
        owner=owner,
        owner_role=owner_role,
        due_on=due_on,
        created_by=by,
    )
    ActionUpdate.objects.create(action=plan_action, status=plan_action.status, by=by)
    return plan_action


@transaction.atomic
def update_plan_action(
    *,
    plan_action: PlanAction,
    by: User,
    action: str,
    due_on: datetime.date,
    status: str,
    owner: User | None = None,
    owner_role: str = "",
    dropped_reason: str = "",
    note: str = "",
) -> PlanAction:
    """Change an action; a new status or a progress note is kept as an update with its date."""
    _check_owner(plan_action.recommendation.visit, owner, owner_role)
    if status == PlanAction.Status.DROPPED and not dropped_reason:
        raise ValidationError("Say why the action was dropped.")
    moved = status != plan_action.status
    plan_action.action, plan_action.due_on, plan_action.status = action, due_on, status
    plan_action.owner, plan_action.owner_role = owner, owner_role
    plan_action.dropped_reason = dropped_reason if status == PlanAction.Status.DROPPED else ""
    plan_action.save()
    if moved or note:
        ActionUpdate.objects.create(action=plan_action, status=status, note=note, by=by)
    return plan_action


def plan_for(visit: Visit, actions: QuerySet[PlanAction]) -> list[tuple[Recommendation, list]]:
    """Each of the visit's recommendations with its actions (from ``actions``, which the
    caller has narrowed to what the reader may see) and each action's updates."""
    updates = ActionUpdate.objects.select_related("by").order_by("at", "pk")
    chosen = actions.select_related("owner").prefetch_related(Prefetch("updates", updates))
    recommendations = visit.recommendations.select_related("theme").prefetch_related(
        Prefetch("plan_actions", chosen.order_by("due_on", "pk"), to_attr="actions")
    )
    return [(recommendation, recommendation.actions) for recommendation in recommendations]


# --- Overdue actions ---------------------------------------------------------------------


def overdue_plan_actions(today: datetime.date | None = None) -> QuerySet[PlanAction]:
    """Actions still open past their due date, of plans still being kept (issued or closed)."""
    return PlanAction.objects.filter(
        PlanAction.overdue_on(today or timezone.localdate()),
        recommendation__visit__status__in=(Visit.Status.ISSUED, Visit.Status.CLOSED),
    )


def overdue_plan_actions_for(person: User, today: datetime.date) -> QuerySet[PlanAction]:
    """The overdue actions a reminder to ``person`` lists: those they own by name, and, for
    a host council's PSW, those owned only by a role (the PSW keeps the plan)."""
    overdue = overdue_plan_actions(today)
    mine = overdue.filter(owner=person)
    if person.role == User.Role.PSW and person.home_authority_id:
        unnamed = overdue.filter(
            owner__isnull=True, recommendation__visit__host_id=person.home_authority_id
        )
        mine = mine | unnamed
    return mine.select_related("recommendation__visit__host").order_by("due_on", "pk")


def plan_reminder_counts(today: datetime.date) -> Counter:
    """How many overdue actions each active person is to be reminded of, by person id."""
    counts: Counter = Counter()
    overdue = overdue_plan_actions(today)
    for owner_id in overdue.filter(owner__is_active=True).values_list("owner_id", flat=True):
        counts[owner_id] += 1
    unnamed = Counter(
        overdue.filter(owner__isnull=True).values_list("recommendation__visit__host_id", flat=True)
    )
    keepers = User.objects.filter(
        role=User.Role.PSW, is_active=True, home_authority_id__in=unnamed
    ).values_list("pk", "home_authority_id")
    for person_id, council_id in keepers:
        counts[person_id] += unnamed[council_id]
    return counts


# --- The plan as it stood -----------------------------------------------------------------


@dataclass(frozen=True)
class PlanStanding:
    """How a plan stood on one day: actions by status, and how many were overdue."""

    day: datetime.date
    planned: int = 0
    under_way: int = 0
    done: int = 0
    dropped: int = 0
    overdue: int = 0
    recommendations: int = 0
    answered: int = 0  # recommendations with at least one action by then

    @property
    def actions(self) -> int:
        return self.planned + self.under_way + self.done + self.dropped


def plan_standing(visit: Visit, day: datetime.date) -> PlanStanding:
    """Where ``visit``'s improvement plan stood at the end of ``day``, from its updates."""
    actions = PlanAction.objects.filter(recommendation__visit=visit).prefetch_related("updates")
    statuses, overdue, answered = Counter(), 0, set()
    for plan_action in actions:
        status = plan_action.status_on(day)
        if status is None:
            continue
        statuses[status] += 1
        answered.add(plan_action.recommendation_id)
        overdue += status in PlanAction.STILL_OPEN and plan_action.due_on < day
    return PlanStanding(
        day=day,
        overdue=overdue,
        recommendations=visit.recommendations.count(),
        answered=len(answered),
        **{status: statuses[status] for status in PlanAction.Status.values},
    )


# --- Home page ------------------------------------------------------------------------------


def home_summary(user: User) -> dict:
    """The plans a host's people keep, and the overdue actions a host or coordinator chases."""
    if user.is_coordinator:
        overdue = access.visible(user, PlanAction).filter(PlanAction.overdue_on())
    elif user.role in User.HOST_ROLES and user.home_authority_id:
        mine = {"recommendation__visit__host_id": user.home_authority_id}
        overdue = access.visible(user, PlanAction).filter(PlanAction.overdue_on(), **mine)
    else:
        return {}
    summary = {
        "overdue_plan_actions": list(
            overdue.select_related("recommendation__visit__host", "owner").order_by("due_on")
        )
    }
    if not user.is_coordinator:
        plans = access.visible(user, VisitPlan).filter(host_id=user.home_authority_id)
        summary["improvement_plans"] = list(plans.select_related("host").order_by("-first_day"))
    return summary
