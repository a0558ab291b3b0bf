"""The learning actions register: every action a person may see, with how it was chased."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery

from auditportal import access
from audits.models import LearningAction
from authorities.models import Authority

from .models import ActionReminder, LearningFollowUp


def council_choices(user) -> list[tuple[int, str]] | None:
    """The councils a coordinator can filter by; None for people who see one council."""
    if not user.is_coordinator:
        return None
    councils = Authority.objects.filter(region_id=user.region_id).order_by("name")
    return list(councils.values_list("pk", "name"))  # query: the region's councils


def with_follow_up(user, actions):
    """The actions, each with its latest follow-up and when its owner was last reminded,
    read in the same query as the actions themselves."""
    follow_ups = (
        access.visible(user, LearningFollowUp).filter(action=OuterRef("pk")).order_by("-at", "-pk")
    )
    reminders = (
        access.visible(user, ActionReminder)
        .filter(owner=OuterRef("owner_id"))
        .order_by("-sent_on", "-pk")
    )
    return (
        actions.select_related("owner", "council", "visit__host")
        .annotate(
            followed_up_at=Subquery(follow_ups.values("at")[:1]),
            follow_up_note=Subquery(follow_ups.values("note")[:1]),
            followed_up_by=Subquery(follow_ups.values("by__full_name")[:1]),
            last_reminded_on=Subquery(reminders.values("sent_on")[:1]),
        )
        .order_by("council__name", "due_on", "pk")
    )


@dataclass
class CouncilActions:
    council: Authority
    actions: list[LearningAction]

    @property
    def overdue(self) -> int:
        return sum(action.is_overdue for action in self.actions)


def by_council(actions) -> list[CouncilActions]:
    groups: list[CouncilActions] = []
    for action in actions:
        if not groups or groups[-1].council.pk != action.council_id:
            groups.append(CouncilActions(action.council, []))
        groups[-1].actions.append(action)
    return groups


@dataclass(frozen=True)
class ActionStatus:
    """How a council's learning actions stand: counts by status, and how many are overdue."""

    counts: dict[str, int]
    overdue: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def rows(self) -> list[tuple[str, int]]:
        return [
            (label, self.counts.get(value, 0)) for value, label in LearningAction.Status.choices
        ]


def council_status(user) -> ActionStatus:
    """The actions this person may see that belong to their own council."""
    actions = access.visible(user, LearningAction).filter(council_id=user.home_authority_id)
    return status_of(actions)


def status_of(actions, today=None) -> ActionStatus:
    """How ``actions`` stand, counted in one grouped query."""
    overdue = LearningAction.overdue_on(today)
    rows = (
        actions.values("status")
        .annotate(count=Count("pk"), overdue=Count("pk", filter=overdue))
        .order_by()
    )
    rows = list(rows)  # query: the actions, grouped by status
    return ActionStatus(
        counts={row["status"]: row["count"] for row in rows},
        overdue=sum(row["overdue"] for row in rows),
    )
