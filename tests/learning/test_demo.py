"""On the demo data, the seed practice's recurring themes rise to the top of the dashboard."""

import io

from django.test import TestCase

from auditportal.management.commands.seed_demo import demo_apps
from authorities.models import User
from learning.dashboard import build_dashboard
from learning.source import Filters

# Care Act compliance (statutory reviews), safeguarding, mental capacity and risk, management
# oversight, quality assurance (recording) and the person's voice.
SEED_THEMES = {
    "review",
    "safeguarding",
    "mental-capacity",
    "risk",
    "management-oversight",
    "recording",
    "voice",
}


class DemoDashboardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Everything but the issued reports' files: the dashboard counts an issued visit's
        # answers the same way whether or not its counts were stored at issue
        # (test_learning_tallies), and rendering the demo's PDFs would add a minute.
        for config in demo_apps():
            if config.label != "reports":
                config.demo_seed(password="unused", out=io.StringIO())
        cls.coordinator = User.objects.get(email="coordinator@wm.example")
        cls.board = build_dashboard(cls.coordinator, Filters())

    def test_the_first_rounds_councils_are_on_the_dashboard(self):
        self.assertGreaterEqual(len(self.board.columns), 5)

    def test_the_seed_themes_fall_short_most_often(self):
        top = [r.key for r in self.board.recurring_themes[: len(SEED_THEMES)]]
        self.assertEqual(set(top), SEED_THEMES)
        for item in self.board.recurring_themes[: len(SEED_THEMES)]:
            self.assertGreater(item.rate, 0.5, item.title)

    def test_areas_for_development_recur_under_the_seed_themes(self):
        top = [d.key for d in self.board.development[: len(SEED_THEMES)]]
        self.assertEqual(set(top), SEED_THEMES)

    def test_there_is_good_practice_to_share(self):
        self.assertTrue(self.board.good_practice)

    def test_a_dudley_director_sees_dudley_named_against_lettered_councils(self):
        director = User.objects.get(email="director@dudley.example")
        board = build_dashboard(director, Filters())
        labels = [c.label for c in board.columns]
        self.assertEqual(labels[0], "Dudley")
        self.assertTrue(all(label.startswith("Council ") for label in labels[1:]))
