"""The auditor's journey with the keyboard alone: Tab, Shift+Tab, Enter and Space.

Priya skips to the content, opens SAN-01 from the visit's case list, answers a question and
writes its note, goes back to "Check answers and submit", submits too early, and lands on the
error summary, which has focus and leads to what is missing. On every page, each control is
reached by Tab in the order of the page, and each shows where the focus is.
"""

import re

import pytest
from playwright.sync_api import expect

from audits.models import Answer
from tests.e2e.scenes import sandwell_visit

# The focused element, described so that a failure says which control and how it looks.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  // GOV.UK radios and checkboxes hide the input and draw the focus ring on the label.
  const label = el.matches(".govuk-radios__input, .govuk-checkboxes__input")
    ? getComputedStyle(el.nextElementSibling, "::before") : null;
  const box = el.getBoundingClientRect();
  return {
    key: [...document.querySelectorAll("*")].indexOf(el) + ":" + el.tagName.toLowerCase()
      + "#" + (el.id || "") + "|" + (el.getAttribute("href") || ""),
    text: ((el.matches("input[type=radio], input[type=checkbox]") && el.labels.length
      ? el.labels[0].innerText : el.innerText || el.value || el.getAttribute("aria-label"))
      || "").trim().slice(0, 60),
    top: box.top + window.scrollY,
    visibleBox: box.width > 1 && box.height > 1,
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2
      && !/rgba\\(0, 0, 0, 0\\)|transparent/.test(style.outlineColor),
    shadow: style.boxShadow !== "none" || (label !== null && label.boxShadow !== "none"),
    background: style.backgroundColor === "rgb(255, 221, 0)",
  };
}"""

# Every control a keyboard user should reach, in document order: one stop per radio group.
CONTROLS = """() => {
  const selector = "a[href], button, input, select, textarea, summary, [tabindex]";
  const seenGroups = new Set();
  return [...document.querySelectorAll(selector)].filter((el) => {
    if (el.disabled || el.tabIndex < 0 || el.type === "hidden") return false;
    if (!el.getClientRects().length || getComputedStyle(el).visibility === "hidden") return false;
    if (el.closest("[hidden], details:not([open]) > :not(summary)")) return false;
    if (el.type === "radio") {
      if (seenGroups.has(el.name)) return false;
      seenGroups.add(el.name);
    }
    return true;
  }).map((el) => [...document.querySelectorAll("*")].indexOf(el) + ":"
    + el.tagName.toLowerCase() + "#" + (el.id || "") + "|" + (el.getAttribute("href") || ""));
}"""


class Keyboard:
    """Drive one page with Tab, Shift+Tab, Enter and Space, and check each focus stop."""

    def __init__(self, browser):
        self.browser, self.page = browser, browser.page

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUSED)

    def press(self, key: str) -> dict | None:
        assert key in ("Tab", "Shift+Tab", "Enter", "Space"), key
        self.page.keyboard.press(key)
        if key == "Enter":  # it may follow a link or send a form
            self.page.wait_for_load_state()
            return None
        return self.focused()

    def follow(self, url_pattern):
        """Press Enter on the focused link or button and arrive at ``url_pattern``."""
        with self.page.expect_navigation(url=url_pattern):
            self.page.keyboard.press("Enter")
        self.page.wait_for_load_state()

    def tab_to(self, text: str, *, key: str = "Tab", limit: int = 150) -> dict:
        for _ in range(limit):
            stop = self.press(key)
            if stop and stop["text"] == text:
                return stop
        raise AssertionError(f"{text!r} cannot be reached with {key} on {self.page.url}")

    def tab_through_the_page(self):
        """From the top, Tab to the end: every control once, in page order, focus visible."""
        self.from_the_top()
        expected = self.page.evaluate(CONTROLS)
        reached, hidden_focus = [], []
        stop = self.press("Tab")
        while stop and stop["key"] not in reached:
            reached.append(stop["key"])
            if not stop["visibleBox"] or not (
                stop["outline"] or stop["shadow"] or stop["background"]
            ):
                hidden_focus.append(stop)
            stop = self.press("Tab")
            if len(reached) > 300:
                break
        assert not hidden_focus, f"focus cannot be seen on {self.page.url}: {hidden_focus}"
        missing = [key for key in expected if key not in reached]
        assert not missing, f"not reached by Tab on {self.page.url}: {missing}"
        in_page_order = [key for key in reached if key in expected]
        assert in_page_order == [k for k in expected if k in reached], (
            f"Tab order differs from the page's order on {self.page.url}"
        )
        # Shift+Tab walks back the same way.
        self.from_the_top()
        self.press("Tab")
        self.press("Tab")
        assert self.press("Shift+Tab")["key"] == reached[0]

    def from_the_top(self):
        """As the page first loads: the next Tab goes to its first control."""
        self.page.reload()
        self.page.wait_for_load_state()

    def skip_to_content(self):
        self.from_the_top()
        stop = self.press("Tab")
        assert stop["text"] == "Skip to main content" and stop["visibleBox"], stop
        self.press("Enter")
        expect(self.page.locator("main#main-content")).to_be_focused()


@pytest.fixture
def scene(cast):
    visit = sandwell_visit(cast, cases=2)
    cast.visit, cast.case = visit, visit.case_files.get(reference="SAN-01")
    return cast


def test_the_auditor_audits_with_the_keyboard_alone(signed_in, scene):
    browser = signed_in(scene.auditor)
    page = browser.open(f"/visits/{scene.visit.pk}/cases/")
    keys = Keyboard(browser)
    keys.tab_through_the_page()
    keys.skip_to_content()
    keys.tab_to("SAN-01")
    keys.follow(re.compile(rf"/cases/{scene.case.pk}/(#.*)?$"))
    browser.check_accessibility()

    keys.tab_through_the_page()
    keys.skip_to_content()
    # The first question's first answer, Met, chosen with Space; then its note, typed.
    keys.tab_to("Met")
    keys.press("Space")
    stop = keys.press("Tab")
    assert "textarea#id_t1-q1-note" in stop["key"], stop
    page.keyboard.type("Reviewed yearly with the person and their daughter.")
    saved = page.locator("#question-t1-q1 [data-save-status]")
    expect(saved).to_have_text("Saved")
    expect(saved).to_have_attribute("aria-live", "polite")  # screen readers announce it
    answer = Answer.objects.get(case_file=scene.case, question__key="t1-q1")
    assert (answer.level.key, answer.note) == (
        "met",
        "Reviewed yearly with the person and their daughter.",
    )

    keys.tab_to("Check answers and submit", key="Shift+Tab")
    keys.follow(re.compile(r"/check/(#.*)?$"))
    browser.check_accessibility()
    # Nothing to submit while answers are missing: what is left, theme by theme, as links.
    expect(page.locator("#still-to-do")).to_contain_text("You cannot submit SAN-01 yet")
    expect(page.get_by_role("button", name="Submit for review")).to_have_count(0)
    keys.tab_through_the_page()
    keys.skip_to_content()
    keys.tab_to("Choose an answer for: Question 2 of theme 1?")
    keys.follow(re.compile(rf"/cases/{scene.case.pk}/\?theme=t1"))
