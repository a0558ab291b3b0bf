"""What the suite checks of a PDF's claim to PDF/UA-1, reading its structure tree with pikepdf.

The accessibility statement (templates/pages/accessibility.html) lists exactly these checks;
change both together. They are some of the Matterhorn Protocol's machine-checkable failure
conditions, not all of them: a full PDF/UA validator (veraPDF) checks far more.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass, field

import pikepdf

HEADINGS = {f"/H{level}": level for level in range(1, 7)}
# What the accessibility statement says is checked, word for word (a test compares them).
CHECKS = (
    "the document is marked as tagged and has a structure tree",
    "its language is British English (en-GB)",
    "its title is in its document information and its XMP metadata, and PDF readers are asked "
    "to show the title rather than the file name",
    "its metadata declares PDF/UA-1",
    "its first heading is a level 1 heading, and no heading skips a level",
    "every figure (chart) has alternative text",
    "every table has header cells, and every data cell is linked to its headers",
)


@dataclass
class Structure:
    """The structure elements of a tagged PDF, in reading order."""

    headings: list[tuple[int, str]] = field(default_factory=list)
    figures: list[str | None] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)


def _text(element) -> str:
    """The element's alternative or actual text, or its title: enough to name it in a message."""
    for key in ("/Alt", "/ActualText", "/T"):
        if key in element:
            return str(element[key])
    return ""


def _walk(node, structure: Structure, table: dict | None = None) -> None:
    if isinstance(node, pikepdf.Array):
        for kid in node:
            _walk(kid, structure, table)
        return
    if not isinstance(node, pikepdf.Dictionary):
        return  # a marked-content id: the content itself, not a structure element
    kind = str(node.get("/S", ""))
    if kind in HEADINGS:
        structure.headings.append((HEADINGS[kind], _text(node)))
    elif kind == "/Figure":
        alt = node.get("/Alt")
        structure.figures.append(str(alt) if alt is not None else None)
    elif kind == "/Table":
        table = {"header_ids": set(), "headers": 0, "cells": 0, "cells_without_headers": 0}
        structure.tables.append(table)
    elif kind == "/TH" and table is not None:
        table["headers"] += 1
        if "/ID" in node:
            table["header_ids"].add(str(node["/ID"]))
    elif kind == "/TD" and table is not None:
        table["cells"] += 1
        attributes = node.get("/A", pikepdf.Dictionary())
        linked = [str(ref) for ref in attributes.get("/Headers", [])]
        if not linked:
            table["cells_without_headers"] += 1
        table.setdefault("links", []).extend(linked)
    if "/K" in node:
        _walk(node["/K"], structure, table)


def read_structure(data: bytes) -> tuple[pikepdf.Pdf, Structure]:
    pdf = pikepdf.open(io.BytesIO(data))
    structure = Structure()
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is not None and "/K" in tree:
        _walk(tree["/K"], structure)
    return pdf, structure


def pdf_ua_problems(data: bytes, *, title: str, language: str = "en-GB") -> list[str]:
    """Every way the PDF fails the checks below, as sentences; empty when it passes them all."""
    pdf, structure = read_structure(data)
    root = pdf.Root
    problems = []
    if not root.get("/MarkInfo", {}).get("/Marked", False):
        problems.append("It is not marked as tagged (MarkInfo /Marked).")
    if "/StructTreeRoot" not in root:
        problems.append("It has no structure tree.")
    if str(root.get("/Lang", "")) != language:
        problems.append(f"Its language is {str(root.get('/Lang', 'not set'))!r}, not {language}.")
    if str(pdf.docinfo.get("/Title", "")) != title:
        problems.append(f"Its title is {str(pdf.docinfo.get('/Title', ''))!r}, not {title!r}.")
    with pdf.open_metadata() as xmp:
        if xmp.get("dc:title") != title:
            problems.append("Its XMP metadata does not carry the title.")
        if xmp.get("pdfuaid:part") != "1":
            problems.append("Its XMP metadata does not identify it as PDF/UA-1.")
    if not root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False):
        problems.append("Readers are not asked to show the title (DisplayDocTitle).")
    problems += _heading_problems(structure.headings)
    for number, alt in enumerate(structure.figures, start=1):
        if not (alt or "").strip():
            problems.append(f"Figure {number} has no alternative text.")
    problems += _table_problems(structure.tables)
    return problems


def _heading_problems(headings: list[tuple[int, str]]) -> list[str]:
    if not headings:
        return ["It has no headings."]
    problems = []
    if headings[0][0] != 1:
        problems.append(f"Its first heading is H{headings[0][0]}, not H1.")
    for (before, _), (level, text) in itertools.pairwise(headings):
        if level > before + 1:
            problems.append(f"H{level} {text!r} follows H{before}: a heading level is skipped.")
    return problems


def _table_problems(tables: list[dict]) -> list[str]:
    problems = []
    for number, table in enumerate(tables, start=1):
        if not table["headers"]:
            problems.append(f"Table {number} has no header cells (TH).")
        if table["cells_without_headers"]:
            problems.append(
                f"Table {number} has {table['cells_without_headers']} data cells linked to "
                "no header."
            )
        unknown = set(table.get("links", [])) - table["header_ids"]
        if unknown:
            problems.append(f"Table {number} links cells to headers it does not have.")
    return problems
