"""The dashboard's figures on hand-made data whose right answers are worked out by hand."""

from django.urls import reverse

from audits.models import Visit
from learning.dashboard import build_dashboard
from learning.source import Filters
from tests.base import CastTestCase
from tests.factories import make_audited_visit, make_tool
from tests.learning import scenario as learning_scenario


class DashboardNumberTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        learning_scenario.build(cls)

    def board(self, **filters):
        return build_dashboard(self.coordinator, Filters(**filters))

    def column(self, board, name):
        return [c.label for c in board.columns].index(name)

    def test_it_shows_each_councils_latest_issued_visit_only(self):
        board = self.board()
        self.assertEqual([c.label for c in board.columns], ["Dudley", "Sandwell", "Walsall"])
        self.assertEqual([c.year for c in board.columns], [2025, 2025, 2025])
        self.assertEqual((board.filters.year_from, board.filters.year_to), (2023, 2025))

    def test_it_counts_the_distribution_of_a_themes_answers(self):
        board = self.board()
        t1 = board.grid[0].cells[self.column(board, "Sandwell")]
        self.assertEqual(
            (t1.met, t1.partly, t1.not_met, t1.not_evidenced, t1.not_applicable, t1.cases),
            (14, 1, 1, 1, 1, 6),
        )
        self.assertEqual(t1.applicable, 17)
        self.assertEqual(t1.text, "82%")
        t2 = board.grid[1].cells[self.column(board, "Sandwell")]
        self.assertEqual((t2.met, t2.not_met, t2.text), (6, 12, "33%"))
        dudley = self.column(board, "Dudley")
        self.assertEqual([row.cells[dudley].text for row in board.grid], ["100%", "0%", "0%"])

    def test_the_overall_row_reads_the_agreed_judgement(self):
        board = self.board()
        overall = board.grid[-1]
        self.assertTrue(overall.is_overall)
        sandwell = overall.cells[self.column(board, "Sandwell")]
        # The Requires improvement moderated to Good counts as Good.
        self.assertEqual(sandwell.by_score, {3: 4, 4: 1, 1: 1})
        self.assertEqual(sandwell.text, "83%")

    def test_it_suppresses_a_council_with_fewer_than_five_cases(self):
        board = self.board()
        walsall = self.column(board, "Walsall")
        self.assertTrue(all(row.cells[walsall].suppressed for row in board.grid))
        self.assertEqual({row.cells[walsall].text for row in board.grid}, {"suppressed"})
        html = self.client_for(self.coordinator).content.decode()
        self.assertIn("suppressed", html)

    def client_for(self, person):
        return self.sign_in(person).get(reverse("learning:dashboard"))

    def test_it_never_counts_a_visit_that_is_not_issued(self):
        board = self.board()
        self.assertNotIn("Coventry", [c.label for c in board.columns])
        self.assertNotIn(self.coventry_draft.pk, [v.pk for v in board.source.visits])

    def test_it_ranks_themes_by_how_often_they_fall_short(self):
        ranked = self.board().recurring_themes
        self.assertEqual(
            [(r.key, r.visits_short, r.visits_assessed) for r in ranked],
            [
                ("t2", 2, 3),
                ("t1", 1, 3),
            ],
        )
        self.assertEqual(ranked[0].rate_text, "67%")

    def test_it_ranks_questions_by_recurrence_then_by_pooled_shortfall(self):
        ranked = self.board().recurring_questions
        self.assertEqual(
            [(r.key, r.visits_short) for r in ranked[:3]],
            [("t2-q2", 2), ("t2-q3", 2), ("t1-q1", 2)],
        )
        # Walsall's four cases are suppressed, so they stay out of the pooled counts.
        self.assertEqual(ranked[0].pooled.shortfall, 11)
        self.assertEqual(ranked[0].pooled.applicable, 16)

    def test_hotspots_are_the_questions_most_often_not_met_or_not_evidenced(self):
        hotspots = self.board().hotspots
        self.assertEqual(
            [r.key for r in hotspots[:5]], ["t2-q2", "t2-q3", "t2-q1", "t1-q1", "t1-q3"]
        )
        self.assertEqual(hotspots[0].pooled.shortfall_text, "69%")
        self.assertEqual((hotspots[2].pooled.not_evidenced, hotspots[2].pooled.applicable), (5, 16))

    def test_trends_pool_each_years_visits(self):
        board = self.board()
        t1 = board.trends[0]
        self.assertEqual([p.year for p in t1.points], [2023, 2024, 2025])
        # 2025 pools Sandwell and Dudley; Walsall's four cases are suppressed and left out.
        self.assertEqual([p.counts.cases for p in t1.points], [5, 0, 11])
        self.assertEqual([p.share for p in t1.points][:2], [0.0, None])
        self.assertEqual(round(t1.points[2].share, 4), round(29 / 32, 4))
        self.assertEqual(t1.summary, "Theme 1: rose from 0% Met in 2023 to 91% in 2025.")
        self.assertIn("<svg", t1.chart)
        self.assertIn('aria-label="Theme 1. Theme 1: rose from 0% Met', t1.chart)

    def test_the_year_filter_narrows_the_visits(self):
        board = self.board(year_from=2023, year_to=2023)
        self.assertEqual([c.label for c in board.columns], ["Sandwell"])
        self.assertEqual(board.grid[0].cells[0].text, "0%")

    def test_the_page_shows_every_chart_with_a_table_and_a_summary(self):
        html = self.client_for(self.coordinator).content.decode()
        self.assertEqual(html.count("<svg"), 4)  # recurrence, two themes, overall
        self.assertIn("Figures for Theme 1", html)
        self.assertIn("Theme 1: rose from 0% Met in 2023 to 91% in 2025.", html)
        self.assertIn("Share of applicable answers Met", html)
        self.assertNotIn("versions-differ", html)


