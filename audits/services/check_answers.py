"""What is missing from a case audit, grouped by theme for the check-answers page.

The gaps themselves come from ``audits.completeness`` (which decides what must be answered);
this only groups whatever list it gives, in the tool's order, the overall judgement last.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..completeness import JUDGEMENT_SECTION, Gap

JUDGEMENT_TITLE = "Overall judgement"


@dataclass(frozen=True)
class SectionGaps:
    """One theme's (or the judgement's) missing answers."""

    key: str
    title: str
    gaps: tuple[Gap, ...]

    @property
    def count(self) -> int:
        return len(self.gaps)


def gaps_by_section(gaps: Sequence[Gap], themes: Iterable) -> list[SectionGaps]:
    """``gaps`` grouped by the section they belong to, in the tool's order; sections with
    nothing missing are left out. A gap in a section the tool does not name comes last,
    titled by its key, rather than being dropped."""
    titles = {theme.key: theme.title for theme in themes}
    titles[JUDGEMENT_SECTION] = JUDGEMENT_TITLE
    order = {key: index for index, key in enumerate(titles)}
    sections: dict[str, list[Gap]] = {}
    for gap in gaps:
        sections.setdefault(gap.section, []).append(gap)
    return [
        SectionGaps(key, titles.get(key, key), tuple(found))
        for key, found in sorted(sections.items(), key=lambda item: order.get(item[0], len(order)))
    ]
