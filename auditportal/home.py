"""What each role's home page shows: first what needs their attention, then their way in.

The attention items come from the providers each app registers (``audits.attention``); a
new kind of item is a new provider, not a change here.
"""

from audits.attention import attention_for
from audits.services.improvement import home_summary as plans_summary
from audits.services.visits import home_summary as visits_summary
from authorities.models import Authority

from . import access


def context_for(user) -> dict:
    context = {"attention": attention_for(user)}
    if user.is_coordinator:
        context["authority_count"] = access.visible(user, Authority).count()
    context.update(visits_summary(user))
    # The host's improvement plans and their overdue actions (audits.services.improvement).
    context.update(plans_summary(user))
    return context
