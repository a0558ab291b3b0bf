"""Workflows for conversations, theme findings, learning actions and immediate concerns.

Each function is keyword-only, atomic and assumes the caller has already been authorised
through ``auditportal.access``; the rules that span rows (a view's level comes from the
tool's judgement scale, a concern's case file from the visit's sample) are checked here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from auditportal import notices
from authorities.models import User

from ..models import (
    CaseFile,
    ConcernEvent,
    Conversation,
    ConversationView,
    ImmediateConcern,
    LearningAction,
    RatingLevel,
    RatingScale,
    Recommendation,
    Theme,
    ThemeFinding,
    Visit,
)
from ..tasks.concerns import send_concern_acknowledged, send_concern_raised


class StaleFinding(Exception):
    """The finding was saved by someone else since this person opened it."""

    def __init__(self, current: ThemeFinding):
        super().__init__("The finding has changed since you opened it.")
        self.current = current


@dataclass(frozen=True)
class ThemeView:
    """The view a conversation expressed about one theme."""

    theme: Theme
    level: RatingLevel
    summary: str


def _check_judgement_level(visit: Visit, level: RatingLevel | None) -> None:
    if level is not None and (
        level.scale.tool_id != visit.tool_id or level.scale.purpose != RatingScale.Purpose.JUDGEMENT
    ):
        raise ValidationError("Choose a level of this visit's judgement scale.")


def _check_theme(visit: Visit, theme: Theme | None) -> None:
    if theme is not None and theme.tool_id != visit.tool_id:
        raise ValidationError("Choose a theme of this visit's audit tool.")


@transaction.atomic
def save_conversation(
    *,
    visit: Visit,
    by: User,
    group: str,
    held_on: datetime.date,
    participants: str,
    held_by: list[User],
    notes: str,
    views: list[ThemeView],
    conversation: Conversation | None = None,
) -> Conversation:
    """Record a conversation (or change one) with the views it expressed, theme by theme.

    A theme left out of ``views`` was not discussed: any view recorded for it goes.
    """
    team = set(visit.auditor_links.values_list("auditor_id", flat=True))
    if not held_by or any(person.pk not in team for person in held_by):
        raise ValidationError("Choose who held the conversation from the visit's auditors.")
    for view in views:
        _check_theme(visit, view.theme)
        _check_judgement_level(visit, view.level)
    if conversation is None:
        conversation = Conversation(visit=visit, created_by=by)
    elif conversation.visit_id != visit.pk:
        raise ValidationError("This conversation belongs to another visit.")
    conversation.group = group
    conversation.held_on = held_on
    conversation.participants = participants
    conversation.notes = notes
    conversation.save()
    conversation.held_by.set(held_by)
    conversation.views.exclude(theme__in=[view.theme for view in views]).delete()
    for view in views:
        ConversationView.objects.update_or_create(
            conversation=conversation,
            theme=view.theme,
            defaults={"level": view.level, "summary": view.summary},
        )
    return conversation


@transaction.atomic
def delete_conversation(*, conversation: Conversation) -> None:
    conversation.delete()


@transaction.atomic
def save_theme_finding(
    *,
    visit: Visit,
    theme: Theme,
    by: User,
    expected_version: int,
    strengths: str,
    areas_for_development: str,
    level: RatingLevel | None,
    shareable_good_practice: bool,
) -> ThemeFinding:
    """Save the team's finding for one theme, refusing a save started from an old version.

    Raises ``StaleFinding`` (carrying what is stored now) when the co-auditor saved first.
    """
    _check_theme(visit, theme)
    _check_judgement_level(visit, level)
    # Lock the row so two saves of the same version cannot both pass the check.
    stored = ThemeFinding.objects.select_for_update(of=("self",)).filter(visit=visit, theme=theme)
    finding = stored.order_by("pk").first() or ThemeFinding(visit=visit, theme=theme)
    if finding.version != expected_version:
        raise StaleFinding(finding)
    finding.strengths = strengths
    finding.areas_for_development = areas_for_development
    finding.level = level
    finding.shareable_good_practice = shareable_good_practice
    finding.version += 1
    finding.updated_by = by
    try:
        with transaction.atomic():
            finding.save()
    except IntegrityError:
        # The co-auditor wrote the first version of this finding a moment earlier.
        raise StaleFinding(ThemeFinding.objects.get(visit=visit, theme=theme)) from None
    return finding


@transaction.atomic
def save_recommendation(
    *,
    visit: Visit,
    by: User,
    text: str,
    theme: Theme | None,
    recommendation: Recommendation | None = None,
) -> Recommendation:
    _check_theme(visit, theme)
    if recommendation is None:
        recommendation = Recommendation(visit=visit, created_by=by)
    recommendation.text = text
    recommendation.theme = theme
    recommendation.save()
    return recommendation


@transaction.atomic
def delete_recommendation(*, recommendation: Recommendation) -> None:
    recommendation.delete()


@transaction.atomic
def record_learning_action(
    *, owner: User, visit: Visit, action: str, due_on: datetime.date
) -> LearningAction:
    """An auditor's action for their own council: the council is theirs, never the host's."""
    if owner.home_authority_id is None:
        raise ValidationError("Only someone with a home council records learning actions.")
    if owner.home_authority_id == visit.host_id:
        raise ValidationError("Learning actions are for your own council, not the host's.")
    return LearningAction.objects.create(
        owner=owner,
        council_id=owner.home_authority_id,
        visit=visit,
        action=action,
        due_on=due_on,
    )


@transaction.atomic
def update_learning_action(
    *,
    learning_action: LearningAction,
    action: str,
    due_on: datetime.date,
    status: str,
    status_note: str,
) -> LearningAction:
    learning_action.action = action
    learning_action.due_on = due_on
    learning_action.status = status
    learning_action.status_note = status_note
    learning_action.save()
    return learning_action


@transaction.atomic
def raise_concern(
    *,
    visit: Visit,
    case_file: CaseFile,
    risk: str,
    action_taken: str,
    by: User,
    site_url: str = "",
) -> ImmediateConcern:
    """Raise a concern and tell the host's PSW at once (by e-mail once the row is saved).

    ``site_url`` is the service's address, for the link in the e-mail.
    """
    if case_file.visit_id != visit.pk:
        raise ValidationError("Choose a case file from this visit's sample.")
    concern = ImmediateConcern.objects.create(
        visit=visit, case_file=case_file, risk=risk, action_taken=action_taken, raised_by=by
    )
    ConcernEvent.objects.create(
        concern=concern,
        from_status="",
        to_status=ImmediateConcern.Status.RAISED,
        by=by,
        note=action_taken,
    )
    notices.queue(send_concern_raised, concern_id=concern.pk, site_url=site_url)
    return concern


@transaction.atomic
def acknowledge_concern(
    *, concern: ImmediateConcern, response: str, by: User, site_url: str = ""
) -> None:
    """The host's PSW acknowledges the concern; the auditor who raised it is told."""
    concern.acknowledge(by=by, response=response)
    notices.queue(send_concern_acknowledged, concern_id=concern.pk, site_url=site_url)


@transaction.atomic
def close_concern(*, concern: ImmediateConcern, note: str, by: User) -> None:
    concern.close(by=by, note=note)
