"""Counted cells of regional learning: answers by category, cases' judgements by score.

The rules these carry are stated in ``learning.source``'s docstring and on the pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .anonymity import is_suppressed

# Below CQC's "good" band (63–87%): a theme or question falls short at that visit.
FALLS_SHORT_BELOW = 0.63
# The same, in whole percent, so that Python and the database compare integers alike.
FALLS_SHORT_PERCENT = 63
# Judgement scores of Good (3) and Outstanding (4).
GOOD_OR_BETTER_SCORE = 3
HOTSPOT_COUNT = 10
CATEGORIES = ("met", "partly", "not_met", "not_evidenced", "not_applicable")
CATEGORY_LABELS = {
    "met": "Met",
    "partly": "Partly met",
    "not_met": "Not met",
    "not_evidenced": "Not evidenced on file",
    "not_applicable": "Not applicable",
}


def percent(share: float | None) -> str:
    return "" if share is None else f"{round(share * 100)}%"


def band_tag(share: float | None) -> str:
    """A GOV.UK tag colour for CQC's bands (shown with the number, never instead of it)."""
    if share is None:
        return "govuk-tag--grey"
    if share >= 0.88:
        return "govuk-tag--green"
    if share >= 0.63:
        return "govuk-tag--turquoise"
    if share >= 0.39:
        return "govuk-tag--yellow"
    return "govuk-tag--red"


# --- counted cells --------------------------------------------------------------------------


@dataclass
class Counts:
    """Answers on a question scale, by category, and how many cases they came from."""

    met: int = 0
    partly: int = 0
    not_met: int = 0
    not_evidenced: int = 0
    not_applicable: int = 0
    cases: int = 0

    def add(self, other: Counts) -> Counts:
        # Spelled out: this runs once per visit and question when ranking recurrence.
        self.met += other.met
        self.partly += other.partly
        self.not_met += other.not_met
        self.not_evidenced += other.not_evidenced
        self.not_applicable += other.not_applicable
        self.cases += other.cases
        return self

    @property
    def applicable(self) -> int:
        return self.met + self.partly + self.not_met + self.not_evidenced

    @property
    def shortfall(self) -> int:
        return self.not_met + self.not_evidenced

    @property
    def suppressed(self) -> bool:
        return is_suppressed(self.cases)

    @property
    def share_met(self) -> float | None:
        if self.suppressed or not self.applicable:
            return None
        return self.met / self.applicable

    @property
    def shortfall_share(self) -> float | None:
        if self.suppressed or not self.applicable:
            return None
        return self.shortfall / self.applicable

    @property
    def falls_short(self) -> bool | None:
        if self.share_met is None:
            return None
        return self.met * 100 < FALLS_SHORT_PERCENT * self.applicable

    @property
    def distribution(self) -> list[tuple[str, int]]:
        return [(CATEGORY_LABELS[name], getattr(self, name)) for name in CATEGORIES]

    @property
    def text(self) -> str:
        return "suppressed" if self.suppressed else percent(self.share_met)

    @property
    def tag(self) -> str:
        return band_tag(self.share_met)

    @property
    def shortfall_text(self) -> str:
        return "suppressed" if self.suppressed else percent(self.shortfall_share)


@dataclass
class Judgements:
    """Cases' agreed judgements by score (4 Outstanding … 1 Inadequate)."""

    by_score: dict[int, int] = field(default_factory=dict)

    def add(self, other: Judgements) -> Judgements:
        for score, n in other.by_score.items():
            self.by_score[score] = self.by_score.get(score, 0) + n
        return self

    @property
    def cases(self) -> int:
        return sum(self.by_score.values())

    @property
    def suppressed(self) -> bool:
        return is_suppressed(self.cases)

    @property
    def share_good(self) -> float | None:
        if self.suppressed:
            return None
        good = sum(n for score, n in self.by_score.items() if score >= GOOD_OR_BETTER_SCORE)
        return good / self.cases

    @property
    def text(self) -> str:
        return "suppressed" if self.suppressed else percent(self.share_good)

    @property
    def tag(self) -> str:
        return band_tag(self.share_good)
