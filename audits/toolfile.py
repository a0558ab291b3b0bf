"""Audit tool files: one readable YAML format for the default tool, exports and imports.

The format is the one of ``audits/data/west_midlands_tool.yaml``: the tool's name, version
and changelog line, its rating scales with their levels, then its themes with their
questions. ``export_tool`` writes it; ``import_tool`` reads a whole file, checks it
(``toolspec``) and raises ``ToolFileInvalid`` carrying every problem with its place (theme,
question, field), saving nothing; a clean file becomes a draft tool. Exporting a tool and
importing the file gives an identical tool.
"""

from __future__ import annotations

import re
from pathlib import Path
from textwrap import indent
from typing import Any

import yaml
from django.db import transaction

from auditportal.text import visible

from .models import (
    AuditTool,
    Question,
    QuestionCondition,
    QuestionOption,
    RatingLevel,
    RatingScale,
    Theme,
)
from .toolspec import Problem, ToolFileInvalid, ToolSpec, check, default_purpose
from .toolspec_questions import default_not_applicable

DEFAULT_TOOL_FILE = Path(__file__).resolve().parent / "data" / "west_midlands_tool.yaml"
# Every published version of the default tool, oldest first. Version 2 shows the case facts
# from the sample instead of asking for them, and makes two themes context sections.
DEFAULT_TOOL_VERSIONS = (
    DEFAULT_TOOL_FILE,
    DEFAULT_TOOL_FILE.with_name("west_midlands_tool_v2.yaml"),
)
# Published tools transcribed as examples, each citing its source; imported only on request.
EXAMPLES = Path(__file__).resolve().parent / "data" / "examples"


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


def tool_data(tool: AuditTool) -> dict[str, Any]:
    """The tool as plain data in the file's shape: what an export writes and an import reads."""
    scales = list(tool.scales.prefetch_related("levels").order_by("pk"))
    themes = list(
        tool.themes.prefetch_related(
            "questions__options", "questions__scale__levels", "questions__conditions__depends_on"
        ).order_by("position", "pk")
    )
    data: dict[str, Any] = {
        "name": tool.name,
        "version": tool.version,
        "changelog": tool.changelog,
    }
    if not tool.has_overall_judgement:
        data["overall_judgement"] = False
    data |= {"scales": [], "themes": []}
    for scale in scales:
        entry: dict[str, Any] = {"key": scale.key, "name": scale.name}
        if scale.purpose != default_purpose(scale.key):
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
        if theme.kind != Theme.Kind.PRACTICE:
            entry["kind"] = theme.kind
        if theme.description:
            entry["description"] = theme.description
        entry["questions"] = []
        for question in sorted(theme.questions.all(), key=lambda q: (q.position, q.pk)):
            entry["questions"].append(_question_data(question))
        data["themes"].append(entry)
    if not data["scales"]:
        del data["scales"]  # a tool of yes/no and choice questions, with no judgement
    return data


def _question_data(question: Question) -> dict[str, Any]:
    """One question in the file's shape; what the file would assume anyway is left out."""
    item: dict[str, Any] = {"key": question.key, "text": question.text}
    if question.guidance:
        item["guidance"] = question.guidance
    item["answer_kind"] = question.answer_kind
    scale_has_na = False
    if question.answer_kind == Question.AnswerKind.SCALE and question.scale_id:
        item["scale"] = question.scale.key
        scale_has_na = any(level.is_not_applicable for level in question.scale.levels.all())
    if question.has_options:
        item["options"] = [
            {"key": o.key, "label": o.label, **({"none_of_these": True} if o.none_of_these else {})}
            for o in question.options.all()
        ]
    if question.number_min is not None:
        item["min"] = question.number_min
    if question.number_max is not None:
        item["max"] = question.number_max
    if question.allows_not_applicable != default_not_applicable(question.answer_kind, scale_has_na):
        item["not_applicable"] = question.allows_not_applicable
    item["required"] = question.required
    item["cqc"] = list(question.cqc_statements or [])
    conditions = list(question.conditions.all())
    if conditions:
        item["show_when"] = [
            {"question": c.depends_on.key, "answers": list(c.answers)} for c in conditions
        ]
        if question.show_when != "all":
            item["show_when_match"] = question.show_when
    return item


def export_tool(tool: AuditTool) -> str:
    """The tool as a YAML file in the default tool's format (same tool, same bytes)."""
    data = tool_data(tool)
    header = {
        "name": data["name"],
        "version": data["version"],
        "changelog": _Folded(data["changelog"]) if "\n" in data["changelog"] else data["changelog"],
    }
    if "overall_judgement" in data:
        header["overall_judgement"] = data["overall_judgement"]
    if "scales" in data:
        header["scales"] = [
            {
                **{k: v for k, v in scale.items() if k != "levels"},
                "levels": [_Flow(level) for level in scale["levels"]],
            }
            for scale in data["scales"]
        ]
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
                    **(
                        {"options": [_Flow(option) for option in question["options"]]}
                        if "options" in question
                        else {}
                    ),
                    "cqc": _FlowList(question["cqc"]),
                    **(
                        {"show_when": [_Flow(c) for c in question["show_when"]]}
                        if "show_when" in question
                        else {}
                    ),
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
            has_overall_judgement=spec.has_overall_judgement,
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
                kind=theme["kind"],
            )
            for position, theme in enumerate(spec.themes, start=1)
        )
        specs = [question for theme in spec.themes for question in theme["questions"]]
        questions = Question.objects.bulk_create(
            Question(
                tool=tool,
                theme=theme_obj,
                position=position,
                **{
                    **{k: v for k, v in question.items() if k not in ("options", "conditions")},
                    "scale": scales.get(question["scale"]),
                },
            )
            for theme_obj, theme in zip(themes, spec.themes, strict=True)
            for position, question in enumerate(theme["questions"], start=1)
        )
        QuestionOption.objects.bulk_create(
            QuestionOption(question=question, position=position, **option)
            for question, question_spec in zip(questions, specs, strict=True)
            for position, option in enumerate(question_spec["options"], start=1)
        )
        by_key = {question.key: question for question in questions}
        QuestionCondition.objects.bulk_create(
            QuestionCondition(
                question=question,
                depends_on=by_key[condition["question"]],
                answers=condition["answers"],
                position=position,
            )
            for question, question_spec in zip(questions, specs, strict=True)
            for position, condition in enumerate(question_spec["conditions"], start=1)
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


def install_default_tool(
    region, *, by=None, paths: tuple[Path, ...] = DEFAULT_TOOL_VERSIONS
) -> AuditTool:
    """Each version of the default tool the region lacks, imported and published in order
    (each based on the one before); returns the newest. Versions already there are left alone,
    so visits done with them keep their meaning."""
    tool = None
    for path in paths:
        text = path.read_text(encoding="utf-8")
        spec = check(parse(text))
        tool = AuditTool.objects.filter(region=region, name=spec.name, version=spec.version).first()
        if tool is None:
            with transaction.atomic():
                tool = import_tool(text, region=region, by=by)
                tool.publish(by=by, changelog=tool.changelog)
    return tool
