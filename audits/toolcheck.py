"""The machinery of checking a tool file: a problem with its place, and a checker that
collects every problem instead of stopping at the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from auditportal.text import problem as refused_text
from auditportal.text import visible

SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


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


class Checker:
    """Walks a parsed file and collects every problem, with where it is."""

    def __init__(self):
        self.problems: list[Problem] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def mapping(self, value, where: str, what: str) -> dict | None:
        if isinstance(value, dict):
            return value
        self.add(where, f"must be a set of fields ({what}), not {describe(value)}.")
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
            self.add(where, f"'{name}' must be text, not {describe(value)}.")
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
            self.add(where, f"'{name}' must be a whole number, not {describe(value)}.")
            return None
        if value < minimum or (maximum is not None and value > maximum):
            limits = f"from {minimum} to {maximum}" if maximum is not None else f"{minimum} or more"
            self.add(where, f"'{name}' must be {limits}.")
            return None
        return value

    def boolean(self, data, name, where, *, default: bool) -> bool:
        value = data.get(name, default)
        if not isinstance(value, bool):
            self.add(where, f"'{name}' must be true or false, not {describe(value)}.")
            return default
        return value

    def items(self, data, name, where, what) -> list:
        value = data.get(name)
        if value is None:
            self.add(where, f"'{name}' is missing: list the {what}.")
            return []
        if not isinstance(value, list):
            self.add(where, f"'{name}' must be a list of {what}, not {describe(value)}.")
            return []
        if not value:
            self.add(where, f"'{name}' is empty: a tool needs at least one of its {what}.")
        return value


def describe(value) -> str:
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


def place(label: str, number: int, entry) -> str:
    key = entry.get("key") if isinstance(entry, dict) else None
    if isinstance(key, str) and key.strip():
        return f"{label} {number} ({visible(key)})"
    return f"{label} {number}"
