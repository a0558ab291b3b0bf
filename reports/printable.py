"""The PDF prints every character people type, on the page, or says which one it could not.

- A long unbroken string (a pasted link, a row of dashes, 100,000 characters without a
  space) is given a break opportunity (a zero-width space) every ``BREAK_EVERY`` characters,
  so it wraps inside the page instead of running off its edge. The stylesheet's
  ``overflow-wrap: anywhere`` would do the same alone, but WeasyPrint's time for it grows
  with the square of the word's length: minutes for one such recommendation.
- Reports are set in Liberation Sans (Arial's metrics), falling back to DejaVu Sans (Greek,
  Cyrillic, Hebrew, Arabic and more), Symbola (symbols and arrows) and Noto Color Emoji, all
  Debian packages that ``scripts/system-deps.sh weasyprint`` installs. A character none of
  them has would print as an empty box that no reader can tell from any other; it is written
  as ``<U+4E2D>`` instead, so the page says what was there.
"""

from __future__ import annotations

import functools
import logging
import re
import shutil
import subprocess
import unicodedata

from fontTools.ttLib import TTFont

# Only visible characters need a glyph of their own: letters, numbers, punctuation, symbols.
# Format characters (joiners, direction marks, variation selectors) shape their neighbours.
VISIBLE_CATEGORIES = ("L", "N", "P", "S")
logger = logging.getLogger(__name__)
BREAK_EVERY = 40
ZERO_WIDTH_SPACE = "\u200b"
# Text between tags; what is inside <style> and <svg> is code and drawing, never wrapped.
_MARKUP = re.compile(r"(<style\b.*?</style>|<svg\b.*?</svg>|<[^>]*>)", re.DOTALL | re.IGNORECASE)
_LONG_RUN = re.compile(rf"[^\s<>&]{{{BREAK_EVERY}}}(?=[^\s<>&])")


def _installed_font_files() -> list[str]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    listed = subprocess.run(  # noqa: S603 (a fixed program with fixed arguments)
        [fc_list, ":", "file"], capture_output=True, text=True, check=False, timeout=20
    )
    return sorted({line.split(":")[0] for line in listed.stdout.splitlines() if line.strip()})


@functools.cache
def covered() -> frozenset[int] | None:
    """Every code point an installed font has a glyph for (fontconfig falls back to any of
    them); None when fonts cannot be listed, in which case nothing is replaced."""
    code_points: set[int] = set()
    for path in _installed_font_files():
        try:
            with TTFont(path, lazy=True, fontNumber=0) as font:
                code_points.update(font.getBestCmap() or {})
        except Exception:  # a font file that cannot be read must not stop a report
            logger.warning("could not read a font file", extra={"font": path})
    return frozenset(code_points) or None


def printable_html(html: str) -> str:
    """``html`` ready for the page: long runs breakable, missing glyphs spelled out."""
    return _spell_out_missing(_breakable(html))


def _breakable(html: str) -> str:
    parts = _MARKUP.split(html)
    # split() with a group alternates text and markup: even indexes are text.
    for index in range(0, len(parts), 2):
        parts[index] = _LONG_RUN.sub(lambda run: run.group() + ZERO_WIDTH_SPACE, parts[index])
    return "".join(parts)


def _spell_out_missing(html: str) -> str:
    """Each visible character no report font has, as &lt;U+XXXX&gt;."""
    fonts = covered()
    if fonts is None:
        return html
    missing = {
        character: f"&lt;U+{ord(character):04X}&gt;"
        for character in set(html)
        if ord(character) > 0x7E
        and ord(character) not in fonts
        and unicodedata.category(character)[0] in VISIBLE_CATEGORIES
    }
    return html.translate(str.maketrans(missing)) if missing else html
