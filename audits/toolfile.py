"""Audit tool files: one readable YAML format for the default tool, exports and imports.

The format is the one of ``audits/data/west_midlands_tool.yaml``: the tool's name, version
and changelog line, its rating scales with their levels, then its themes with their
questions. ``export_tool`` writes it; ``import_tool`` checks a whole file first and raises
``ToolFileInvalid`` carrying every problem with its place (theme, question, field), saving
nothing; a clean file becomes a draft tool. Exporting a tool and importing the file gives
an identical tool.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from textwrap import indent
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from auditportal.text import problem as refused_text
from auditportal.text import visible

from .cqc import QualityStatement
from .models import AuditTool, Question, RatingLevel, RatingScale, Theme

DEFAULT_TOOL_FILE = Path(__file__).resolve().parent / "data" / "west_midlands_tool.yaml"
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


# --- export -------------------------------------------------------------------------------


class _Folded(str):
    """Long text, written folded (``>-``) as in the default file."""


class _Flow(dict):
    """A short mapping written on one line: ``{key: met, label: Met, ...}``."""


class _FlowList(list):
    """A short list written on one line: ``[assessing-needs, equity]``."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        # Indent lists under their key, as people write YAML by hand.
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data):
        return True  # imports refuse aliases, so exports never write them


_Dumper.add_representer(
    _Folded, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", str(s), style=">")
)
_Dumper.add_representer(
    _Flow, lambda d, m: d.represent_mapping("tag:yaml.org,2002:map", m, flow_style=True)
)
_Dumper.add_representer(
    _FlowList, lambda d, seq: d.represent_sequence("tag:yaml.org,2002:seq", seq, flow_style=True)
)


def _text(value: str):
    return _Folded(value) if len(value) > 60 or "\n" in value else value


def _dump(data, *, width: int = 92) -> str:
    return yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=width, indent=2
    )


def _default_purpose(key: str) -> str:
    return RatingScale.Purpose.JUDGEMENT if key == JUDGEMENT_KEY else RatingScale.Purpose.QUESTION


def tool_data(tool: AuditTool) -> dict[str, Any]:
    """The tool as plain data in the file's shape: what an export writes and an import reads."""
    scales = list(tool.scales.prefetch_related("levels").order_by("pk"))
    scale_keys = {scale.pk: scale.key for scale in scales}
    themes = list(tool.themes.prefetch_related("questions").order_by("position", "pk"))
    data: dict[str, Any] = {
        "name": tool.name,
        "version": tool.version,
        "changelog": tool.changelog,
        "scales": [],
        "themes": [],
    }
    for scale in scales:
        entry: dict[str, Any] = {"key": scale.key, "name": scale.name}
        if scale.purpose != _default_purpose(scale.key):
            entry["purpose"] = scale.purpose
        entry["levels"] = []
        for level in scale.levels.all():
            item: dict[str, Any] = {
                "key": level.key,
                "label": level.label,
                "score": level.score,
                "colour": level.colour,
            }
            if level.is_not_applicable:
                item["not_applicable"] = True
            if level.is_not_evidenced:
                item["not_evidenced"] = True
            item["needs_note"] = level.needs_note
            entry["levels"].append(item)
        data["scales"].append(entry)
    for theme in themes:
        entry = {"key": theme.key, "title": theme.title}
        if theme.description:
            entry["description"] = theme.description
        entry["questions"] = []
        for question in sorted(theme.questions.all(), key=lambda q: (q.position, q.pk)):
            item = {"key": question.key, "text": question.text}
            if question.guidance:
                item["guidance"] = question.guidance
            item["answer_kind"] = question.answer_kind
            if question.answer_kind == Question.AnswerKind.SCALE:
                item["scale"] = scale_keys.get(question.scale_id)
            item["required"] = question.required
            item["cqc"] = list(question.cqc_statements or [])
            entry["questions"].append(item)
        data["themes"].append(entry)
    return data


