"""A small Excel (XLSX) writer for the regional exports: text, whole and decimal numbers, dates
and dates with times; a bold, frozen header row with a filter on it; column widths.

openpyxl's write-only mode spends about 90 µs on each cell, so a region's export of 170 visits
(some 145,000 cells) took seconds of a web worker; writing each row's XML directly takes a few
microseconds a cell. What it writes is the subset of SpreadsheetML (ECMA-376) that Excel,
LibreOffice and openpyxl read: inline strings, one style sheet, no shared strings.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

# Styles by index in styles.xml's cellXfs: plain, bold header, date, date and time.
PLAIN, BOLD, DATE, DATE_TIME = 0, 1, 2, 3
EPOCH = datetime.datetime(1899, 12, 30)  # Excel's day 0, counting 1900 as a leap year
# XML 1.0 refuses these control characters; a spreadsheet cell has no use for them.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
DOC = "application/vnd.openxmlformats-officedocument.spreadsheetml"

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}">
<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="dd/mm/yyyy hh:mm"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""  # noqa: E501 (one style sheet, kept as Excel writes it)


def _text(value: str, ref: str, style: int) -> str:
    text = escape(ILLEGAL.sub("", value))
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    styled = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{styled} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def cell(value, ref: str, style: int = PLAIN) -> str:
    """One cell's XML: numbers as numbers, dates as Excel's day numbers, the rest as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _text("TRUE" if value else "FALSE", ref, style)
    if isinstance(value, int | float):
        styled = f' s="{style}"' if style else ""
        return f'<c r="{ref}"{styled}><v>{value!r}</v></c>'
    if isinstance(value, datetime.datetime):
        days = (value.replace(tzinfo=None) - EPOCH).total_seconds() / 86400
        return f'<c r="{ref}" s="{DATE_TIME}"><v>{days!r}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c r="{ref}" s="{DATE}"><v>{(value - EPOCH.date()).days}</v></c>'
    return _text(str(value), ref, style)


class Sheet:
    def __init__(self, title: str, header: list[str], rows: Iterable[list], widths: list[int]):
        self.title, self.header, self.rows, self.widths = title, header, rows, widths

    def xml(self) -> str:
        letters = [get_column_letter(n) for n in range(1, len(self.header) + 1)]
        heading = "".join(cell(v, f"{c}1", BOLD) for c, v in zip(letters, self.header, strict=True))
        parts = [f'<row r="1">{heading}</row>']
        number = 1
        for number, row in enumerate(self.rows, start=2):
            cells = "".join(cell(v, f"{c}{number}") for c, v in zip(letters, row, strict=False))
            parts.append(f'<row r="{number}">{cells}</row>')
        self.filter_ref = f"A1:{letters[-1]}{number}"
        cols = "".join(
            f'<col min="{n}" max="{n}" width="{w}" customWidth="1"/>'
            for n, w in enumerate(self.widths, start=1)
        )
        frozen = (
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" '
            'sqref="A2"/></sheetView></sheetViews>'
        )
        return (
            f'{HEAD}<worksheet xmlns="{MAIN}" '
            f'xmlns:r="{REL}">{frozen}<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols>'
            f"<sheetData>{''.join(parts)}</sheetData>"
            f'<autoFilter ref="{self.filter_ref}"/></worksheet>'
        )


def workbook(sheets: list[Sheet]) -> bytes:
    """The .xlsx file: the sheets in order, each with its filter named as Excel names it."""
    parts = [sheet.xml() for sheet in sheets]  # first: each names its filter's range
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=5) as package:
        package.writestr("[Content_Types].xml", _content_types(len(sheets)))
        package.writestr(
            "_rels/.rels",
            f'{HEAD}<Relationships xmlns="{PACKAGE_REL}">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        package.writestr("xl/workbook.xml", _workbook_xml(sheets))
        package.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        package.writestr("xl/styles.xml", STYLES)
        for n, xml in enumerate(parts, start=1):
            package.writestr(f"xl/worksheets/sheet{n}.xml", xml)
    return buffer.getvalue()


def _content_types(count: int) -> str:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{SHEET_TYPE}"/>'
        for n in range(1, count + 1)
    )
    return (
        f'{HEAD}<Types xmlns="{TYPES}">'
        f'<Default Extension="rels" ContentType="{RELS_TYPE}"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{DOC}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{DOC}.styles+xml"/>{sheets}</Types>'
    )


def _workbook_xml(sheets: list[Sheet]) -> str:
    entries = "".join(
        f'<sheet name={quoteattr(s.title)} sheetId="{n}" r:id="rId{n}"/>'
        for n, s in enumerate(sheets, start=1)
    )
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
        f"{escape(_absolute(s.title, s.filter_ref))}</definedName>"
        for n, s in enumerate(sheets)
    )
    return (
        f'{HEAD}<workbook xmlns="{MAIN}" '
        f'xmlns:r="{REL}"><bookViews><workbookView/></bookViews><sheets>{entries}</sheets>'
        f"<definedNames>{names}</definedNames></workbook>"
    )


def _absolute(title: str, ref: str) -> str:
    first, last = ref.split(":")
    quoted = "'" + title.replace("'", "''") + "'"

    def dollars(one: str) -> str:
        column = one.rstrip("0123456789")
        return f"${column}${one[len(column) :]}"

    return f"{quoted}!{dollars(first)}:{dollars(last)}"


def _workbook_rels(count: int) -> str:
    sheets = "".join(
        f'<Relationship Id="rId{n}" Type="{REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, count + 1)
    )
    return (
        f'{HEAD}<Relationships xmlns="{PACKAGE_REL}">'
        f'{sheets}<Relationship Id="rId{count + 1}" Type="{REL}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
