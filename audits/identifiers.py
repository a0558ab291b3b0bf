"""Spot personal identifiers in free text and in case references.

Case references must be pseudonymous keys (such as ``DUD-07``) and notes must not carry
names, NHS or National Insurance numbers, postcodes, dates of birth, e-mail addresses or
phone numbers (DESIGN.md, "Access rules"; DOMAIN.md, "Information governance").

The rules lean towards precision: practice notes are full of section numbers ("s.42"),
Acts ("Care Act 2014"), scores ("3/4"), team numbers and meeting dates, and a form that
cries wolf on every note teaches people to click past it. Pure standard library.
"""

import re
from dataclasses import dataclass

NHS_NUMBER = "NHS number"
NI_NUMBER = "National Insurance number"
POSTCODE = "postcode"
DATE_OF_BIRTH = "date of birth"
EMAIL = "e-mail address"
PHONE = "phone number"
PERSONAL_NAME = "personal name"

KINDS = (NHS_NUMBER, NI_NUMBER, POSTCODE, DATE_OF_BIRTH, EMAIL, PHONE, PERSONAL_NAME)

EXAMPLE_REFERENCE = "DUD-07"
MAX_REFERENCE_LENGTH = 30

# Curly quotes as escapes, so no linter mistakes them for stray ASCII look-alikes.
_OPEN = "\u201c"
_CLOSE = "\u201d"

_SINGULAR = {
    NHS_NUMBER: "an NHS number",
    NI_NUMBER: "a National Insurance number",
    POSTCODE: "a postcode",
    DATE_OF_BIRTH: "a date of birth",
    EMAIL: "an e-mail address",
    PHONE: "a phone number",
    PERSONAL_NAME: "a personal name",
}
_PLURAL = {
    NHS_NUMBER: "NHS numbers",
    NI_NUMBER: "National Insurance numbers",
    POSTCODE: "postcodes",
    DATE_OF_BIRTH: "dates of birth",
    EMAIL: "e-mail addresses",
    PHONE: "phone numbers",
    PERSONAL_NAME: "personal names",
}


@dataclass(frozen=True)
class SuspectIdentifier:
    kind: str
    text: str
    start: int
    end: int


# --- NHS number -------------------------------------------------------------------------

# Ten digits, either run together or grouped 3-3-4 with one kind of separator.
_NHS_RE = re.compile(r"(?<!\d)(?<!\d[ -])\d{3}([ -]?)\d{3}\1\d{4}(?!\d)(?![ -]\d)")


def _nhs_check_digit_ok(digits: str) -> bool:
    """The NHS modulus 11 check: weights 10..2 on the first nine digits."""
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


# --- National Insurance number ----------------------------------------------------------

# HMRC never issues D, F, I, Q, U, V first, nor D, F, I, O, Q, U, V second, nor the
# prefixes BG, GB, NK, KN, TN, NT, ZZ. So the QQ 12 34 56 C used in guidance is not flagged.
_NI_RE = re.compile(
    r"(?<![A-Za-z0-9])"
    r"(?!BG|GB|NK|KN|TN|NT|ZZ)"
    r"[ABCEGHJ-PRSTW-Z][ABCEGHJ-NPRSTW-Z]"
    r" ?\d{2} ?\d{2} ?\d{2} ?[A-D]"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)


# --- Postcode ---------------------------------------------------------------------------

# The full Royal Mail shape (outward and inward code); a lone outward code such as "B1"
# or "WS2" names an area, not an address, and is not flagged.
_POSTCODE_RE = re.compile(
    r"(?<![A-Za-z0-9])"
    r"(?:GIR ?0AA|"
    r"(?:[A-PR-UWYZ]\d[A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y]\d[ABEHMNPRVWXY]"
    r"|[A-PR-UWYZ][A-HK-Y]\d\d?"
    r"|[A-PR-UWYZ]\d\d?)"
    r" ?\d[ABD-HJLNP-UW-Z]{2})"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)


# --- Dates ------------------------------------------------------------------------------

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORDINAL = r"(?:st|nd|rd|th)?"

