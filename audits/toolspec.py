"""What a tool file must say: every check of a parsed file, each problem with its place.

``check`` walks the whole file and raises ``ToolFileInvalid`` listing every problem (theme,
question, field, and what to change), or returns a ``ToolSpec`` that ``toolfile`` turns into
a draft tool. Reading the YAML and writing it are ``toolfile``'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import RatingScale, Theme
from .toolcheck import Checker, Problem, ToolFileInvalid, describe, place
from .toolspec_conditions import check_conditions
from .toolspec_questions import check_question

__all__ = ["Problem", "ToolFileInvalid", "ToolSpec", "check", "default_purpose"]

JUDGEMENT_KEY = "judgement"  # a scale with this key is the judgement scale unless told otherwise
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_COLOUR = "#505a5f"

TOOL_FIELDS = (
    "name",
    "version",
    "changelog",
    "overall_judgement",
    "scales",
    "themes",
)
SCALE_FIELDS = ("key", "name", "purpose", "levels")
LEVEL_FIELDS = (
    "key",
    "label",
    "score",
    "colour",
    "not_applicable",
    "not_evidenced",
    "needs_note",
)
THEME_FIELDS = ("key", "title", "kind", "description", "questions")


def default_purpose(key: str) -> str:
    """A scale's purpose when the file does not say: its key tells."""
    return RatingScale.Purpose.JUDGEMENT if key == JUDGEMENT_KEY else RatingScale.Purpose.QUESTION


@dataclass
class ToolSpec:
    """A checked file, ready to become a tool."""

    name: str
    version: int
    changelog: str
    scales: list[dict]
    themes: list[dict]
    has_overall_judgement: bool = True


def check(data) -> ToolSpec:
    """Check a parsed file completely; raise ToolFileInvalid listing every problem."""
    c = Checker()
    top = "Tool details"
    if not isinstance(data, dict):
        c.add(
            "",
            "The file must describe one tool: its name, version, changelog, scales and themes "
            f"(it holds {describe(data)}). Start from an exported tool.",
        )
        raise ToolFileInvalid(c.problems)
    c.unknown(data, TOOL_FIELDS, top)
    name = c.text(data, "name", top, max_length=200)
    version = c.integer(data, "version", top, minimum=1)
    changelog = c.text(data, "changelog", top, required=False)
    judged = c.boolean(data, "overall_judgement", top, default=True)
    scales = _check_scales(c, data, judged=judged)
    themes = _check_themes(
        c,
        data,
        {
            s["key"]: any(level["is_not_applicable"] for level in s["levels"])
            for s in scales
            if s.get("key")
        },
    )
    if c.problems:
        raise ToolFileInvalid(c.problems)
    return ToolSpec(
        name=name,
        version=version,
        changelog=changelog,
        scales=scales,
        themes=themes,
        has_overall_judgement=judged,
    )


def _check_scales(c: Checker, data: dict, *, judged: bool) -> list[dict]:
    """The scales; a tool whose questions use none, with no overall judgement, needs none."""
    scales = []
    seen: dict[str, str] = {}
    if "scales" in data or judged:
        raw_scales = c.items(data, "scales", "Tool details", "scales")
    else:
        raw_scales = []
    for number, raw in enumerate(raw_scales, start=1):
        where = place("Scale", number, raw)
        entry = c.mapping(raw, where, "key, name and levels")
        if entry is None:
            continue
        c.unknown(entry, SCALE_FIELDS, where)
        key = c.key(entry, where, max_length=50)
        if key is not None:
            if key in seen:
                c.add(where, f"the key '{key}' is already used by {seen[key]}.")
            seen[key] = where
        scale = {"key": key, "name": c.text(entry, "name", where, max_length=100)}
        purpose = entry.get("purpose", default_purpose(key or ""))
        if purpose not in RatingScale.Purpose.values:
            c.add(where, f"'purpose' must be question or judgement, not {describe(purpose)}.")
            purpose = RatingScale.Purpose.QUESTION
        scale["purpose"] = purpose
        scale["levels"] = _check_levels(c, entry, where)
        scales.append(scale)
    judgements = [s for s in scales if s["purpose"] == RatingScale.Purpose.JUDGEMENT]
    if data.get("scales") and judged and len(judgements) != 1:
        c.add(
            "Scales",
            f"the tool needs exactly one judgement scale (key '{JUDGEMENT_KEY}', or "
            f"'purpose: judgement'), but it has {len(judgements)}. If cases get no overall "
            "judgement, say 'overall_judgement: false'.",
        )
    elif len(judgements) > 1:
        c.add("Scales", f"the tool has {len(judgements)} judgement scales: keep one at most.")
    return scales


