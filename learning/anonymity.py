"""How councils are named in regional views and exports, and which cells are suppressed.

- Coordinators see every council's name.
- A host council's people (PSW, director, assistant director) see their own council named
  and every other council as "Council A", "Council B", ...
- Everyone else who reads regional learning (tool owners, peer challenge members) sees only
  letters.

Letters are dealt by a shuffle seeded with an HMAC of the region, the year range and the tool
filter under the server's secret key: the same filters give the same letters on the page and
in its exports, while another year range deals them afresh, so letters from two ranges
cannot be joined to follow one council over time. Rows are always listed in letter order,
never in the alphabetical order of the names behind them.

Small numbers: any figure built from fewer than ``SUPPRESSION_THRESHOLD`` cases is shown as
suppressed, on the page and in every export, so that no case, worker or person stands out.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from dataclasses import dataclass, field

from django.conf import settings

# The small-number rule is the counting module's, so the covering report suppresses alike.
from audits.counting import SUPPRESSED, SUPPRESSION_THRESHOLD, is_suppressed  # noqa: F401
from authorities.models import User


def letters(n: int) -> str:
    """0 → A, 25 → Z, 26 → AA: spreadsheet-style, for regions of any size."""
    name = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def sees_names(user) -> bool:
    return user.role == User.Role.COORDINATOR


def own_council_id(user) -> int | None:
    """The council a host user sees named: their home council, if they are a host role."""
    if user.role in User.HOST_ROLES and user.home_authority_id:
        return user.home_authority_id
    return None


def _seed(scope: str) -> int:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"learning-letters|{scope}".encode(), hashlib.sha256
    ).digest()
    return int.from_bytes(digest[:8], "big")


@dataclass(frozen=True)
class CouncilLabels:
    """The label of each council on one page or export, and the order to list them in."""

    named: bool
    own_id: int | None
    labels: dict[int, str] = field(default_factory=dict)
    order: tuple[int, ...] = ()

    def __getitem__(self, authority_id: int) -> str:
        return self.labels[authority_id]

    def is_own(self, authority_id: int) -> bool:
        return authority_id == self.own_id


def label_councils(user, councils: dict[int, str], *, scope: str) -> CouncilLabels:
    """Labels for ``councils`` (id → name) as ``user`` may see them, for one filter ``scope``."""
    if sees_names(user):
        order = tuple(sorted(councils, key=lambda pk: (councils[pk].lower(), pk)))
        return CouncilLabels(named=True, own_id=None, labels=dict(councils), order=order)
    return _lettered(councils, own=own_council_id(user), scope=scope)


def letters_only(councils: dict[int, str], *, scope: str) -> CouncilLabels:
    """Letters for every council, for documents that leave the service (the annual summary)."""
    return _lettered(councils, own=None, scope=scope)


def _lettered(councils: dict[int, str], *, own: int | None, scope: str) -> CouncilLabels:
    own = own if own in councils else None
    others = sorted(pk for pk in councils if pk != own)
    random.Random(_seed(scope)).shuffle(others)
    labels = {pk: f"Council {letters(i)}" for i, pk in enumerate(others)}
    if own is not None:
        labels[own] = councils[own]
    order = ((own,) if own is not None else ()) + tuple(others)
    return CouncilLabels(named=False, own_id=own, labels=labels, order=order)
