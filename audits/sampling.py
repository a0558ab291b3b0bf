"""Read a case sample uploaded as a CSV file, checking every row before anything is saved.

The file has one header row naming the columns ``reference, case_type, team,
primary_support_reason, age_band`` (in any order; "Case type" is read as ``case_type``),
then one row per case. Values may be the codes or the labels people see, in any case.

The check is all-or-nothing and reports *every* problem with its row number (the header
is row 1, as in a spreadsheet), its column and what to do. The file is read line by line
and reading stops at the row cap, so a huge file is refused without being held in memory.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from auditportal.text import problem as refused_text
from auditportal.text import visible
from audits.identifiers import EXAMPLE_REFERENCE, find_identifiers, reference_problem
from audits.models import CaseFile

COLUMNS = ("reference", "case_type", "team", "primary_support_reason", "age_band")
REQUIRED = frozenset({"reference", "case_type", "primary_support_reason", "age_band"})
MAX_ROWS = 500
# 500 rows of the longest values fit comfortably; anything bigger is not a sample.
MAX_BYTES = 512 * 1024
MAX_LINE_BYTES = 4096
TEAM_MAX_LENGTH = CaseFile._meta.get_field("team").max_length

CHOICES = {
    "case_type": CaseFile.CaseType,
    "primary_support_reason": CaseFile.SupportReason,
    "age_band": CaseFile.AgeBand,
}
ARTICLES = {"case_type": "a", "primary_support_reason": "a", "age_band": "an"}
COLUMN_LABELS = {
    "reference": "reference",
    "case_type": "case type",
    "team": "team",
    "primary_support_reason": "primary support reason",
    "age_band": "age band",
}

# What other files start with, so a wrong file gets a message naming what it is.
SIGNATURES = (
    (b"\x89PNG", "an image (PNG)"),
    (b"\xff\xd8\xff", "an image (JPEG)"),
    (b"GIF8", "an image (GIF)"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "an Excel workbook or another zipped file"),
    (b"\xd0\xcf\x11\xe0", "an older Excel or Word file"),
    (b"{\\rtf", "a Word (RTF) document"),
)
SAVE_AS_CSV = (
    "In Excel, choose File, Save As, and pick “CSV UTF-8 (Comma delimited)”, "
    "or start from the template."
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: a row and column where it has them."""

    message: str
    row: int | None = None
    column: str | None = None

    @property
    def column_label(self) -> str:
        return COLUMN_LABELS.get(self.column, self.column or "")


@dataclass
class SampleFile:
    rows: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # The example a reference's problem gives: the host council's own style.
    example_reference: str = EXAMPLE_REFERENCE

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def _normalise(text: str) -> str:
    return re.sub(r"[\s_\-–—]+", " ", text.strip().lower())


def _lookup(choices) -> dict[str, str]:
    """Codes and labels, ignoring case, spacing, hyphens and underscores, to codes."""
    table = {}
    for value, label in choices.choices:
        table[_normalise(value)] = value
        table[_normalise(label)] = value
    return table


LOOKUPS = {column: _lookup(choices) for column, choices in CHOICES.items()}


def _header_name(text: str) -> str:
    return _normalise(text).replace(" ", "_")


def _lines(stream: IO[bytes]) -> Iterator[str]:
    """Decoded lines, one at a time; raises ``_FileProblem`` on bytes that are not UTF-8."""
    number = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            raise _FileProblem(
                f"Line {number} is longer than {MAX_LINE_BYTES:,} characters; "
                "a case needs only a short reference and four short values."
            )
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]  # Excel's "CSV UTF-8" starts with a byte order mark
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as error:
            bad = raw[error.start : error.start + 1].hex().upper()
            raise _FileProblem(
                f"The file is not saved as UTF-8: line {number} has a character it cannot "
                f"read (byte {bad}). {SAVE_AS_CSV}"
            ) from error


class _FileProblem(Exception):
    pass


def _sniff(stream: IO[bytes]) -> str | None:
    head = stream.read(512)
    stream.seek(0)
    for signature, what in SIGNATURES:
        if head.startswith(signature):
            return f"The file is {what}, not a CSV file. {SAVE_AS_CSV}"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return f"The file is saved as UTF-16 (“Unicode text”), not UTF-8. {SAVE_AS_CSV}"
    if b"\x00" in head:
        return f"The file is not a text file. {SAVE_AS_CSV}"
    return None


def _check_header(header: list[str]) -> tuple[list[str], list[Problem]]:
    names = [_header_name(cell) for cell in header]
    problems = []
    allowed = ", ".join(COLUMNS)
    if not any(names) or not set(names) & set(COLUMNS):
        first = visible(header[0].strip()) if header else ""
        problems.append(
            Problem(
                f"The first row must name the columns: {allowed}. This file starts with “{first}”.",
                row=1,
            )
        )
        return names, problems
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        problems.append(
            Problem(
                f"The file has no {', '.join(missing)} column"
                f"{'s' if len(missing) > 1 else ''}. The first row must name these columns: "
                f"{allowed}.",
                row=1,
            )
        )
    extra = [
        visible(cell.strip()) or "(blank)"
        for cell, name in zip(header, names, strict=True)
        if name not in COLUMNS
    ]
    if extra:
        problems.append(
            Problem(
                f"Remove the column{'s' if len(extra) > 1 else ''} "
                f"{', '.join(f'“{e}”' for e in extra)}: a sample has only the columns {allowed}, "
                "so that nothing identifying travels with it.",
                row=1,
            )
        )
    repeated = sorted({name for name in names if name in COLUMNS and names.count(name) > 1})
    if repeated:
        problems.append(Problem(f"The column {', '.join(repeated)} appears more than once.", row=1))
    return names, problems