# dd/mm/yyyy, dd-mm-yy, dd.mm.yyyy ... with the same separator twice, not part of a longer
# run such as a paragraph number "1.2.3.4".
_DMY_NUMERIC_RE = re.compile(
    r"(?<!\d)(?<!\d[/.-])"
    r"(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})"
    r"(?!\d)(?![/.-]\d)"
)
# yyyy-mm-dd (and yyyy/mm/dd).
_ISO_RE = re.compile(
    r"(?<!\d)(?<!\d[/.-])"
    r"(?P<year>\d{4})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
    r"(?!\d)(?![/.-]\d)"
)
# "3 March 1948", "3rd of March 1948", "03-Mar-1948".
_DMY_WORDS_RE = re.compile(
    rf"(?<![A-Za-z0-9])(?P<day>\d{{1,2}}){_ORDINAL}(?:\s+of)?[\s-]+"
    rf"(?P<month>{_MONTH})(?![a-z])\.?,?[\s-]+(?P<year>\d{{4}}|\d{{2}})(?!\d)",
    re.IGNORECASE,
)
# "March 3, 1948", "Mar 3rd 1948".
_MDY_WORDS_RE = re.compile(
    rf"(?<![A-Za-z])(?P<month>{_MONTH})(?![a-z])\.?\s+(?P<day>\d{{1,2}}){_ORDINAL}"
    rf",?\s+(?P<year>\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_DATE_RES = (_DMY_NUMERIC_RE, _ISO_RE, _DMY_WORDS_RE, _MDY_WORDS_RE)

# Cue words for a date of birth: DOB, D.O.B., DoB, date of birth, birth date, born.
_DOB_CUE_RE = re.compile(
    r"(?<![A-Za-z])(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s*date|born)(?![A-Za-z])",
    re.IGNORECASE,
)
_CUE_DISTANCE = 20

# A full date before this year in a case note is almost always someone's date of birth;
# meeting and assessment dates are recent.
_BIRTH_YEAR_BEFORE = 1990
_EARLIEST_YEAR = 1900


def _month_number(value: str) -> int:
    if value.isdigit():
        return int(value)
    return _MONTHS[value[:3].lower()]


def _valid_day_month(day: str, month: str) -> bool:
    return 1 <= int(day) <= 31 and 1 <= _month_number(month) <= 12


def _has_dob_cue(text: str, start: int) -> bool:
    window_start = max(0, start - _CUE_DISTANCE - 20)
    return any(
        start - cue.end() <= _CUE_DISTANCE
        for cue in _DOB_CUE_RE.finditer(text, window_start, start)
    )


def _dates(text: str) -> list[SuspectIdentifier]:
    found = []
    for pattern in _DATE_RES:
        for match in pattern.finditer(text):
            if not _valid_day_month(match["day"], match["month"]):
                continue
            year = match["year"]
            # A two-digit year is too ambiguous ("para 4.3.12") to flag without a cue.
            old = len(year) == 4 and _EARLIEST_YEAR <= int(year) < _BIRTH_YEAR_BEFORE
            if old or _has_dob_cue(text, match.start()):
                found.append(_suspect(DATE_OF_BIRTH, match))
    return found


# --- E-mail address ---------------------------------------------------------------------

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_EMAIL_RE = re.compile(
    rf"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@{_LABEL}(?:\.{_LABEL})*\.[A-Za-z]{{2,}}"
    r"(?![\w-])"
)


# --- Phone number -----------------------------------------------------------------------

# 11 digits starting 0, in any usual grouping; +44 and ten digits; or a bracketed area
# code. Digit counts are exact, so years, extensions and team numbers never match.
_PHONE_RE = re.compile(
    r"(?<![\d+])(?:"
    r"\+44[ -]?(?:\(0\)[ -]?)?[1-9](?:[ -]?\d){9}"
    r"|\(0\d{2}\)[ -]?\d(?:[ -]?\d){7}"
    r"|\(0\d{3}\)[ -]?\d(?:[ -]?\d){6}"
    r"|\(0\d{4}\)[ -]?\d(?:[ -]?\d){5}"
    r"|0(?:[ -]?\d){10}"
    r")(?!\d)"
)


def _plausible_phone_grouping(number: str) -> bool:
    """Reject odd spacing such as "0 1 2 1 3 0 3 1 2 3 4": real groups are 2+ digits."""
    if number.startswith(("+", "(")):
        return True
    groups = re.split(r"[ -]", number)
    return len(groups) <= 4 and len(groups[0]) >= 3 and all(len(g) >= 2 for g in groups)


# --- Personal name ----------------------------------------------------------------------

# Only a name introduced by a title; bare names cannot be told from ordinary words.
# Initials alone ("Mrs A") are the usual way of anonymising a person, so they are allowed.
_NAME_WORD = r"(?:[A-Z]['\u2019])?(?:Ma?c)?[A-Z][a-z]+(?:-(?:[A-Z]['\u2019])?[A-Z][a-z]+)*"
_NAME_RE = re.compile(
    r"(?<![A-Za-z])(?:Mrs|Mr|Ms|Miss|Mx|Dr)(?![A-Za-z])\.?\s+"
    rf"(?:[A-Z]\.?\s+){{0,3}}(?P<name>{_NAME_WORD})(?:\s+{_NAME_WORD}){{0,2}}"
    r"(?![A-Za-z])"
)
# Capitalised words that follow a title without being a name ("meeting on Ms Teams").
_NOT_NAMES = frozenset({"Teams", "Word", "Excel", "Office", "Outlook", "Forms"})


# --- Putting it together ----------------------------------------------------------------


def _suspect(kind: str, match: re.Match[str]) -> SuspectIdentifier:
    return SuspectIdentifier(kind, match.group(), match.start(), match.end())


def _candidates(text: str) -> list[SuspectIdentifier]:
    found = [
        _suspect(NHS_NUMBER, m)
        for m in _NHS_RE.finditer(text)
        if _nhs_check_digit_ok(re.sub(r"\D", "", m.group()))
    ]
    found += [_suspect(NI_NUMBER, m) for m in _NI_RE.finditer(text)]
    found += [_suspect(POSTCODE, m) for m in _POSTCODE_RE.finditer(text)]
    found += _dates(text)
    found += [_suspect(EMAIL, m) for m in _EMAIL_RE.finditer(text)]
    found += [
        _suspect(PHONE, m) for m in _PHONE_RE.finditer(text) if _plausible_phone_grouping(m.group())
    ]
    found += [
        _suspect(PERSONAL_NAME, m) for m in _NAME_RE.finditer(text) if m["name"] not in _NOT_NAMES
    ]
    return found


def find_identifiers(text: str) -> list[SuspectIdentifier]:
    """Every part of free text that looks like a personal identifier, in order of position."""
    # Earliest first, then longest; a span that overlaps one already kept is dropped.
    candidates = sorted(_candidates(text), key=lambda s: (s.start, s.start - s.end))
    kept: list[SuspectIdentifier] = []
    for suspect in candidates:
        if not kept or suspect.start >= kept[-1].end:
            kept.append(suspect)
    return kept


def describe(suspects: list[SuspectIdentifier]) -> str:
    """One sentence for a form error naming each suspect, grouped by kind."""
    if not suspects:
        return ""
    by_kind: dict[str, list[str]] = {}
    for suspect in suspects:
        by_kind.setdefault(suspect.kind, []).append(f"{_OPEN}{suspect.text}{_CLOSE}")
    parts = [
        f"{_SINGULAR[kind]}: {texts[0]}"
        if len(texts) == 1
        else f"{_PLURAL[kind]}: {', '.join(texts)}"
        for kind, texts in by_kind.items()
    ]
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    if len(suspects) == 1:
        advice = "Remove it, or confirm it is not a personal identifier."
    else:
        advice = "Remove them, or confirm they are not personal identifiers."
    return f"This looks like {listed}. {advice}"


# --- Case references --------------------------------------------------------------------

_REFERENCE_CHARS_RE = re.compile(r"[A-Za-z0-9_./-]+")
# Compact eight-digit dates: yyyymmdd or ddmmyyyy.
_COMPACT_DATE_RE = re.compile(r"(?<!\d)\d{8}(?!\d)")


def _looks_like_date(reference: str) -> str | None:
    """The first date-like part of a reference, whatever its year, or None."""
    for pattern in _DATE_RES:
        for match in pattern.finditer(reference):
            if _valid_day_month(match["day"], match["month"]):
                return match.group()
    for match in _COMPACT_DATE_RE.finditer(reference):
        digits = match.group()
        for year, month, day in (
            (digits[:4], digits[4:6], digits[6:]),
            (digits[4:], digits[2:4], digits[:2]),
        ):
            if 1900 <= int(year) <= 2099 and _valid_day_month(day, month):
                return digits
    return None


# A council's own references: letters, an optional separator, then digits ("SAN-07", "WM/0012").
_REFERENCE_STYLE_RE = re.compile(r"^([A-Za-z]{1,10}[-/ ]?)(\d{1,8})$")


def example_reference(council_name: str, latest: str | None = None) -> str:
    """A made-up reference in a council's own style, for hints and messages.

    From ``latest`` (a reference the council used before) when it has the usual shape, its
    letters and separator with the number 7 in as many digits ("SW-0012" gives "SW-0007");
    otherwise the first three letters of the council's name ("Sandwell" gives "SAN-07"), so
    nobody is shown another council's references.
    """
    match = _REFERENCE_STYLE_RE.match((latest or "").strip())
    if match:
        prefix, digits = match.groups()
        return f"{prefix.upper()}{7:0{len(digits)}d}" if len(digits) > 1 else f"{prefix.upper()}7"
    letters = re.sub(r"[^A-Za-z]", "", council_name)[:3].upper()
    return f"{letters or 'REF'}-07"


def reference_problem(reference: str, *, like: str = EXAMPLE_REFERENCE) -> str | None:
    """Why a case reference is not acceptable as a pseudonymous key, or None when it is fine.

    ``like`` is the example the message gives: the host council's own style where known.
    """
    reference = reference.strip()
    example = f"such as {like}"
    if not reference:
        return f"Enter a case reference, {example}."

    suspects = find_identifiers(reference)
    if suspects:
        first = suspects[0]
        looks_like = "a person's name" if first.kind == PERSONAL_NAME else _SINGULAR[first.kind]
        return (
            f"A case reference must be pseudonymous, {example}. "
            f"{_OPEN}{first.text}{_CLOSE} looks like {looks_like}."
        )

    date = _looks_like_date(reference)
    if date:
        return (
            f"A case reference must not contain a date, {example}. "
            f"{_OPEN}{date}{_CLOSE} looks like a date and could be a date of birth."
        )

    if len(reference) > MAX_REFERENCE_LENGTH:
        return (
            f"A case reference must be {MAX_REFERENCE_LENGTH} characters or fewer "
            f"(this one has {len(reference)}). Use the short pseudonymous key, {example}."
        )

    if re.search(r"\s", reference):
        return (
            f"A case reference must not contain spaces: names have them, pseudonymous "
            f"keys {example} do not. Use the key, not the person's name."
        )

    if not _REFERENCE_CHARS_RE.fullmatch(reference):
        bad = "".join(dict.fromkeys(re.sub(r"[A-Za-z0-9_./-]", "", reference)))
        return (
            "A case reference can only use the letters A to Z, digits, hyphens, "
            f"underscores, slashes and full stops, {example}. "
            f"Remove {_OPEN}{bad}{_CLOSE}."
        )

    # A pseudonymous key always carries a number; a digitless one is a word or a name.
    if not any(ch.isdigit() for ch in reference):
        return (
            f"A case reference must contain at least one digit, {example}. "
            f"{_OPEN}{reference}{_CLOSE} has none and could be a word or a person's name."
        )
    return None
