"""Regional learning's counts through the API are the dashboard's, cell for cell: the same
councils named or lettered, the same cells suppressed, the same figures."""

from django.test import Client
from django.urls import reverse

from api.tokens import make_token
from audits.counting import share_percent
from learning.dashboard import build_dashboard
from learning.source import Filters
from tests.base import CastTestCase
from tests.learning import scenario


class LearningCountsTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        scenario.build(cls)

    def counts(self, person, **query) -> dict:
        secret = make_token(owner=person, name="Power BI").secret
        response = Client().get(
            "/api/v1/learning/counts", query, HTTP_AUTHORIZATION=f"Bearer {secret}"
        )
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def dashboard_cells(self, person, **filters):
        board = build_dashboard(person, Filters(**filters))
        return [
            (column.label, column.year, row.key, cell)
            for row in board.grid
            for column, cell in zip(board.columns, row.cells, strict=True)
        ]

    def assert_same_as_dashboard(self, person, **filters):
        rows = self.counts(person, **filters)["items"]
        cells = self.dashboard_cells(person, **filters)
        self.assertEqual(len(rows), len(cells))
        for row, (label, year, key, cell) in zip(rows, cells, strict=True):
            with self.subTest(council=label, theme=key):
                self.assertEqual(
                    (row["council"], row["year"], row["theme_key"]), (label, year, key)
                )
                self.assertEqual(row["suppressed"], cell.suppressed)
                if cell.suppressed:
                    self.assertIsNone(row["cases"])
                    self.assertIsNone(row["met"])
                    self.assertIsNone(row["good_or_outstanding"])
                elif key == "overall":
                    self.assertEqual(row["good_or_outstanding"], cell.good)
                    self.assertEqual(
                        row["good_or_outstanding_percent"], share_percent(cell.share_good)
                    )
                else:
                    self.assertEqual(
                        (row["met"], row["partly_met"], row["not_met"], row["not_evidenced"]),
                        (cell.met, cell.partly, cell.not_met, cell.not_evidenced),
                    )
                    self.assertEqual(row["met_percent"], share_percent(cell.share_met))
        return rows

    def test_a_coordinator_reads_the_dashboard_with_councils_named(self):
        rows = self.assert_same_as_dashboard(self.coordinator)
        self.assertEqual(sorted({r["council"] for r in rows}), ["Dudley", "Sandwell", "Walsall"])
        sandwell_t1 = next(r for r in rows if r["council"] == "Sandwell" and r["theme_key"] == "t1")
        self.assertEqual(
            (sandwell_t1["met"], sandwell_t1["cases"], sandwell_t1["met_percent"]), (14, 6, 82)
        )

    def test_walsalls_four_cases_are_suppressed_as_on_the_dashboard(self):
        rows = self.assert_same_as_dashboard(self.coordinator)
        walsall = [r for r in rows if r["council"] == "Walsall"]
        self.assertEqual(len(walsall), 3)
        self.assertTrue(all(r["suppressed"] and r["cases"] is None for r in walsall))
        self.assertEqual(self.counts(self.coordinator)["suppressed_below_cases"], 5)

    def test_a_host_sees_its_own_council_named_and_the_others_lettered(self):
        rows = self.assert_same_as_dashboard(self.host_psw)
        labels = {r["council"] for r in rows}
        self.assertIn("Sandwell", labels)
        self.assertFalse(labels & {"Dudley", "Walsall", "Coventry"})
        self.assertTrue(all(r["own_council"] == (r["council"] == "Sandwell") for r in rows))
        self.assertFalse(self.counts(self.host_psw)["councils_named"])

    def test_a_peer_member_and_a_tool_owner_see_only_letters(self):
        for person in [self.peer, self.tool_owner]:
            with self.subTest(person=person.email):
                rows = self.assert_same_as_dashboard(person)
                self.assertFalse({r["council"] for r in rows} & set(scenario.WEST_MIDLANDS))

    def test_the_year_filter_is_the_dashboards(self):
        rows = self.assert_same_as_dashboard(self.coordinator, year_from=2023, year_to=2023)
        self.assertEqual({(r["council"], r["year"]) for r in rows}, {("Sandwell", 2023)})

    def test_drafts_and_other_regions_never_count(self):
        rows = self.counts(self.coordinator)["items"]
        self.assertFalse({r["council"] for r in rows} & {"Coventry", "Bolton"})
        self.assertEqual(self.counts(self.other_coordinator)["items"][0]["council"], "Bolton")

    def test_the_dashboard_page_agrees(self):
        """The page a coordinator reads shows the figure the API gives."""
        self.client.force_login(self.coordinator)
        page = self.client.get(reverse("learning:dashboard")).content.decode()
        self.assertIn("82%", page)
        self.assertIn("suppressed", page)
