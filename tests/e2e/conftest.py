"""Browser journeys: Playwright for Python driving Debian's Chromium against the live server.

Never `playwright install`: the browser is the system's. Without it these tests are
skipped with a reason that says how to install it, never silently passed.
"""

import shutil
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.base import PASSWORD, TOTP_SECRET, Cast, authenticator_code

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = Path(CHROMIUM).exists()
NO_CHROMIUM = (
    "Debian's chromium is not installed, so the browser journeys cannot run: "
    "apt-get install --no-install-recommends chromium (make test does this when it runs as root)"
)
SERIOUS = {"serious", "critical"}
# How long a journey waits for what it expects to see before calling it missing. Every wait is
# on the page (Playwright's auto-waiting actions and ``expect``), so a quick page costs no more
# than it takes; the limit is only generous enough for a machine whose cores are busy with
# other work while the server renders a PDF.
TIMEOUT_MS = 60_000
expect.set_options(timeout=TIMEOUT_MS)
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


@pytest.fixture
def new_context(new_context):
    """pytest-playwright's browser contexts (closed, and screenshot on failure, by it), each
    waiting as long as the journeys do."""

    def open_context(**options):
        context = new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        return context

    return open_context


class Answering:
    """Wraps the live server's application to know when no request is being answered."""

    def __init__(self, app):
        self.app, self.count, self.changed = app, 0, threading.Condition()

    def __call__(self, environ, start_response):
        with self.changed:
            self.count += 1
        try:
            return self.app(environ, start_response)
        finally:
            with self.changed:
                self.count -= 1
                self.changed.notify_all()

    def wait_until_idle(self) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.count == 0, timeout=TIMEOUT_MS / 1000)


@pytest.fixture(scope="session")
def answering(live_server) -> Answering:
    server = live_server.thread.httpd
    if not isinstance(server.get_app(), Answering):
        server.set_app(Answering(server.get_app()))
    return server.get_app()


@pytest.fixture(autouse=True)
def server_finishes_before_the_database_is_emptied(transactional_db, answering):
    """A journey that fails while the server is still answering (issuing a report, say) must
    not leave that request holding the database while it is emptied for the next journey:
    the browsers close first (their fixtures come later, so end sooner), then this waits for
    the last answer. Otherwise one failure shows up as several unrelated ones."""
    yield
    answering.wait_until_idle()


