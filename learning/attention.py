"""What regional learning puts on people's home pages (``audits.attention``): overdue
learning actions, one query. Registered from ``LearningConfig.ready``."""

from __future__ import annotations

import datetime

from django.urls import reverse

from auditportal import access
from audits.attention import Attention, attention_provider
from audits.models import LearningAction
from authorities.models import User

R = User.Role


@attention_provider(R.COORDINATOR, R.PSW, R.DIRECTOR, R.ASSISTANT_DIRECTOR)
def overdue_learning_actions(person, today: datetime.date) -> list[Attention]:
    """Overdue actions: a PSW's own, a council's for its leaders, the region's for coordinators."""
    overdue = (
        access.visible(person, LearningAction).filter(LearningAction.overdue_on(today)).count()
    )
    if not overdue:
        return []
    whose = {
        R.COORDINATOR: "in the region",
        R.PSW: "of yours",
    }.get(person.role, f"of {person.home_authority}")
    return [
        Attention(
            label=f"{overdue} learning action{'' if overdue == 1 else 's'} {whose} "
            f"{'is' if overdue == 1 else 'are'} overdue",
            url=reverse("learning:action-register") + "?overdue=on",
            detail="Update each with what has been done, or a new date.",
        )
    ]
