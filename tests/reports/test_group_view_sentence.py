"""What a group said about a theme reads as a sentence in the report, PDF and Word: never
the fragment "Good 1."."""

from django.test import SimpleTestCase

from audits.counting import Distribution, LevelCount
from reports.builder.data import GroupView


def view(**counts):
    levels = tuple(
        LevelCount(key, key.replace("_", " ").capitalize(), "#000000", score, count, None)
        for score, (key, count) in enumerate(counts.items())
    )
    return GroupView("leaders", Distribution(levels, sum(counts.values())))


class SentenceTests(SimpleTestCase):
    def test_one_view_names_its_level(self):
        self.assertEqual(
            view(good=1, inadequate=0).sentence, "1 view on the judgement scale: Good."
        )

    def test_several_views_at_one_level_say_all(self):
        self.assertEqual(view(good=3).sentence, "3 views on the judgement scale, all Good.")

    def test_views_at_several_levels_are_counted_before_their_labels(self):
        self.assertEqual(
            view(outstanding=1, good=2, requires_improvement=1).sentence,
            "4 views on the judgement scale: 1 Outstanding, 2 Good and 1 Requires improvement.",
        )