class Browser:
    """What a person does in the browser, in words the journeys can read."""

    def __init__(self, page, live_server, axe):
        self.page, self.base, self.axe = page, live_server.url, axe
        self.checked: set[str] = set()
        self.authenticator = AuthenticatorApp()

    def open(self, path: str):
        self.page.goto(self.base + path)
        self.check_accessibility()
        return self.page

    def account_bar(self):
        """The bar that says who is signed in: there once a person is fully signed in."""
        return self.page.locator(".app-account-bar")

    def sign_in(self, person, password: str = PASSWORD, secret: str = TOTP_SECRET):
        page = self.page
        page.goto(self.base + "/accounts/login/")
        page.get_by_label("E-mail address").fill(person.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        code_prompt = page.get_by_role("heading", name="Enter your sign-in code")
        refusal = page.locator(".govuk-error-summary")
        # The next page is the code prompt, or the service itself (signed in, or sent to set
        # up an app); the sign-in page again only with a refusal on it.
        expect(code_prompt.or_(self.account_bar()).or_(refusal)).to_be_visible()
        assert not refusal.is_visible(), f"{person.email} was refused: {refusal.inner_text()}"
        self.check_accessibility()
        if code_prompt.is_visible():
            self.enter_code(person, secret)

    def enter_code(self, person, secret: str = TOTP_SECRET):
        """Type the code the person's authenticator app shows, as they would.

        A code counts only in its own 30 seconds: when the app moved on while the code was on
        its way, the page says it is not right and the person types the one the app shows now.
        """
        page = self.page
        refusal = page.locator(".govuk-error-summary")
        code = self.authenticator.code(person.email, secret)
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Continue").click()
        expect(self.account_bar().or_(refusal)).to_be_visible()
        if refusal.is_visible():
            assert authenticator_code(secret) != code, (
                f"{person.email}'s code was refused: {refusal.inner_text()}"
            )
            page.get_by_label("Code").fill(self.authenticator.code(person.email, secret))
            page.get_by_role("button", name="Continue").click()
        expect(self.account_bar()).to_be_visible()
        self.check_accessibility()

    def sign_out(self):
        self.page.get_by_role("button", name="Sign out").click()
        expect(self.account_bar()).to_have_count(0)

    def accessibility_problems(self) -> list[str]:
        """axe-core's serious and critical violations on the page as it stands."""
        results = self.axe.run(self.page)
        self.checked.add(self.page.url)
        return [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v.get("impact") in SERIOUS
        ]

    def check_accessibility(self):
        """axe-core on the page once it has loaded: no serious or critical violations."""
        self.page.wait_for_load_state()
        problems = self.accessibility_problems()
        report = "\n".join(problems)
        assert not problems, f"Accessibility problems on {self.page.url}:\n{report}"

    def fits_320_pixels(self) -> bool:
        """At 400% zoom a 1280px screen is 320 CSS pixels wide: nothing may scroll sideways."""
        self.page.set_viewport_size({"width": 320, "height": 800})
        wide = self.page.evaluate("document.documentElement.scrollWidth")
        self.page.set_viewport_size({"width": 1280, "height": 900})
        return wide <= 320

    def overflow_at_320_pixels(self) -> str:
        """Empty when the page fits 320 CSS pixels; otherwise what sticks out."""
        self.page.set_viewport_size({"width": 320, "height": 800})
        try:
            wide = self.page.evaluate("document.documentElement.scrollWidth")
            culprits = [] if wide <= 320 else self.page.evaluate(WIDER_THAN_VIEWPORT)
        finally:
            self.page.set_viewport_size({"width": 1280, "height": 900})
        return f"{wide}px wide at 320px: {culprits}" if wide > 320 else ""

    def assert_fits_320_pixels(self):
        overflow = self.overflow_at_320_pixels()
        assert not overflow, f"{self.page.url} is {overflow}"

    def click(self, role: str, name: str, **options):
        """Press a link or button and check the page it leads to."""
        self.page.get_by_role(role, name=name, **options).click()
        self.page.wait_for_load_state()
        self.check_accessibility()
        return self.page

    def heading(self):
        return self.page.get_by_role("heading", level=1)

    def refused(self, path: str, *, secrets: tuple[str, ...] = ()) -> int:
        """Open ``path`` and expect a refusal page (403 or 404), none of ``secrets`` on it."""
        try:
            response = self.page.goto(self.base + path)
        except PlaywrightError as error:  # a download starting means content was served
            raise AssertionError(f"{path} served something: {error}") from error
        assert response is not None and response.status in (403, 404), (
            f"{path} answered {response and response.status}, not a refusal"
        )
        expect(self.heading()).to_contain_text(
            "Page not found" if response.status == 404 else "You cannot"
        )
        body = self.page.locator("main").inner_text()
        for secret in secrets:
            assert secret not in body, f"{path} shows {secret!r}"
        self.check_accessibility()
        return response.status


class AuthenticatorApp:
    """The cast's authenticator app, as one journey's browser uses it.

    A code works once. No journey enters one person's code twice, so nothing waits for the
    app to show its next code; one that did within the same 30 seconds is stopped here with
    that reason, rather than by the server's vaguer refusal.
    """

    def __init__(self):
        self.entered: dict[str, str] = {}

    def code(self, email: str, secret: str = TOTP_SECRET) -> str:
        code = authenticator_code(secret)
        assert self.entered.get(email) != code, (
            f"{email}'s code {code} was entered already in this journey, and a code works "
            "once: sign in as someone else, or keep the first session"
        )
        self.entered[email] = code
        return code


# The elements wider than the viewport, deepest first, so a failure names the culprit.
WIDER_THAN_VIEWPORT = """() => {
  const width = document.documentElement.clientWidth;
  const sticksOut = (el) => el.getBoundingClientRect().right > width + 1;
  const name = (el) => el.tagName.toLowerCase()
    + (el.className ? "." + String(el.className).split(" ").join(".") : "")
    + " " + JSON.stringify((el.textContent || "").trim().slice(0, 40));
  return [...document.querySelectorAll("body *")]
    .filter((el) => sticksOut(el) && !el.closest(".govuk-visually-hidden"))
    .filter((el) => ![...el.children].some(sticksOut))
    .slice(0, 5)
    .map(name);
}"""


@pytest.fixture
def browser_as(page, live_server, axe):
    return Browser(page, live_server, axe)


@pytest.fixture
def signed_in(new_context, live_server, axe):
    """A browser for someone already signed in, in a context of their own.

    The session is made directly rather than through the sign-in form, which the sign-in
    journey covers; every page these browsers see still gets axe and a screenshot on failure.
    """

    def open_for(person) -> Browser:
        client = Client()
        client.force_login(person)
        context = new_context(viewport={"width": 1280, "height": 900})
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
        return Browser(context.new_page(), live_server, axe)

    return open_for
