"""A host council's people see its results over time beside the anonymised region."""

from django.urls import reverse

from learning.council import build_council_view
from learning.source import Filters
from tests.base import CastTestCase
from tests.learning import scenario as learning_scenario
from tests.learning.scenario import WEST_MIDLANDS

URL = reverse("learning:my-council")


class MyCouncilTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        learning_scenario.build(cls)

    def test_it_sets_the_latest_visit_beside_the_other_councils(self):
        view = build_council_view(self.host_director, Filters())
        self.assertEqual(view.latest_year, 2025)
        t1, t2 = view.themes
        self.assertEqual(t1.own_latest.text, "82%")
        # Walsall's 4 cases are suppressed, so Dudley alone makes the median.
        self.assertEqual((t1.region_median, t1.others_assessed), (1.0, 1))
        # Walsall's suppressed cells stay out of the pooled figure as well.
        self.assertEqual((t1.region_pooled.met, t1.region_pooled.cases), (15, 5))
        self.assertEqual(
            t1.summary,
            "Theme 1: Sandwell 82% Met at its latest visit, 18 points below the median of the "
            "other councils' latest visits (100%).",
        )
        self.assertEqual(t2.own_latest.text, "33%")
        self.assertIn("33 points above", t2.summary)

    def test_it_follows_the_council_over_the_years(self):
        t1 = build_council_view(self.host_director, Filters()).themes[0]
        self.assertEqual(
            [(year, own.text, rest.cases) for year, own, rest in t1.points],
            [(2023, "0%", 0), (2024, "suppressed", 0), (2025, "82%", 5)],
        )
        self.assertEqual(t1.chart.count("<polyline") + t1.chart.count("<circle"), 2)

    def test_the_page_names_only_the_hosts_own_council(self):
        response = self.sign_in(self.host_director).get(URL)
        main = response.content.decode()
        main = main[main.index("<main") :]
        self.assertIn("Sandwell against the region", main)
        self.assertIn("Median of other councils", main)
        for name in set(WEST_MIDLANDS) - {"Sandwell"}:
            self.assertNotIn(name, main)
        self.assertEqual(main.count("<svg"), 2)
        self.assertIn("Figures for Theme 1", main)

    def test_a_council_without_an_issued_visit_is_told_so(self):
        response = self.sign_in(self.outsider).get(URL)
        self.assertContains(response, "Coventry has no issued audit in these years yet")

    def test_the_dashboard_links_a_host_to_their_council_view(self):
        response = self.sign_in(self.host_ad).get(reverse("learning:dashboard"))
        self.assertContains(response, f'href="{URL}"')
        response = self.sign_in(self.peer).get(reverse("learning:dashboard"))
        self.assertNotContains(response, f'href="{URL}"')
