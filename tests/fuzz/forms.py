"""What the fuzzing needs: the forms of a page, read from its HTML, and hostile values.

A form's fields are taken from the page a person is shown (inputs, text areas, selects and
their options), so the fuzz posts what a browser could post, and a field added tomorrow is
fuzzed without anyone listing it.
"""

from __future__ import annotations

import os
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser

from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))
SKIPPED_NAMES = {"csrfmiddlewaretoken"}

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\ud800",
    "x\udfffy",
    "\u202eevil\u202c",
    "\u2066isolate\u2069",
    "\x07\x1b[31m",
    "\ufeff",
    "\uffff",
    "9" * 20,
    "-9" + "9" * 19,
    "-1",
    "0",
    "2147483648",
    "1e309",
    "NaN",
    "Infinity",
    "31",
    "13",
    "2027-02-30",
    "29/02/2027",
    "99999-12-31",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "{{ 7*7 }}",
    "../../etc/passwd",
    "A" * 100_000,
    "SAN-07",
    "NHS 943 476 5919",
    "😀" * 50,
]


@dataclass
class FormSpec:
    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> known choices
    files: list[str] = field(default_factory=list)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[FormSpec] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(FormSpec(attrs.get("action") or "", (attrs.get("method") or "get")))
            return
        if not self.forms:
            return
        form, name = self.forms[-1], attrs.get("name")
        if tag == "input" and name and name not in SKIPPED_NAMES:
            if attrs.get("type") == "file":
                form.files.append(name)
            elif attrs.get("type") not in {"submit", "button"}:
                choices = form.fields.setdefault(name, [])
                if attrs.get("value") is not None:
                    choices.append(attrs["value"])
        elif tag in {"textarea", "select"} and name:
            form.fields.setdefault(name, [])
            self._select = name if tag == "select" else None
        elif tag == "option" and self._select:
            form.fields[self._select].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def forms_on(html: str) -> list[FormSpec]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def form_posting_to(html: str, path: str) -> FormSpec:
    """The page's form that posts back to ``path`` (or to itself)."""
    for form in forms_on(html):
        if form.method.lower() == "post" and form.action in ("", path):
            return form
    raise AssertionError(f"no form posting to {path} on the page")


def hostile_text() -> st.SearchStrategy[str]:
    specials = st.sampled_from(HOSTILE)
    mixed = st.lists(
        st.one_of(specials, st.text(max_size=30), st.characters(codec=None)), max_size=4
    ).map("".join)
    return st.one_of(specials, mixed, st.text(max_size=200), st.integers().map(str))


def values_for(spec: FormSpec) -> st.SearchStrategy[dict]:
    """Each field either a known choice (so deeper checks are reached) or hostile text."""
    fields = {
        name: st.one_of(st.sampled_from(choices), hostile_text()) if choices else hostile_text()
        for name, choices in spec.fields.items()
    }
    return st.fixed_dictionaries(fields)


def encoded(data: dict) -> bytes:
    """A form body as a browser would send it, lone surrogates and all."""
    return urllib.parse.urlencode(data, encoding="utf-8", errors="surrogatepass").encode("ascii")
