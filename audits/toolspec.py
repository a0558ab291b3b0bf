"""What a tool file must say: every check of a parsed file, each problem with its place.

``check`` walks the whole file and raises ``ToolFileInvalid`` listing every problem (theme,
question, field, and what to change), or returns a ``ToolSpec`` that ``toolfile`` turns into
a draft tool. Reading the YAML and writing it are ``toolfile``'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from auditportal.text import problem as refused_text
from auditportal.text import visible

from .cqc import QualityStatement
from .models import Question, RatingScale

JUDGEMENT_KEY = "judgement"  # a scale with this key is the judgement scale unless told otherwise
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
DEFAULT_COLOUR = "#505a5f"

TOOL_FIELDS = ("name", "version", "changelog", "scales", "themes")
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
THEME_FIELDS = ("key", "title", "description", "questions")
QUESTION_FIELDS = ("key", "text", "guidance", "answer_kind", "scale", "required", "cqc")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a tool file, and where it is."""

    where: str
    message: str

    def __str__(self):
        return f"{self.where}: {self.message}" if self.where else self.message


class ToolFileInvalid(ValidationError):
    """A tool file with problems; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__([str(problem) for problem in self.problems], code="invalid_tool_file")


def default_purpose(key: str) -> str:
    """A scale's purpose when the file does not say: its key tells."""
    return RatingScale.Purpose.JUDGEMENT if key == JUDGEMENT_KEY else RatingScale.Purpose.QUESTION


class _Checker:
    """Walks a parsed file and collects every problem, with where it is."""

    def __init__(self):
        self.problems: list[Problem] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def mapping(self, value, where: str, what: str) -> dict | None:
        if isinstance(value, dict):
            return value
        self.add(where, f"must be a set of fields ({what}), not {_describe(value)}.")
        return None

    def unknown(self, data: dict, allowed: tuple[str, ...], where: str) -> None:
        for name in data:
            if name not in allowed:
                self.add(
                    where,
                    f"'{visible(str(name))}' is not a field here; "
                    f"the fields are {', '.join(allowed)}.",
                )

    def text(self, data, name, where, *, required=True, max_length=None) -> str | None:
        value = data.get(name)
        if value is None:
            if required:
                self.add(where, f"'{name}' is missing.")
            return None if required else ""
        if not isinstance(value, str):
            self.add(where, f"'{name}' must be text, not {_describe(value)}.")
            return None
        refused = refused_text(value)
        if refused:
            self.add(where, f"'{name}': {refused}")
            return None
        value = value.strip()
        if required and not value:
            self.add(where, f"'{name}' is empty.")
            return None
        if max_length and len(value) > max_length:
            self.add(where, f"'{name}' must be {max_length} characters or fewer.")
            return None
        return value

    def key(self, data, where, *, max_length) -> str | None:
        value = self.text(data, "key", where, max_length=max_length)
        if value is not None and not SLUG.match(value):
            self.add(
                where,
                "'key' must use only letters, numbers, hyphens and underscores, "
                f"not '{visible(value)}'.",
            )
            return None
        return value

    def integer(self, data, name, where, *, minimum, maximum=None) -> int | None:
        value = data.get(name)
        if value is None:
            self.add(where, f"'{name}' is missing.")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(where, f"'{name}' must be a whole number, not {_describe(value)}.")
            return None
        if value < minimum or (maximum is not None and value > maximum):
            limits = f"from {minimum} to {maximum}" if maximum is not None else f"{minimum} or more"
            self.add(where, f"'{name}' must be {limits}.")
            return None
        return value

    def boolean(self, data, name, where, *, default: bool) -> bool:
        value = data.get(name, default)
        if not isinstance(value, bool):
            self.add(where, f"'{name}' must be true or false, not {_describe(value)}.")
            return default
        return value

    def items(self, data, name, where, what) -> list:
        value = data.get(name)
        if value is None:
            self.add(where, f"'{name}' is missing: list the {what}.")
            return []
        if not isinstance(value, list):
            self.add(where, f"'{name}' must be a list of {what}, not {_describe(value)}.")
            return []
        if not value:
            self.add(where, f"'{name}' is empty: a tool needs at least one of its {what}.")
        return value


