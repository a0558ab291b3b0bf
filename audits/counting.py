"""How ratings are counted, once, for every page and file that shows them.

The evidence beside a theme finding (``audits.evidence``), the covering report
(``reports.builder``) and regional learning (``learning``) all count with these, so a figure
reads the same wherever it is shown:

- **Percentages** are whole numbers rounded half up, as people expect to read them (12.5%
  is 13%; Python's ``round`` would say 12), and there is no percentage of nothing.
- **Categories.** Each level of a scale falls in one, by its flags and its score: Not
  applicable and Not evidenced on file by their flags; of the other (ordinary) levels the
  highest-scoring is the scale's best (Met; Outstanding on the judgement scale), the lowest
  is Not met and any between are Partly met. A tie goes to the level made first.
- **Denominator.** Not applicable leaves it; Not evidenced on file stays in it. Every
  rating below the best level is below the best, Not evidenced on file included.

- **Small numbers.** A figure built from fewer than ``SUPPRESSION_THRESHOLD`` cases is shown
  as suppressed, so that no case, worker or person stands out (regional learning's rule, and
  the covering report's comparison with the last audit).

The agreed judgement of a case (the moderated one where there is one) is the model's own:
``CaseJudgement.objects.with_agreed_level()`` and ``agreed_level_id()``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple, Protocol, Self

if TYPE_CHECKING:
    from .models import RatingLevel

MET = "met"
PARTLY = "partly"
NOT_MET = "not_met"
NOT_EVIDENCED = "not_evidenced"
NOT_APPLICABLE = "not_applicable"
# In the order tables show them; also the column names of learning's stored counts.
CATEGORIES = (MET, PARTLY, NOT_MET, NOT_EVIDENCED, NOT_APPLICABLE)

_HALF = Fraction(1, 2)

SUPPRESSION_THRESHOLD = 5
SUPPRESSED = "suppressed"


def is_suppressed(cases: int) -> bool:
    """Whether a figure built from ``cases`` cases is too small to show."""
    return cases < SUPPRESSION_THRESHOLD


# --- percentages ----------------------------------------------------------------------------


def _half_up(value: Fraction) -> int:
    return math.floor(value + _HALF)


def percent(count: int, of: int) -> int | None:
    """``count`` as a whole percentage of ``of``, rounded half up; None of nothing."""
    if not of:
        return None
    return _half_up(Fraction(100 * count, of))


def share_percent(share: float) -> int:
    """A share (0 to 1) as a whole percentage, rounded half up like ``percent``.

    The share is read as it is written (0.145 is 14.5%, so 15%), not as the binary fraction
    just below it that a float holds (which would round to 14).
    """
    return _half_up(Fraction(repr(share)) * 100)


# --- levels and their categories ------------------------------------------------------------


class ScaleLevel(Protocol):
    """What sorting a level into its category reads: a ``RatingLevel`` or a ``Level`` row."""

    pk: int
    scale_id: int
    score: int
    is_not_applicable: bool
    is_not_evidenced: bool


class Level(NamedTuple):
    """A level read as plain values (``values_list``), for counting without model instances."""

    pk: int
    scale_id: int
    score: int
    is_not_applicable: bool
    is_not_evidenced: bool


def categorise(levels: Iterable[ScaleLevel]) -> dict[int, str]:
    """Each level's category (see the module's docstring), by level id, scale by scale."""
    category: dict[int, str] = {}
    ordinary: dict[int, list[ScaleLevel]] = defaultdict(list)
    for level in levels:
        if level.is_not_applicable:
            category[level.pk] = NOT_APPLICABLE
        elif level.is_not_evidenced:
            category[level.pk] = NOT_EVIDENCED
        else:
            ordinary[level.scale_id].append(level)
    for scale in ordinary.values():
        scale.sort(key=lambda level: (-level.score, level.pk))
        category[scale[0].pk] = MET
        for level in scale[1:-1]:
            category[level.pk] = PARTLY
        if len(scale) > 1:
            category[scale[-1].pk] = NOT_MET
    return category


# --- counts by category ---------------------------------------------------------------------


@dataclass
class CategoryCounts:
    """Ratings counted by category; what every percentage of them is worked out from."""

    met: int = 0
    partly: int = 0
    not_met: int = 0
    not_evidenced: int = 0
    not_applicable: int = 0

    @classmethod
    def of(cls, counts: Mapping[int, int], categories: Mapping[int, str]) -> Self:
        """From ``{level id: count}``, counting only the levels ``categories`` sorts."""
        found = cls()
        for pk, name in categories.items():
            setattr(found, name, getattr(found, name) + counts.get(pk, 0))
        return found

    def add(self, other: CategoryCounts) -> Self:
        # Spelled out: learning runs this once per visit and question when ranking recurrence.
        self.met += other.met
        self.partly += other.partly
        self.not_met += other.not_met
        self.not_evidenced += other.not_evidenced
        self.not_applicable += other.not_applicable
        return self

    @property
    def applicable(self) -> int:
        """The denominator: every rating but Not applicable."""
        return self.met + self.partly + self.not_met + self.not_evidenced

    @property
    def below_best(self) -> int:
        """Counted ratings below the best level, Not evidenced on file included."""
        return self.applicable - self.met


# --- a scale's levels, each with its count ---------------------------------------------------


@dataclass(frozen=True)
class LevelCount:
    """One level of a scale with how many ratings it had, as a table row or a bar shows it."""

    key: str
    label: str
    colour: str
    score: int
    count: int
    percent: int | None  # of the counted total; None for Not applicable, and of nothing
    is_not_applicable: bool = False
    is_not_evidenced: bool = False
    is_best: bool = False

    @classmethod
    def heading(cls, level: RatingLevel, *, is_best: bool = False) -> Self:
        """A level with nothing counted, for a table's column headings."""
        return cls.counting(level, 0, 0, is_best=is_best)

    @classmethod
    def counting(cls, level: RatingLevel, count: int, of: int, *, is_best: bool = False) -> Self:
        """``count`` ratings at ``level``, as a share of ``of`` counted in all."""
        return cls(
            key=level.key,
            label=level.label,
            colour=level.colour,
            score=level.score,
            count=count,
            percent=None if level.is_not_applicable else percent(count, of),
            is_not_applicable=level.is_not_applicable,
            is_not_evidenced=level.is_not_evidenced,
            is_best=is_best,
        )


