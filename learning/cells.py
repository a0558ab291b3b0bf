"""Counted cells of regional learning: answers by category, cases' judgements by score.

The rules these carry are stated in ``learning.source``'s docstring and on the pages. The
categories, their arithmetic and the rounding are ``audits.counting``'s, as in the covering
report; small-number suppression is learning's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from audits.counting import CategoryCounts, percent, share_percent

from .anonymity import is_suppressed

# Below CQC's "good" band (63–87%): a theme or question falls short at that visit.
FALLS_SHORT_BELOW = 0.63
# The same, in whole percent, so that Python and the database compare integers alike.
FALLS_SHORT_PERCENT = 63
# Judgement scores of Good (3) and Outstanding (4).
GOOD_OR_BETTER_SCORE = 3
HOTSPOT_COUNT = 10


def share_text(share: float | None) -> str:
    """A share (0 to 1) as the pages write it: "63%", rounded half up; nothing of nothing."""
    return "" if share is None else f"{share_percent(share)}%"


def _percent_text(count: int, of: int) -> str:
    found = percent(count, of)
    return "" if found is None else f"{found}%"


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
class Counts(CategoryCounts):
    """Answers on a question scale, by category, and how many cases they came from."""

    cases: int = 0

    def add(self, other: Counts) -> Counts:
        super().add(other)
        self.cases += other.cases
        return self

    @property
    def shortfall(self) -> int:
        """Learning's shortfall: Not met or Not evidenced on file (Partly met is not one)."""
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
    def text(self) -> str:
        if self.suppressed:
            return "suppressed"
        return _percent_text(self.met, self.applicable)

    @property
    def tag(self) -> str:
        return band_tag(self.share_met)

    @property
    def shortfall_text(self) -> str:
        if self.suppressed:
            return "suppressed"
        return _percent_text(self.shortfall, self.applicable)


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
        return self.good / self.cases

    @property
    def good(self) -> int:
        return sum(n for score, n in self.by_score.items() if score >= GOOD_OR_BETTER_SCORE)

    @property
    def text(self) -> str:
        return "suppressed" if self.suppressed else _percent_text(self.good, self.cases)

    @property
    def tag(self) -> str:
        return band_tag(self.share_good)