class CrossVersionTests(CastTestCase):
    """Version 2 adds a fourth question to each theme; themes compare on the three shared."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        v1 = make_tool(cls.region, questions=3)
        v2 = make_tool(cls.region, questions=4, version=2)
        common = {"coordinator": cls.coordinator, "year": 2025, "cases": 5}
        cls.old = make_audited_visit(host=cls.sandwell, tool=v1, **common)
        cls.new = make_audited_visit(
            host=cls.dudley,
            tool=v2,
            levels={"t1-q4": ["not-met"] * 5, "t2-q4": ["not-met"] * 5},
            **common,
        )
        cls.v2 = v2

    def test_themes_compare_only_through_shared_question_keys(self):
        board = build_dashboard(self.coordinator, Filters())
        self.assertTrue(board.source.versions_differ)
        self.assertEqual(board.source.dropped_keys, {"t1-q4", "t2-q4"})
        # Dudley's Not met answers to the new questions stay out of its theme figures.
        self.assertEqual([row.cells[0].text for row in board.grid[:2]], ["100%", "100%"])
        self.assertEqual(board.grid[0].cells[0].applicable, 15)

    def test_a_question_in_only_one_version_is_ranked_over_the_visits_that_asked_it(self):
        board = build_dashboard(self.coordinator, Filters())
        top = board.hotspots[0]
        self.assertIn(top.key, {"t1-q4", "t2-q4"})
        self.assertEqual((top.pooled.not_met, top.pooled.applicable), (5, 5))
        self.assertEqual(top.visits_assessed, 1)

    def test_the_page_says_the_versions_differ(self):
        response = self.sign_in(self.coordinator).get(reverse("learning:dashboard"))
        self.assertContains(response, "These audits used 2 versions of the tool")
        self.assertContains(response, "compared only through questions that share a stable key")

    def test_one_version_chosen_needs_no_comparison(self):
        board = build_dashboard(self.coordinator, Filters(tool_id=self.v2.pk))
        self.assertFalse(board.source.versions_differ)
        self.assertEqual([c.label for c in board.columns], ["Dudley"])
        self.assertEqual(board.grid[0].cells[0].text, "75%")
        self.assertEqual(Visit.objects.filter(tool=self.v2).count(), len(board.source.visits))


class SuppressionTests(CastTestCase):
    def test_a_cell_of_four_cases_is_suppressed_and_one_of_five_is_shown(self):
        from learning.cells import Counts, Judgements

        self.assertEqual(Counts(met=4, cases=4).text, "suppressed")
        self.assertIsNone(Counts(met=4, cases=4).share_met)
        self.assertEqual(Counts(met=4, not_met=1, cases=5).text, "80%")
        self.assertEqual(Judgements({3: 4}).text, "suppressed")
        self.assertEqual(Judgements({3: 4, 1: 1}).text, "80%")
