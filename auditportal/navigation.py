"""The service navigation: which areas each role sees in the header."""

import re
from dataclasses import dataclass

from django.urls import reverse

from authorities.models import User

R = User.Role
EVERYONE = frozenset(R)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset
    # Pages of this area whose addresses sit under another area's, such as a visit's report.
    also: tuple[str, ...] = ()


NAVIGATION = [
    NavItem("Home", "home", EVERYONE),
    NavItem(
        "Visits",
        "audits:visit-list",
        frozenset({R.COORDINATOR, R.PSW, R.DIRECTOR, R.ASSISTANT_DIRECTOR, R.PEER_CHALLENGE}),
    ),
    NavItem("Audit tool", "audits:tool-list", EVERYONE - {R.PLATFORM_ADMIN}),
    NavItem(
        "Learning actions",
        "learning:action-register",
        frozenset({R.PSW, R.DIRECTOR, R.ASSISTANT_DIRECTOR, R.COORDINATOR}),
    ),
    NavItem(
        "Regional learning",
        "learning:dashboard",
        frozenset(
            {R.COORDINATOR, R.PSW, R.TOOL_OWNER, R.DIRECTOR, R.ASSISTANT_DIRECTOR, R.PEER_CHALLENGE}
        ),
    ),
    NavItem("Councils", "authorities:authority-list", EVERYONE - {R.PLATFORM_ADMIN}),
    NavItem("People", "authorities:person-list", frozenset({R.COORDINATOR, R.PLATFORM_ADMIN})),
    NavItem(
        "Security events",
        "authorities:security-event-list",
        frozenset({R.COORDINATOR, R.PLATFORM_ADMIN}),
    ),
    NavItem(
        "Reports",
        "reports:report-list",
        EVERYONE - {R.PLATFORM_ADMIN, R.TOOL_OWNER},
        also=(r"/visits/\d+/report/",),
    ),
]


def items_for(user, current_path: str) -> list[dict]:
    if not (user and user.is_authenticated):
        return []
    items = [
        {"label": item.label, "url": reverse(item.url_name), "match": _match(item, current_path)}
        for item in NAVIGATION
        if user.role in item.roles
    ]
    # One area is current: the one whose address matches most of the page's.
    best = max((entry["match"] for entry in items), default=0)
    for entry in items:
        entry["active"] = entry.pop("match") == best > 0
    return items


def _match(item: NavItem, path: str) -> int:
    """How many characters of the page's address this area claims (0: none)."""
    url = reverse(item.url_name)
    if path == url or (url != "/" and path.startswith(url)):
        return len(url)
    found = [re.match(pattern, path) for pattern in item.also]
    return max((m.end() for m in found if m), default=0)
