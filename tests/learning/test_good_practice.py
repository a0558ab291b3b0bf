"""Good practice the teams chose to share, and areas for development that recur by theme."""

from django.urls import reverse

from audits.models import ThemeFinding
from learning.dashboard import build_dashboard
from learning.source import Filters
from tests.base import CastTestCase
from tests.learning import scenario as learning_scenario

SHARED_STRENGTH = "Assessments start from what matters to the person."
SHARED_DEVELOPMENT = "Record the person's own words in the plan."
PRIVATE_DEVELOPMENT = "Manager oversight is missing from closures (not for sharing)."


def finding(visit, theme_key, *, strengths="", development="", shareable=False):
    return ThemeFinding.objects.create(
        visit=visit,
        theme=visit.tool.themes.get(key=theme_key),
        strengths=strengths,
        areas_for_development=development,
        shareable_good_practice=shareable,
    )


class GoodPracticeTests(CastTestCase):
    """Sandwell 2025 shares a t1 finding; Dudley 2025 and Sandwell 2023 write private areas
    for development under t2; the Coventry draft and Bolton (another region) share findings
    that must never appear."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        learning_scenario.build(cls)
        finding(
            cls.sandwell_2025,
            "t1",
            strengths=SHARED_STRENGTH,
            development=SHARED_DEVELOPMENT,
            shareable=True,
        )
        finding(cls.dudley_2025, "t2", development=PRIVATE_DEVELOPMENT)
        finding(cls.sandwell_2023, "t2", strengths="Private strength.", development="Private.")
        finding(cls.sandwell_2025, "t2", development="Another private area.")
        finding(cls.coventry_draft, "t1", strengths="Draft, not issued.", shareable=True)
        finding(cls.bolton_2025, "t1", strengths="Another region's.", shareable=True)

    def test_areas_for_development_are_counted_by_visits_per_theme(self):
        board = build_dashboard(self.coordinator, Filters())
        counts = [(item.key, item.visits) for item in board.development]
        self.assertEqual(counts, [("t2", 3), ("t1", 1)])
        t1 = board.development[1]
        self.assertEqual(
            [(f.council, f.year, f.areas_for_development) for f in t1.shared],
            [("Sandwell", 2025, SHARED_DEVELOPMENT)],
        )
        self.assertEqual(board.development[0].shared, [])

    def test_only_shareable_strengths_of_issued_visits_in_the_region_appear(self):
        board = build_dashboard(self.coordinator, Filters())
        self.assertEqual([f.strengths for f in board.good_practice], [SHARED_STRENGTH])
        html = self.page(self.coordinator)
        self.assertContains(html, SHARED_STRENGTH)
        self.assertContains(html, "Record the person&#x27;s own words in the plan.")
        for private in [
            "Manager oversight is missing",
            "Private strength.",
            "Another private area.",
            "Draft, not issued.",
            "Another region",
        ]:
            self.assertNotContains(html, private)

    def test_councils_are_lettered_by_the_pages_rules(self):
        html = self.page(self.peer)
        self.assertContains(html, SHARED_STRENGTH)
        self.assertNotContains(html, "Sandwell")
        board = html.context["board"]
        self.assertEqual(board.good_practice[0].council, board.labels[self.sandwell.pk])
        self.assertTrue(board.good_practice[0].council.startswith("Council "))
        own = self.page(self.host_director).context["board"]
        self.assertEqual(own.good_practice[0].council, "Sandwell")

    def test_the_year_filter_applies(self):
        board = build_dashboard(self.coordinator, Filters(year_from=2023, year_to=2023))
        self.assertEqual(board.good_practice, [])
        self.assertEqual([(d.key, d.visits) for d in board.development], [("t2", 1)])

    def page(self, person):
        self.client.force_login(person)
        return self.client.get(reverse("learning:dashboard"))
