"""Only practice themes are judged, charted, compared and counted in learning: a context
section (the case profile, the practitioner conversation) is answered but left out of them,
even when (as here, in a tool never published) it holds rated questions."""

from django.urls import reverse

from audits.comparison import compare
from audits.models import Theme, Visit
from learning import tallies
from learning.dashboard import build_dashboard
from learning.source import Filters
from reports.builder import build
from tests.audits.test_comparison import ComparisonScene
from tests.base import CastTestCase
from tests.factories import make_audited_visit, make_tool, thawed


class ContextSectionInTheReportTests(ComparisonScene):
    """Theme 2 of version 2 becomes a context section; version 1's theme 2 stays practice."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with thawed(cls.v2):
            Theme.objects.filter(tool=cls.v2, key="t2").update(kind=Theme.Kind.CONTEXT)

    def test_it_charts_and_sections_only_practice_themes(self):
        report = build(self.visit)
        self.assertEqual([theme.key for theme in report.themes], ["t1"])
        self.assertNotIn("theme-t2", [section.key for section in report.sections])
        self.assertFalse([q for q in report.questions if q.key.startswith("t2-")])

    def test_it_counts_no_context_answer_in_the_overall_distribution(self):
        report = build(self.visit)
        # Six cases answered t1's four questions; the five cases' three t2 answers are out.
        self.assertEqual(report.answers.total, 6 * 4)

    def test_it_compares_only_practice_themes_with_the_last_audit(self):
        found = compare(self.visit)
        self.assertEqual([theme.key for theme in found.themes], ["t1"])
        self.assertEqual(found.compared, 3)  # t1-q1 to t1-q3; t2's shared two are left out

    def test_it_offers_no_theme_finding_for_a_context_section(self):
        self.sign_in(self.auditor)
        page = self.client.get(reverse("audits:themefinding-list", args=[self.visit.pk]))
        self.assertContains(page, "Theme 1")
        self.assertNotContains(page, "Theme 2")
        edit = reverse("audits:themefinding-edit", args=[self.visit.pk, "t2"])
        self.assertEqual(self.client.get(edit).status_code, 404)


class ContextSectionInLearningTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tool = make_tool(cls.region)
        with thawed(cls.tool):
            Theme.objects.filter(tool=cls.tool, key="t2").update(kind=Theme.Kind.CONTEXT)
        cls.visit = make_audited_visit(
            host=cls.sandwell,
            tool=cls.tool,
            coordinator=cls.coordinator,
            year=2026,
            cases=5,
            levels={"t2-q1": ["not-met"] * 5},
            judgements=["good"] * 5,
            status=Visit.Status.ISSUED,
        )

    def themes_and_questions(self):
        board = build_dashboard(self.coordinator, Filters())
        return [t.key for t in board.source.themes], sorted(board.source.questions)

    def test_it_leaves_context_sections_out_of_regional_learning(self):
        themes, questions = self.themes_and_questions()
        self.assertEqual(themes, ["t1"])
        self.assertEqual(questions, ["t1-q1", "t1-q2", "t1-q3"])

    def test_it_stores_no_counts_for_a_context_section(self):
        before = self.themes_and_questions()
        tallies.rebuild(Visit.objects.filter(pk=self.visit.pk))
        stored = tallies.QuestionTally.objects.filter(visit=self.visit)
        self.assertEqual(stored.filter(question__theme__key="t1").count(), 3)
        self.assertFalse(stored.filter(question__theme__key="t2").exists())
        self.assertEqual(self.themes_and_questions(), before)