def _describe(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ('{visible(value[:40])}')"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return type(value).__name__


def _place(label: str, number: int, entry) -> str:
    key = entry.get("key") if isinstance(entry, dict) else None
    if isinstance(key, str) and key.strip():
        return f"{label} {number} ({visible(key)})"
    return f"{label} {number}"


@dataclass
class ToolSpec:
    """A checked file, ready to become a tool."""

    name: str
    version: int
    changelog: str
    scales: list[dict]
    themes: list[dict]


def check(data) -> ToolSpec:
    """Check a parsed file completely; raise ToolFileInvalid listing every problem."""
    c = _Checker()
    top = "Tool details"
    if not isinstance(data, dict):
        c.add(
            "",
            "The file must describe one tool: its name, version, changelog, scales and themes "
            f"(it holds {_describe(data)}). Start from an exported tool.",
        )
        raise ToolFileInvalid(c.problems)
    c.unknown(data, TOOL_FIELDS, top)
    name = c.text(data, "name", top, max_length=200)
    version = c.integer(data, "version", top, minimum=1)
    changelog = c.text(data, "changelog", top, required=False)
    scales = _check_scales(c, data)
    themes = _check_themes(c, data, {s["key"] for s in scales if s.get("key")})
    if c.problems:
        raise ToolFileInvalid(c.problems)
    return ToolSpec(name=name, version=version, changelog=changelog, scales=scales, themes=themes)


def _check_scales(c: _Checker, data: dict) -> list[dict]:
    scales = []
    seen: dict[str, str] = {}
    for number, raw in enumerate(c.items(data, "scales", "Tool details", "scales"), start=1):
        where = _place("Scale", number, raw)
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
            c.add(where, f"'purpose' must be question or judgement, not {_describe(purpose)}.")
            purpose = RatingScale.Purpose.QUESTION
        scale["purpose"] = purpose
        scale["levels"] = _check_levels(c, entry, where)
        scales.append(scale)
    judgements = [s for s in scales if s["purpose"] == RatingScale.Purpose.JUDGEMENT]
    if data.get("scales") and len(judgements) != 1:
        c.add(
            "Scales",
            f"the tool needs exactly one judgement scale (key '{JUDGEMENT_KEY}', or "
            f"'purpose: judgement'), but it has {len(judgements)}.",
        )
    if data.get("scales") and len(judgements) == len(scales):
        c.add(
            "Scales", "the tool needs a scale for rating questions as well as the judgement scale."
        )
    return scales


def _check_levels(c: _Checker, entry: dict, scale_where: str) -> list[dict]:
    levels = []
    seen: set[str] = set()
    for number, raw in enumerate(c.items(entry, "levels", scale_where, "levels"), start=1):
        where = f"{scale_where}, {_place('level', number, raw)}"
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
                f"'colour' must be a hex colour such as \"#00703c\", not {_describe(colour)}.",
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


def _check_themes(c: _Checker, data: dict, scale_keys: set[str]) -> list[dict]:
    themes = []
    theme_seen: dict[str, str] = {}
    question_seen: dict[str, str] = {}
    for number, raw in enumerate(c.items(data, "themes", "Tool details", "themes"), start=1):
        where = _place("Theme", number, raw)
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
            "description": c.text(entry, "description", where, required=False),
            "questions": [],
        }
        raw_questions = entry.get("questions")
        if raw_questions is None or raw_questions == []:
            c.add(where, "the theme has no questions: add at least one, or remove the theme.")
            raw_questions = []
        elif not isinstance(raw_questions, list):
            c.add(
                where, f"'questions' must be a list of questions, not {_describe(raw_questions)}."
            )
            raw_questions = []
        for q_number, q_raw in enumerate(raw_questions, start=1):
            q_where = f"{where}, {_place('question', q_number, q_raw)}"
            question = _check_question(c, q_raw, q_where, scale_keys, question_seen)
            if question is not None:
                theme["questions"].append(question)
        themes.append(theme)
    return themes


def _check_question(
    c: _Checker, raw, where: str, scale_keys: set[str], seen: dict[str, str]
) -> dict | None:
    """One question of a theme; ``seen`` holds the keys used so far across the whole tool."""
    question = c.mapping(raw, where, "key, text, guidance, answer_kind and scale")
    if question is None:
        return None
    c.unknown(question, QUESTION_FIELDS, where)
    key = c.key(question, where, max_length=80)
    if key is not None:
        if key in seen:
            c.add(where, f"the key '{key}' is already used by {seen[key]}.")
        seen[key] = where
    kind = question.get("answer_kind")
    scale = question.get("scale")
    if kind is None:
        c.add(where, "'answer_kind' is missing: give scale or text.")
    elif kind not in Question.AnswerKind.values:
        c.add(where, f"'answer_kind' must be scale or text, not {_describe(kind)}.")
    if kind == Question.AnswerKind.SCALE:
        if scale is None:
            c.add(where, "'scale' is missing: a question rated on a scale names its scale.")
        elif not isinstance(scale, str) or scale not in scale_keys:
            c.add(where, f"'scale' names an unknown scale '{visible(str(scale))}'.")
    elif kind == Question.AnswerKind.TEXT and scale is not None:
        c.add(where, "'scale' is given, but a free-text question has no scale.")
    cqc = _check_cqc(c, question, where)
    return {
        "key": key,
        "text": c.text(question, "text", where),
        "guidance": c.text(question, "guidance", where, required=False),
        "answer_kind": kind,
        "scale": scale if kind == Question.AnswerKind.SCALE else None,
        "required": c.boolean(question, "required", where, default=True),
        "cqc_statements": cqc,
    }


def _check_cqc(c: _Checker, question: dict, where: str) -> list[str]:
    cqc = question.get("cqc", [])
    if not isinstance(cqc, list) or not all(isinstance(k, str) for k in cqc):
        c.add(where, f"'cqc' must be a list of quality statement keys, not {_describe(cqc)}.")
        return []
    for unknown in [k for k in cqc if k not in QualityStatement.values]:
        c.add(
            where,
            f"'cqc' names an unknown CQC quality statement '{visible(unknown)}'; "
            f"the keys are {', '.join(QualityStatement.values)}.",
        )
    return list(cqc)
