"""The service navigation: which areas each role sees in the header."""

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
        "audits:learningaction-list",
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
    NavItem("Reports", "reports:report-list", EVERYONE - {R.PLATFORM_ADMIN, R.TOOL_OWNER}),
]


def items_for(user, current_path: str) -> list[dict]:
    if not (user and user.is_authenticated):
        return []
    items = []
    for item in NAVIGATION:
        if user.role not in item.roles:
            continue
        url = reverse(item.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": item.label, "url": url, "active": active})
    return items
