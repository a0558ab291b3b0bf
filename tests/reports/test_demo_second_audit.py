"""The demo audits Dudley again a year after its first audit: the second visit is issued, and
its report's "Since the last audit", its visit page and Dudley's regional view show what moved
and where the first audit's plan stood. Seeding twice gives the same rows."""

import datetime
import io

from django.test import TestCase
from django.urls import reverse

from auditportal.management.commands.seed_demo import demo_apps
from audits.models import Answer, CaseFile, PlanAction, Recommendation, ThemeFinding, Visit
from authorities.models import User
from reports import builder, pdf

ROWS = (Visit, CaseFile, Answer, ThemeFinding, Recommendation, PlanAction)


def seed_all_but_reports():
    """Every part of the demo except the issued reports' files, which take minutes to render;
    the report's section is built and laid out here from the same data."""
    for config in demo_apps():
        if config.label != "reports":
            config.demo_seed(password="unused", out=io.StringIO())


class DemoSecondAuditTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_all_but_reports()
        cls.first, cls.second = Visit.objects.filter(
            host__slug="dudley", status__in=["issued", "closed"]
        ).order_by("first_day")
        cls.director = User.objects.get(email="director@dudley.example")

    def test_it_has_two_issued_dudley_audits_a_year_apart(self):
        self.assertEqual(self.second.status, Visit.Status.ISSUED)
        gap = self.second.first_day - self.first.first_day
        self.assertTrue(datetime.timedelta(days=300) < gap < datetime.timedelta(days=400), gap)
        self.assertEqual(self.second.tool_id, self.first.tool_id)
        self.assertTrue(self.second.case_files.filter(status=CaseFile.Status.LOCKED).exists())

    def test_the_second_reports_section_lists_the_themes_that_moved(self):
        data = builder.build(self.second)
        since = data.since_last
        self.assertEqual(since.previous_visit_id, self.first.pk)
        moved = [theme for theme in since.themes if theme.change]
        self.assertGreaterEqual(len(moved), 3)
        html = pdf.render_html(data)
        self.assertIn('<h2 id="since-last-title">Since the last audit</h2>', html)
        for theme in moved:
            self.assertIn(theme.title, html)
            self.assertIn(theme.change_text, html)

    def test_the_first_plan_stood_partly_done_with_one_action_overdue(self):
        plan = builder.build(self.second).since_last.plan
        self.assertEqual(
            (plan.recommendations, plan.answered, plan.done, plan.under_way, plan.planned),
            (3, 2, 1, 1, 1),
        )
        self.assertEqual(plan.overdue, 1)
        self.assertFalse(Recommendation.objects.filter(visit=self.second).exists())

    def test_dudleys_director_sees_what_moved_on_the_visit_and_their_regional_view(self):
        self.client.force_login(self.director)
        since = builder.build(self.second).since_last
        moved = next(theme for theme in since.themes if theme.change)
        for url in (
            reverse("audits:visit-since-last", args=[self.second.pk]),
            reverse("learning:my-council"),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, moved.change_text)
                self.assertContains(response, "1 was overdue")

    def test_seeding_again_adds_nothing(self):
        counts = [model.objects.count() for model in ROWS]
        seed_all_but_reports()
        self.assertEqual([model.objects.count() for model in ROWS], counts)
