"""What each role's home page shows; apps add their own panels as they grow."""

from audits.services.tools import owner_summary
from audits.views.visits import home_context as visits_home
from authorities.models import Authority

from . import access


def context_for(user) -> dict:
    context = {"authority_count": access.visible(user, Authority).count()}
    context.update(visits_home(user))
    if user.is_tool_owner:
        context.update(owner_summary(user))
    return context
