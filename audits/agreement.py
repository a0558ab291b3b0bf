"""How far two auditors agree when they rate the same questions blind.

Pure functions over pairs of ratings, one pair per question: ``(first rater's level,
second rater's level)``. Any hashable label will do (level keys in practice).

- Percentage agreement: the share of pairs where both chose the same level.
- Cohen's kappa: agreement corrected for the agreement expected by chance,
  ``κ = (p_o − p_e) / (1 − p_e)``, where ``p_o`` is the observed agreement and ``p_e``
  the sum over levels of the product of each rater's share of that level
  (Cohen, 1960). 1 is perfect agreement, 0 no better than chance, below 0 worse.

Kappa is undefined when chance agreement is already certain (both raters used one and the
same level for everything): ``cohens_kappa`` then returns None rather than a made-up number.
"""

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

Pair = tuple[Hashable, Hashable]


def percentage_agreement(pairs: Iterable[Pair]) -> float | None:
    """Percentage (0–100) of pairs where both raters chose the same level; None if no pairs."""
    pairs = list(pairs)
    if not pairs:
        return None
    agreed = sum(1 for first, second in pairs if first == second)
    return 100 * agreed / len(pairs)


def cohens_kappa(pairs: Iterable[Pair]) -> float | None:
    """Cohen's kappa for two raters; None when there are no pairs or it is undefined."""
    pairs = list(pairs)
    n = len(pairs)
    if not n:
        return None
    observed = sum(1 for first, second in pairs if first == second) / n
    first_counts = Counter(first for first, _ in pairs)
    second_counts = Counter(second for _, second in pairs)
    expected = sum(first_counts[level] * second_counts[level] for level in first_counts) / n**2
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def kappa_band(kappa: float | None) -> str:
    """Landis and Koch's (1977) plain-words reading of a kappa value."""
    if kappa is None:
        return "not defined"
    if kappa < 0:
        return "poor"
    for upper, words in ((0.2, "slight"), (0.4, "fair"), (0.6, "moderate"), (0.8, "substantial")):
        if kappa <= upper:
            return words
    return "almost perfect"


@dataclass(frozen=True)
class Agreement:
    """Agreement between two raters over some pairs, ready to show."""

    pairs: int
    agreed: int
    percentage: float | None
    kappa: float | None

    @property
    def kappa_words(self) -> str:
        return kappa_band(self.kappa)


def agreement(pairs: Sequence[Pair]) -> Agreement:
    pairs = list(pairs)
    return Agreement(
        pairs=len(pairs),
        agreed=sum(1 for first, second in pairs if first == second),
        percentage=percentage_agreement(pairs),
        kappa=cohens_kappa(pairs),
    )
