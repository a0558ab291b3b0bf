"""The triangulation verdict of one theme: do the case files, the leaders and the practitioners
point the same way?

The rule, in the words the report prints (``TRIANGULATION_RULE``):

1. Each source is put on the tool's judgement scale (Outstanding, Good, Requires improvement,
   Inadequate).
   - Case files: the share of the theme's counted ratings at the best level (Met), read with
     CQC's bands: 88% or more Outstanding, 63 to 87% Good, 39 to 62% Requires improvement,
     38% or less Inadequate.
   - Leaders, and practitioners with team managers: the average of the views they gave on
     the theme, taken to the nearest level; exactly midway counts as the lower level.
2. All three on the same level: **agree**. The furthest two one level apart: **partly agree**.
   Further apart: **diverge**. A source with no ratings or no views on the theme: **not
   enough evidence**, whatever the other two say.

Pure functions over plain numbers, so the rule is tested apart from the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

AGREE = "Agree"
PARTLY_AGREE = "Partly agree"
DIVERGE = "Diverge"
NOT_ENOUGH = "Not enough evidence"

TRIANGULATION_RULE = (
    "How we compare the three sources. The case files, what leaders said, and what "
    "practitioners and team managers said are each put on the judgement scale. For the case "
    "files we take the share of the theme's ratings at the best level and read it with CQC's "
    "bands: 88% or more is Outstanding, 63 to 87% Good, 39 to 62% Requires improvement and "
    "38% or less Inadequate. For each group of people we take the average of the views they "
    "gave on the theme, to the nearest level (exactly midway counts as the lower level). The "
    "sources agree when all three are on the same level, partly agree when they are at most "
    "one level apart, and diverge when they are further apart. If a source has no ratings or "
    "no views on the theme, there is not enough evidence to say."
)
# CQC's percentage bands, best level first: the lowest percentage that reaches each level.
CQC_FLOORS = (88, 63, 39, 0)


@dataclass(frozen=True)
class Level:
    """A level of the judgement scale, as the rule needs it."""

    label: str
    score: int


@dataclass(frozen=True)
class Source:
    name: str  # "the case files", "leaders", "practitioners and team managers"
    level: Level | None  # None: nothing to go on
    basis: str  # "70% of 10 ratings at the best level", "2 views"


@dataclass(frozen=True)
class Verdict:
    verdict: str
    explanation: str
    sources: tuple[Source, ...]


def _ordered(levels: Sequence[Level]) -> list[Level]:
    return sorted(levels, key=lambda level: -level.score)


def level_for_percent(percent: int | None, levels: Sequence[Level]) -> Level | None:
    """The level a share at the best level reads as: CQC's bands on a four-level scale, equal
    bands on any other."""
    if percent is None or not levels:
        return None
    ordered = _ordered(levels)
    if len(ordered) == len(CQC_FLOORS):
        floors = CQC_FLOORS
    else:
        step = 100 / len(ordered)
        floors = tuple(100 - step * (n + 1) for n in range(len(ordered)))
    for level, floor in zip(ordered, floors, strict=True):
        if percent >= floor:
            return level
    return ordered[-1]


def level_for_views(scores: Sequence[int], levels: Sequence[Level]) -> Level | None:
    """The level nearest the average of the views' scores; midway goes to the lower level."""
    if not scores or not levels:
        return None
    average = Decimal(sum(scores)) / Decimal(len(scores))
    # Nearest by score; of two equally near, the lower one.
    return min(
        _ordered(levels), key=lambda level: (abs(Decimal(level.score) - average), level.score)
    )


def verdict(
    *,
    files: Source,
    leaders: Source,
    practitioners: Source,
    levels: Sequence[Level],
) -> Verdict:
    """Agree, partly agree, diverge, or not enough evidence, with the reasons in plain words."""
    sources = (files, leaders, practitioners)
    described = "; ".join(
        f"{source.name}: {source.level.label} ({source.basis})"
        if source.level
        else f"{source.name}: {source.basis or 'nothing'}"
        for source in sources
    )
    missing = [source.name for source in sources if source.level is None]
    if missing:
        return Verdict(
            NOT_ENOUGH,
            f"There is nothing from {_join(missing)} on this theme. {_capital(described)}.",
            sources,
        )
    rank = {level.label: n for n, level in enumerate(_ordered(levels))}
    places = [rank[source.level.label] for source in sources]
    spread = max(places) - min(places)
    if spread == 0:
        outcome, gap = AGREE, "All three are on the same level."
    elif spread == 1:
        outcome, gap = PARTLY_AGREE, "They are one level apart."
    else:
        outcome, gap = DIVERGE, f"They are {spread} levels apart."
    return Verdict(outcome, f"{_capital(described)}. {gap}", sources)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
