// Progressive enhancement only: every page works without this file.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();

// A wide table scrolls inside its wrapper rather than the whole page (400% zoom, phones).
// While it does, the wrapper takes keyboard focus, so arrow keys scroll it, and is named
// after the table's caption for screen readers.
function makeScrollable(wrap) {
  const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
  if (wrap.dataset.appScrollable === undefined && wrap.hasAttribute("tabindex")) {
    return; // the template made it focusable already
  }
  if (scrolls) {
    const caption = wrap.querySelector("caption");
    wrap.dataset.appScrollable = "";
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", (caption ? caption.textContent.trim() : "Table") + ", scrollable");
  } else if (wrap.dataset.appScrollable !== undefined) {
    delete wrap.dataset.appScrollable;
    ["tabindex", "role", "aria-label"].forEach((name) => wrap.removeAttribute(name));
  }
}

const wraps = document.querySelectorAll(".app-table-wrap");
if (wraps.length && "ResizeObserver" in window) {
  const observer = new ResizeObserver((entries) => entries.forEach((entry) => makeScrollable(entry.target)));
  wraps.forEach((wrap) => observer.observe(wrap));
}

// A page opened at an address with a #fragment (after the skip link, or a link to one
// question) moves focus to that fragment once it has loaded, taking it away from the error
// summary that GOV.UK Frontend focused. Give it back, so the errors are read out first.
const errorSummary = document.querySelector(".govuk-error-summary");
if (errorSummary && window.location.hash) {
  window.addEventListener("load", () => {
    window.requestAnimationFrame(() => {
      if (!errorSummary.contains(document.activeElement)) {
        errorSummary.setAttribute("tabindex", "-1");
        errorSummary.focus();
      }
    });
  });
}