@dataclass(frozen=True)
class Distribution:
    """Counts per level in the scale's order, Not applicable included but not counted."""

    levels: tuple[LevelCount, ...]
    counted: int  # the denominator: every rating but Not applicable
    not_applicable: int = 0
    best: int = 0  # at the scale's best level
    shortfall: int = 0  # below the best level, Not evidenced on file included
    not_evidenced: int = 0

    @classmethod
    def of(cls, levels: Sequence[RatingLevel], counts: Mapping[int, int]) -> Distribution:
        """``levels`` (one scale's, or several) with their counts from ``{level id: count}``."""
        categories = categorise(levels)
        totals = CategoryCounts.of(counts, categories)
        counted = totals.applicable
        return cls(
            levels=tuple(
                LevelCount.counting(
                    level, counts.get(level.pk, 0), counted, is_best=categories[level.pk] == MET
                )
                for level in levels
            ),
            counted=counted,
            not_applicable=totals.not_applicable,
            best=totals.met,
            shortfall=totals.below_best,
            not_evidenced=totals.not_evidenced,
        )

    @property
    def total(self) -> int:
        return self.counted + self.not_applicable

    @property
    def best_percent(self) -> int | None:
        return percent(self.best, self.counted)

    @property
    def shortfall_percent(self) -> int | None:
        return percent(self.shortfall, self.counted)

    @property
    def counted_levels(self) -> tuple[LevelCount, ...]:
        return tuple(level for level in self.levels if not level.is_not_applicable)

    @property
    def best_level(self) -> LevelCount | None:
        """The best level (Met, Outstanding); the first scale's where there are several."""
        return next((level for level in self.levels if level.is_best), None)


class ShareMet:
    """A figure's share of applicable answers that were Met, from ``cases`` cases: shown as
    "60%", "–" where nothing applied, or "suppressed" when too few cases lie behind it. The
    comparison with the last audit and a council's CQC evidence both show it this way."""

    cases: int
    counts: CategoryCounts

    @property
    def suppressed(self) -> bool:
        return is_suppressed(self.cases)

    @property
    def met_percent(self) -> int | None:
        return None if self.suppressed else percent(self.counts.met, self.counts.applicable)

    @property
    def text(self) -> str:
        if self.suppressed:
            return SUPPRESSED
        found = self.met_percent
        return "–" if found is None else f"{found}%"
