"""The dashboard and the exports ask the database the same number of questions, however many
councils and years there are."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audits.models import Answer
from authorities.models import Authority
from tests.base import CastTestCase
from tests.factories import make_audited_visit, make_tool

# session, user; years with issued visits, tool versions used (the filters); the visits;
# their tools' themes, rated questions and rating levels; answers per visit × theme by
# category (stored counts, with any visit lacking them counted in the same query), cases per
# visit × theme (likewise), stored counts per question across the visits, answers per visit ×
# question of visits without stored counts, judgements counted per visit × level; the
# findings marked as good practice to share, visits with an area for development per theme;
# choice questions' stored figures, answers of visits without them, the choice questions and
# their options (learning.choices); the person's region (for the caption).
DASHBOARD_QUERIES = 20
# the same eight up to the counting, the four counts (stored counts by level, the answers they
# cannot give, the cases behind each cell, the judgements), the choice questions, their
# options, their stored figures and the answers of visits without them (learning.choices), the
# person's region (for the file name) and the export log's insert. (The re-authentication check
# reads only the session.)
EXPORT_QUERIES = 18
# session, user; years, tools; visits, themes, questions, levels; answers per visit ×
# question × level, cases per visit × theme; the person's council and region (headings);
# the council's learning actions grouped by status; finding its last two issued audits, and
# comparing them (audits.comparison: a fixed 13).
MY_COUNCIL_QUERIES = 27


class QueryCountTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tool = make_tool(cls.region)

    def grow(self, councils: int, years: int):
        chosen = list(Authority.objects.filter(region=self.region).order_by("name")[:councils])
        if self.sandwell not in chosen:
            chosen[-1] = self.sandwell
        for council in chosen:
            for year in range(2025 - years + 1, 2026):
                make_audited_visit(
                    host=council,
                    tool=self.tool,
                    coordinator=self.coordinator,
                    year=year,
                    cases=5,
                    judgements=["good"] * 5,
                )

    def count(self, person, url) -> int:
        client = self.sign_in(person)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(client.get(url).status_code, 200)
        return len(queries)

    def test_the_dashboard_asks_sixteen_questions_for_3_councils_and_1_year(self):
        self.grow(3, 1)
        client = self.sign_in(self.coordinator)
        with self.assertNumQueries(DASHBOARD_QUERIES):
            response = client.get(reverse("learning:dashboard"))
        self.assertEqual(len(response.context["board"].columns), 3)

    def test_the_dashboard_asks_sixteen_questions_for_12_councils_and_4_years(self):
        self.grow(12, 4)
        self.assertEqual(Answer.objects.count(), 12 * 4 * 5 * 6)
        client = self.sign_in(self.coordinator)
        with self.assertNumQueries(DASHBOARD_QUERIES):
            response = client.get(reverse("learning:dashboard"))
        self.assertEqual(len(response.context["board"].columns), 12)
        self.assertEqual(len(response.context["board"].source.visits), 48)

    def test_exports_and_my_council_stay_flat_as_the_region_grows(self):
        counts = []
        # Two years at least, so the host's council has a previous audit to compare with at
        # both sizes (the comparison is a fixed number of queries of its own).
        for councils, years in [(3, 2), (12, 4)]:
            Answer.objects.all().delete()
            self.grow(councils, years)
            counts.append(
                (
                    self.count(self.host_director, reverse("learning:export-csv")),
                    self.count(self.peer, reverse("learning:export-xlsx")),
                    self.count(self.host_director, reverse("learning:my-council")),
                )
            )
        self.assertEqual(counts[0], counts[1])
        self.assertEqual(counts[0], (EXPORT_QUERIES, EXPORT_QUERIES, MY_COUNCIL_QUERIES))

    def test_the_dashboard_stays_flat_with_stored_counts_and_findings(self):
        from audits.models import ThemeFinding, Visit
        from learning import tallies

        self.grow(12, 4)
        tallies.rebuild(Visit.objects.all())
        for visit in Visit.objects.all():
            for theme in self.tool.themes.all():
                ThemeFinding.objects.create(
                    visit=visit,
                    theme=theme,
                    strengths="Strengths-based.",
                    areas_for_development="Oversight.",
                    shareable_good_practice=True,
                )
        client = self.sign_in(self.coordinator)
        with self.assertNumQueries(DASHBOARD_QUERIES):
            response = client.get(reverse("learning:dashboard"))
        board = response.context["board"]
        self.assertEqual(len(board.good_practice), 48 * 2)
        self.assertEqual([d.visits for d in board.development], [48, 48])
