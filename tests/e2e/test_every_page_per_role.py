"""Every page each person reaches from their home page and the navigation, two links deep:
axe finds nothing serious or critical, and the page fits 320 CSS pixels (400% zoom).

The region is busy (scenes.busy_region) so that lists, visits, case audits, findings, a
concern, a report in its accuracy check and an issued report all have something to show.
Links are followed with GET only; downloads, sign-out and Django's own admin are skipped.
Pages of one kind (the same URL pattern) are checked once per person.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from tests.e2e.scenes import busy_region

# One person of each role, and a PSW of an unrelated council. The co-auditor and the other
# region's coordinator hold the same roles as the auditor and the coordinator, on the same
# templates, so they add time and no pages of a new kind.
ROLES = [
    "coordinator",
    "tool_owner",
    "auditor",
    "host_psw",
    "host_director",
    "host_ad",
    "peer",
    "outsider",
    "platform_admin",
]
DEPTH = 2
SKIPPED_PREFIXES = ("/accounts/logout", "/django-admin/", "/static/", "/media/")
DOWNLOADS = (".pdf", ".docx", ".csv", ".ics", ".xlsx", ".json", ".yaml", ".zip")
LINKS = """() => [...document.querySelectorAll("a[href]")]
  .filter((a) => !a.hasAttribute("download"))
  .map((a) => a.href)"""


def kind_of(path: str, query: str) -> tuple:
    """Pages of one URL pattern with the same query parameters count as one kind."""
    try:
        match = resolve(path)
    except Resolver404:
        return (path,)
    keys = tuple(sorted(part.split("=")[0] for part in query.split("&") if part))
    return (match.view_name, keys)


def followable(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    return (
        f"{parts.scheme}://{parts.netloc}" == origin
        and not parts.path.startswith(SKIPPED_PREFIXES)
        and not parts.path.endswith(DOWNLOADS)
        and "/export" not in parts.path
    )


def crawl(browser) -> tuple[list[str], list[str]]:
    """Visit every page within DEPTH links of home; return the pages seen and the problems."""
    origin = browser.base.rstrip("/")
    seen_kinds, visited, problems = set(), [], []
    frontier = [origin + "/"]
    for _depth in range(DEPTH + 1):
        following = []
        for url in frontier:
            parts = urlsplit(url)
            kind = kind_of(parts.path, parts.query)
            if kind in seen_kinds:
                continue
            seen_kinds.add(kind)
            response = browser.page.goto(url)
            visited.append(url.removeprefix(origin))
            if response is None or response.status != 200:
                problems.append(f"{url}: answered {response and response.status}")
                continue
            problems += [f"{url}: {problem}" for problem in browser.accessibility_problems()]
            overflow = browser.overflow_at_320_pixels()
            if overflow:
                problems.append(f"{url}: {overflow}")
            for link in browser.page.evaluate(LINKS):
                link = link.split("#")[0]
                if followable(link, origin) and link not in following:
                    following.append(link)
        frontier = following
    return visited, problems


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_person_reaches_is_accessible_and_fits_320_pixels(
    role, cast, signed_in, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    busy_region(cast)
    browser = signed_in(getattr(cast, role))
    visited, problems = crawl(browser)
    print(f"{role}: {len(visited)} pages: {visited}")
    assert len(visited) > 3, visited
    assert not problems, "\n".join(problems)
