"""What each role's home page shows; apps add their own panels as they grow."""

from audits.models import ImmediateConcern
from audits.services.improvement import home_summary as plans_summary
from audits.services.tools import owner_summary
from audits.services.visits import home_summary as visits_summary
from authorities.models import Authority

from . import access


def context_for(user) -> dict:
    context = {"authority_count": access.visible(user, Authority).count()}
    context.update(visits_summary(user))
    context.update(plans_summary(user))
    if user.is_tool_owner:
        context.update(owner_summary(user))
    if user.is_psw:
        # Concerns about the PSW's own council that still need them, shown first.
        context["concerns_to_handle"] = list(
            access.visible(user, ImmediateConcern)
            .filter(visit__host_id=user.home_authority_id)
            .exclude(status=ImmediateConcern.Status.CLOSED)
            .select_related("case_file")
            .order_by("-status", "raised_at")  # raised before acknowledged
        )
    return context
