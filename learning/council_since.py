"""A host council's latest issued audit against its previous one, for its regional view.

The figures are ``audits.comparison``'s (shared question keys, small numbers suppressed, where
the previous plan stood): this module only finds the visit, through ``auditportal.access``
(``VisitComparison``: the council's own PSW, Director and AD read their issued audits).
"""

from __future__ import annotations

from dataclasses import dataclass

from auditportal import access
from audits.comparison import Comparison, compare
from audits.models import Visit, VisitComparison
from audits.models.improvement import PLAN_FROM


@dataclass(frozen=True)
class CouncilSince:
    visit: Visit
    comparison: Comparison


def latest_since(user) -> CouncilSince | None:
    """The council's latest issued audit and how it moved; None before its second audit."""
    if user.home_authority_id is None:
        return None
    # The policy keeps only visits with an earlier issued audit: the latest issued audit has
    # one whenever the council has two, so the first row is always the latest.
    visit = (
        access.visible(user, VisitComparison)
        .filter(host_id=user.home_authority_id, status__in=PLAN_FROM)
        .select_related("host", "tool")
        .order_by("-first_day", "-pk")
        .first()
    )
    if visit is None:
        return None
    comparison = compare(visit)
    return None if comparison is None else CouncilSince(visit, comparison)
