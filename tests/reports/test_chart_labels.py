"""Chart labels in the report (page, PDF and Word draw the same SVG) are never cut off: a
long theme title or judgement level wraps onto more lines within its own space, inside the
chart, instead of being shortened with "…" or running past the edge."""

import xml.etree.ElementTree as ET
from types import SimpleNamespace

from django.test import SimpleTestCase

from audits.counting import Distribution, LevelCount
from reports.charts import CHARACTER_WIDTH, WIDTH, judgement_columns, themes_overview

SVG = "{http://www.w3.org/2000/svg}"
LONG_TITLE = "Mental Capacity Act assessments and best-interest decisions recorded and reviewed"
JUDGEMENTS = [
    "Outstanding",
    "Good",
    "Requires improvement",
    "Inadequate",
    "Not evidenced on file",
    "Not applicable to this case",
]


def distribution(labels, count=2):
    levels = tuple(
        LevelCount(f"l{n}", label, "#1d70b8", n, count, 20) for n, label in enumerate(labels)
    )
    return Distribution(levels, count * len(labels))


def texts(svg):
    """Each <text> as (x, y, anchor, [its lines])."""
    root = ET.fromstring(str(svg))  # noqa: S314 - the service's own chart, not input
    for text in root.iter(f"{SVG}text"):
        spans = [span.text for span in text.iter(f"{SVG}tspan")] or [text.text]
        yield float(text.get("x")), float(text.get("y")), text.get("text-anchor"), spans


class ChartLabelTests(SimpleTestCase):
    def test_a_long_theme_title_wraps_whole_and_its_row_makes_room(self):
        themes = [
            SimpleNamespace(number=1, title=LONG_TITLE, answers=distribution(["Met", "Not met"])),
            SimpleNamespace(number=2, title="Carers", answers=distribution(["Met", "Not met"])),
        ]
        svg = themes_overview(themes, chart_id="c", title="Themes")
        self.assertNotIn("…", str(svg))
        labels = [t for t in texts(svg) if t[0] == 0 and t[3][0][:2] in ("1.", "2.")]
        (_, first_y, _, first_lines), (_, second_y, _, _) = labels
        self.assertEqual(" ".join(first_lines), f"1. {LONG_TITLE}")
        self.assertGreater(len(first_lines), 1)
        for line in first_lines:
            self.assertLessEqual(len(line) * CHARACTER_WIDTH, 230 - 10)
        # The next theme starts below the last line of this one.
        self.assertGreater(second_y, first_y + (len(first_lines) - 1) * 14 + 8)

    def test_judgement_levels_wrap_within_their_own_column_and_inside_the_chart(self):
        svg = judgement_columns(distribution(JUDGEMENTS), chart_id="j", title="Judgements")
        root = ET.fromstring(str(svg))  # noqa: S314 - the service's own chart, not input
        height = float(root.get("height"))
        slot = WIDTH / len(JUDGEMENTS)
        labels = [t for t in texts(svg) if t[2] == "middle" and t[1] > 160]
        self.assertEqual([" ".join(lines) for *_, lines in labels], JUDGEMENTS)
        for index, (x, y, _, lines) in enumerate(labels):
            for line in lines:
                half = len(line) * CHARACTER_WIDTH / 2
                with self.subTest(line=line):
                    self.assertGreaterEqual(x - half, index * slot)
                    self.assertLessEqual(x + half, (index + 1) * slot)
            self.assertLessEqual(y + (len(lines) - 1) * 14, height)