def _check_value(
    column: str, value: str, row: int, like: str = EXAMPLE_REFERENCE
) -> tuple[str, Problem | None]:
    refused = refused_text(value)
    if refused:
        return value, Problem(str(refused), row, column)
    value = value.strip()
    if column == "reference":
        problem = reference_problem(value, like=like)
        return value, Problem(problem, row, column) if problem else None
    if column == "team":
        if len(value) > TEAM_MAX_LENGTH:
            return value, Problem(
                f"Shorten the team to {TEAM_MAX_LENGTH} characters or fewer.", row, column
            )
        if find_identifiers(value):
            return value, Problem(
                "Enter the team's name only, such as “Locality team North”: "
                "this looks like a personal identifier.",
                row,
                column,
            )
        return value, None
    if not value:
        return value, Problem(
            f"Enter the {COLUMN_LABELS[column]}. Use one of: {_allowed(column)}.", row, column
        )
    code = LOOKUPS[column].get(_normalise(value))
    if code is None:
        return value, Problem(
            f"“{visible(value)}” is not {ARTICLES[column]} {COLUMN_LABELS[column]}. "
            f"Use one of: {_allowed(column)}.",
            row,
            column,
        )
    return code, None


def _allowed(column: str) -> str:
    return ", ".join(label for _, label in CHOICES[column].choices)


def read_sample(
    upload, *, existing_references=(), example_reference=EXAMPLE_REFERENCE
) -> SampleFile:
    """Check an uploaded sample file; ``rows`` holds clean values only when ``problems`` is empty.

    ``upload`` is a Django ``UploadedFile`` (or any binary file with ``size``).
    ``existing_references`` are the references already in the visit's sample;
    ``example_reference`` is the example messages give, in the host council's own style.
    """
    result = SampleFile(example_reference=example_reference)
    size = getattr(upload, "size", None)
    if size == 0:
        result.problems.append(Problem(f"The file is empty. {SAVE_AS_CSV}"))
        return result
    if size is not None and size > MAX_BYTES:
        result.problems.append(
            Problem(
                f"The file is {size / 1024 / 1024:.1f} MB; a sample file can be at most "
                f"{MAX_BYTES // 1024} KB ({MAX_ROWS} cases). A two-day visit covers about "
                "8 to 16 cases: upload only the sample, not the whole caseload."
            )
        )
        return result
    stream = getattr(upload, "file", upload)
    stream.seek(0)
    wrong_kind = _sniff(stream)
    if wrong_kind:
        result.problems.append(Problem(wrong_kind))
        return result
    try:
        _read_rows(stream, result, {ref.strip().upper() for ref in existing_references})
    except _FileProblem as problem:
        result.rows.clear()
        result.problems.append(Problem(str(problem)))
    except csv.Error as error:
        result.rows.clear()
        result.problems.append(Problem(f"The file cannot be read as CSV ({error}). {SAVE_AS_CSV}"))
    if result.problems:
        result.rows.clear()
    return result


def _read_rows(stream: IO[bytes], result: SampleFile, existing: set[str]) -> None:
    reader = csv.reader(_lines(stream))
    header = next(reader, None) or []
    while header and not header[-1].strip():
        header.pop()  # trailing empty columns that spreadsheets leave behind
    if not header:
        result.problems.append(Problem(f"The file is empty. {SAVE_AS_CSV}"))
        return
    names, header_problems = _check_header(header)
    if header_problems:
        result.problems.extend(header_problems)
        return
    seen: dict[str, int] = {}
    cases = 0
    for row_number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # spreadsheets often leave blank rows at the end
        if len(cells) > len(names) and not any(cell.strip() for cell in cells[len(names) :]):
            cells = cells[: len(names)]
        cases += 1
        if cases > MAX_ROWS:
            result.problems.append(
                Problem(
                    f"The file has more than {MAX_ROWS} cases; reading stopped at row "
                    f"{row_number}. A two-day visit covers about 8 to 16 cases: upload only "
                    "the sample.",
                    row=row_number,
                )
            )
            return
        if len(cells) != len(names):
            result.problems.append(
                Problem(
                    f"Row {row_number} has {len(cells)} values but there are {len(names)} "
                    "columns. If a value has a comma in it, put the value in double quotes.",
                    row=row_number,
                )
            )
            continue
        _check_row(dict(zip(names, cells, strict=True)), row_number, result, seen, existing)
    if not cases and not result.problems:
        result.problems.append(
            Problem(
                "The file names the columns but has no cases: add one row per case under "
                "the first row.",
                row=2,
            )
        )


def _check_row(raw: dict, row_number: int, result: SampleFile, seen: dict, existing: set) -> None:
    clean = {}
    for column in COLUMNS:
        value, problem = _check_value(column, raw[column], row_number, result.example_reference)
        if problem:
            result.problems.append(problem)
        clean[column] = value
    reference = clean["reference"]
    if reference_problem(reference):
        return  # already reported; a duplicate of a bad reference adds nothing
    key = reference.upper()
    if key in seen:
        result.problems.append(
            Problem(
                f"{reference} is already in row {seen[key]} of this file; "
                "each case needs its own reference.",
                row_number,
                "reference",
            )
        )
    elif key in existing:
        result.problems.append(
            Problem(
                f"{reference} is already in this visit's sample; remove this row or "
                "give the case its own reference.",
                row_number,
                "reference",
            )
        )
    seen.setdefault(key, row_number)
    result.rows.append(clean)


def template_csv() -> str:
    """The template people download: the header row only, so no example case is uploaded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    return buffer.getvalue()