def _check_levels(c: Checker, entry: dict, scale_where: str) -> list[dict]:
    levels = []
    seen: set[str] = set()
    for number, raw in enumerate(c.items(entry, "levels", scale_where, "levels"), start=1):
        where = f"{scale_where}, {place('level', number, raw)}"
        level = c.mapping(raw, where, "key, label, score and colour")
        if level is None:
            continue
        c.unknown(level, LEVEL_FIELDS, where)
        key = c.key(level, where, max_length=50)
        if key is not None:
            if key in seen:
                c.add(where, f"the key '{key}' is used twice in this scale.")
            seen.add(key)
        colour = level.get("colour", DEFAULT_COLOUR)
        if not (isinstance(colour, str) and COLOUR.match(colour)):
            c.add(
                where,
                f"'colour' must be a hex colour such as \"#00703c\", not {describe(colour)}.",
            )
        not_applicable = c.boolean(level, "not_applicable", where, default=False)
        not_evidenced = c.boolean(level, "not_evidenced", where, default=False)
        if not_applicable and not_evidenced:
            c.add(where, "a level is either 'not_applicable' or 'not_evidenced', not both.")
        levels.append(
            {
                "key": key,
                "label": c.text(level, "label", where, max_length=100),
                "score": c.integer(level, "score", where, minimum=-32768, maximum=32767),
                "colour": colour,
                "needs_note": c.boolean(level, "needs_note", where, default=False),
                "is_not_applicable": not_applicable,
                "is_not_evidenced": not_evidenced,
            }
        )
    return levels


def _theme_kind(c: Checker, entry: dict, where: str) -> str:
    """A practice theme unless the file says 'kind: context' (a section that is not judged)."""
    kind = entry.get("kind", Theme.Kind.PRACTICE)
    if kind not in Theme.Kind.values:
        c.add(where, f"'kind' must be practice or context, not {describe(kind)}.")
        return Theme.Kind.PRACTICE
    return kind


def _check_themes(c: Checker, data: dict, scales: dict[str, bool]) -> list[dict]:
    themes = []
    theme_seen: dict[str, str] = {}
    question_seen: dict[str, str] = {}
    for number, raw in enumerate(c.items(data, "themes", "Tool details", "themes"), start=1):
        where = place("Theme", number, raw)
        entry = c.mapping(raw, where, "key, title, description and questions")
        if entry is None:
            continue
        c.unknown(entry, THEME_FIELDS, where)
        key = c.key(entry, where, max_length=60)
        if key is not None:
            if key in theme_seen:
                c.add(where, f"the key '{key}' is already used by {theme_seen[key]}.")
            theme_seen[key] = where
        theme = {
            "key": key,
            "title": c.text(entry, "title", where, max_length=200),
            "kind": _theme_kind(c, entry, where),
            "description": c.text(entry, "description", where, required=False),
            "questions": [],
        }
        raw_questions = entry.get("questions")
        if raw_questions is None or raw_questions == []:
            c.add(where, "the theme has no questions: add at least one, or remove the theme.")
            raw_questions = []
        elif not isinstance(raw_questions, list):
            c.add(where, f"'questions' must be a list of questions, not {describe(raw_questions)}.")
            raw_questions = []
        for q_number, q_raw in enumerate(raw_questions, start=1):
            q_where = f"{where}, {place('question', q_number, q_raw)}"
            question = check_question(c, q_raw, q_where, scales, question_seen)
            if question is not None:
                theme["questions"].append(question)
        themes.append(theme)
    check_conditions(c, themes)
    return themes
