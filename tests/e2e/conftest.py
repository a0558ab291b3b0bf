"""Browser journeys: Playwright for Python driving Debian's Chromium against the live server.

Never `playwright install`: the browser is the system's. Without it these tests are
skipped with a reason that says how to install it, never silently passed.
"""

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.base import PASSWORD, Cast

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = Path(CHROMIUM).exists()
NO_CHROMIUM = (
    "Debian's chromium is not installed, so the browser journeys cannot run: "
    "apt-get install --no-install-recommends chromium (make test does this when it runs as root)"
)
SERIOUS = {"serious", "critical"}
# Headless, and quiet: this machine's network is closed, so nothing may call out.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)
            if not HAVE_CHROMIUM:
                item.add_marker(pytest.mark.skip(reason=NO_CHROMIUM))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def cast(transactional_db):
    """The people of tests/base.py, in the database the live server reads."""
    people = SimpleNamespace()
    Cast.build(people)
    return people


@pytest.fixture(scope="session")
def axe():
    return Axe()


class Browser:
    """What a person does in the browser, in words the journeys can read."""

    def __init__(self, page, live_server, axe):
        self.page, self.base, self.axe = page, live_server.url, axe
        self.checked: set[str] = set()

    def open(self, path: str):
        self.page.goto(self.base + path)
        self.check_accessibility()
        return self.page

    def sign_in(self, person, password: str = PASSWORD):
        self.page.goto(self.base + "/accounts/login/")
        self.page.get_by_label("E-mail address").fill(person.email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_load_state()
        self.check_accessibility()

    def sign_out(self):
        self.page.get_by_role("button", name="Sign out").click()

    def check_accessibility(self):
        """axe-core on the page as it stands: no serious or critical violations."""
        results = self.axe.run(self.page)
        serious = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
        report = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in serious
        )
        assert not serious, f"Accessibility problems on {self.page.url}:\n{report}"
        self.checked.add(self.page.url)

    def fits_320_pixels(self) -> bool:
        """At 400% zoom a 1280px screen is 320 CSS pixels wide: nothing may scroll sideways."""
        self.page.set_viewport_size({"width": 320, "height": 800})
        wide = self.page.evaluate("document.documentElement.scrollWidth")
        self.page.set_viewport_size({"width": 1280, "height": 900})
        return wide <= 320


@pytest.fixture
def browser_as(page, live_server, axe):
    return Browser(page, live_server, axe)
