"""The report's "Since the last audit" section: the council's previous issued audit against
this one (``audits.comparison``: shared question keys, suppression, the plan's standing)."""

from __future__ import annotations

from audits.comparison import Comparison, compare
from audits.models import Visit


def since_last_audit(visit: Visit) -> Comparison | None:
    """None for a council's first audit; the section and the method's sentence are left out."""
    return compare(visit)