def export_tool(tool: AuditTool) -> str:
    """The tool as a YAML file in the default tool's format (same tool, same bytes)."""
    data = tool_data(tool)
    header = {
        "name": data["name"],
        "version": data["version"],
        "changelog": _Folded(data["changelog"]) if "\n" in data["changelog"] else data["changelog"],
        "scales": [
            {
                **{k: v for k, v in scale.items() if k != "levels"},
                "levels": [_Flow(level) for level in scale["levels"]],
            }
            for scale in data["scales"]
        ],
    }
    parts = [
        f"# {tool}, {tool.get_status_display().lower()}. Exported from AuditPortal.\n",
        "# Keys are stable: change wording freely, but never reuse or rename a key.\n",
        _dump(header, width=400),  # one level to a line, as in the default file
        "themes:\n",
    ]
    for number, theme in enumerate(data["themes"], start=1):
        theme = {
            **theme,
            "description": _text(theme.get("description", "")),
            "questions": [
                {
                    **question,
                    **({"guidance": _text(question["guidance"])} if "guidance" in question else {}),
                    "cqc": _FlowList(question["cqc"]),
                }
                for question in theme["questions"]
            ],
        }
        if not theme["description"]:
            del theme["description"]
        parts.append(f"\n  # {number} {'-' * (69 - len(str(number)))}\n")
        parts.append(indent(_dump([theme]), "  "))
    return "".join(parts)


def export_filename(tool: AuditTool) -> str:
    """A safe file name made by the server, never from user input alone."""
    stem = re.sub(r"[^a-z0-9]+", "-", tool.name.lower()).strip("-")[:60] or "audit-tool"
    return f"{stem}-v{tool.version}.yaml"


# --- reading ------------------------------------------------------------------------------


class _AliasRefused(yaml.MarkedYAMLError):
    pass


class _Loader(yaml.SafeLoader):
    """SafeLoader that notes duplicate keys in a mapping, which YAML would silently drop,
    and refuses aliases (``*name``), which a tool file never needs and which can make a
    small file expand into an enormous one.
    """

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[str, int]] = []

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _AliasRefused(problem_mark=event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str | int | bool | float) or key is None:
                if key in seen:
                    self.duplicates.append((str(key), key_node.start_mark.line + 1))
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def parse(text: str | bytes) -> Any:
    """The file's data; raises ToolFileInvalid if it is not readable YAML."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ToolFileInvalid(
                [
                    Problem(
                        "", "The file is not text in UTF-8: export it again, or save it as UTF-8."
                    )
                ]
            ) from error
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"Line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        if isinstance(error, _AliasRefused):
            message = "the file repeats a value with an alias (*): write the value out in full."
        else:
            reason = getattr(error, "problem", None) or str(error)
            message = f"the file is not valid YAML ({reason}). Check the indentation."
        raise ToolFileInvalid([Problem(where, message)]) from error
    finally:
        loader.dispose()
    if loader.duplicates:
        raise ToolFileInvalid(
            [
                Problem(
                    f"Line {line}",
                    f"'{visible(key)}' is given twice in the same place; keep one.",
                )
                for key, line in loader.duplicates
            ]
        )
    return data


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
        purpose = entry.get("purpose", _default_purpose(key or ""))
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
    known_cqc = set(QualityStatement.values)
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
            question = c.mapping(q_raw, q_where, "key, text, guidance, answer_kind and scale")
            if question is None:
                continue
            c.unknown(question, QUESTION_FIELDS, q_where)
            q_key = c.key(question, q_where, max_length=80)
            if q_key is not None:
                if q_key in question_seen:
                    c.add(q_where, f"the key '{q_key}' is already used by {question_seen[q_key]}.")
                question_seen[q_key] = q_where
            kind = question.get("answer_kind")
            scale = question.get("scale")
            if kind is None:
                c.add(q_where, "'answer_kind' is missing: give scale or text.")
            elif kind not in Question.AnswerKind.values:
                c.add(q_where, f"'answer_kind' must be scale or text, not {_describe(kind)}.")
            if kind == Question.AnswerKind.SCALE:
                if scale is None:
                    c.add(
                        q_where, "'scale' is missing: a question rated on a scale names its scale."
                    )
                elif not isinstance(scale, str) or scale not in scale_keys:
                    c.add(q_where, f"'scale' names an unknown scale '{visible(str(scale))}'.")
            elif kind == Question.AnswerKind.TEXT and scale is not None:
                c.add(q_where, "'scale' is given, but a free-text question has no scale.")
            cqc = question.get("cqc", [])
            if not isinstance(cqc, list) or not all(isinstance(k, str) for k in cqc):
                c.add(
                    q_where,
                    f"'cqc' must be a list of quality statement keys, not {_describe(cqc)}.",
                )
                cqc = []
            for unknown in [k for k in cqc if k not in known_cqc]:
                c.add(
                    q_where,
                    f"'cqc' names an unknown CQC quality statement '{visible(unknown)}'; "
                    f"the keys are {', '.join(QualityStatement.values)}.",
                )
            theme["questions"].append(
                {
                    "key": q_key,
                    "text": c.text(question, "text", q_where),
                    "guidance": c.text(question, "guidance", q_where, required=False),
                    "answer_kind": kind,
                    "scale": scale if kind == Question.AnswerKind.SCALE else None,
                    "required": c.boolean(question, "required", q_where, default=True),
                    "cqc_statements": list(cqc),
                }
            )
        themes.append(theme)
    return themes


# --- import -------------------------------------------------------------------------------


def _region_problems(spec: ToolSpec, region) -> list[Problem]:
    versions = AuditTool.objects.filter(region=region, name=spec.name)
    problems = []
    if versions.filter(version=spec.version).exists():
        problems.append(
            Problem(
                "Tool details",
                f"{region} already has version {spec.version} of “{spec.name}”. "
                "Change 'version' or 'name' in the file.",
            )
        )
    draft = versions.filter(status=AuditTool.Status.DRAFT).first()
    if draft is not None:
        problems.append(
            Problem(
                "Tool details",
                f"{region} already has a draft of “{spec.name}” (version {draft.version}): "
                "publish or delete that draft first, or change 'name' in the file.",
            )
        )
    return problems


def import_tool(text: str | bytes, *, region, by) -> AuditTool:
    """Check the whole file, then create it as a draft tool; on any problem, save nothing."""
    spec = check(parse(text))
    problems = _region_problems(spec, region)
    if problems:
        raise ToolFileInvalid(problems)
    earlier = (
        AuditTool.objects.filter(region=region, name=spec.name, version__lt=spec.version)
        .exclude(status=AuditTool.Status.DRAFT)
        .order_by("-version")
        .first()
    )
    with transaction.atomic():
        tool = AuditTool.objects.create(
            region=region,
            name=spec.name,
            version=spec.version,
            changelog=spec.changelog,
            based_on=earlier,
            created_by=by,
        )
        scales = {}
        for scale in spec.scales:
            scales[scale["key"]] = RatingScale.objects.create(
                tool=tool, key=scale["key"], name=scale["name"], purpose=scale["purpose"]
            )
        RatingLevel.objects.bulk_create(
            RatingLevel(scale=scales[scale["key"]], position=position, **level)
            for scale in spec.scales
            for position, level in enumerate(scale["levels"], start=1)
        )
        themes = Theme.objects.bulk_create(
            Theme(
                tool=tool,
                key=theme["key"],
                position=position,
                title=theme["title"],
                description=theme["description"],
            )
            for position, theme in enumerate(spec.themes, start=1)
        )
        Question.objects.bulk_create(
            Question(
                tool=tool,
                theme=theme_obj,
                position=position,
                **{**question, "scale": scales.get(question["scale"])},
            )
            for theme_obj, theme in zip(themes, spec.themes, strict=True)
            for position, question in enumerate(theme["questions"], start=1)
        )
    return tool


def load_default_tool(region, *, by=None, path: Path = DEFAULT_TOOL_FILE) -> AuditTool:
    """The region's copy of the default tool: imported and published once, then left alone."""
    text = path.read_text(encoding="utf-8")
    name = check(parse(text)).name
    existing = AuditTool.objects.filter(region=region, name=name)
    found = existing.published().order_by("-version").first() or existing.first()
    if found is not None:
        return found
    with transaction.atomic():
        tool = import_tool(text, region=region, by=by)
        tool.publish(by=by, changelog=tool.changelog)
    return tool
