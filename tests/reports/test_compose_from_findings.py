"""Writing the report: each theme's text starts from the team's findings, the lines of enquiry
from where the sources differ, with the findings, the views and the verdict beside the text."""

from django.urls import reverse

from audits.models import Recommendation, ThemeFinding
from reports import builder
from tests.factories import level_of, make_conversation

from .support import KnownVisitTestCase
from .test_pages import NHS_NUMBER, compose_data


class ComposeFromFindingsTests(KnownVisitTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.t1 = cls.tool.themes.get(key="t1")
        ThemeFinding.objects.create(
            visit=cls.visit,
            theme=cls.t1,
            strengths="Assessments were done with the person.",
            areas_for_development="Plans were not always shared.",
            level=level_of(cls.tool, "requires-improvement", "judgement"),
        )
        # Theme 1: files Requires improvement (60%), leaders Outstanding, practitioners Good:
        # two levels apart, so they diverge.
        make_conversation(
            cls.visit,
            group="leaders",
            by=cls.auditor,
            views={"t1": ("outstanding", "Leaders are proud of the front door.")},
        )
        make_conversation(
            cls.visit,
            group="practitioners",
            by=cls.auditor,
            views={"t1": ("good", "Assessments feel natural.")},
        )
        Recommendation.objects.create(
            visit=cls.visit, theme=cls.t1, text="Share plans with people.", created_by=cls.auditor
        )

    def setUp(self):
        self.url = reverse("reports:report-compose", args=[self.visit.pk])
        self.section = self.report.sections.get(theme=self.t1)
        self.other = self.report.sections.get(theme__key="t2")

    def test_a_theme_with_no_text_yet_starts_from_its_findings(self):
        response = self.sign_in(self.auditor).get(self.url)
        form = response.context["form"]
        self.assertEqual(
            form[f"narrative_{self.section.pk}"].initial,
            "Assessments were done with the person.\n\nPlans were not always shared.",
        )
        self.assertContains(response, "Started from the team's theme findings")
        # Theme 2 has no findings: nothing to start from.
        self.assertEqual(form[f"narrative_{self.other.pk}"].initial, "")

    def test_where_the_sources_differ_a_line_of_enquiry_is_suggested(self):
        form = self.sign_in(self.auditor).get(self.url).context["form"]
        suggestion = form[f"lines_{self.section.pk}"].initial
        self.assertIn("On theme 1 the sources differ", suggestion)
        self.assertIn(
            "(the case files: Requires improvement; leaders: Outstanding; practitioners and "
            "team managers: Good)",
            suggestion,
        )
        self.assertEqual(form[f"lines_{self.other.pk}"].initial, "")  # not enough evidence

    def test_text_the_team_has_written_is_never_replaced_by_a_suggestion(self):
        self.section.narrative = "Our own words."
        self.section.lines_of_enquiry = "Our own question?"
        self.section.save()
        response = self.sign_in(self.auditor).get(self.url)
        form = response.context["form"]
        self.assertEqual(form[f"narrative_{self.section.pk}"].initial, "Our own words.")
        self.assertEqual(form[f"lines_{self.section.pk}"].initial, "Our own question?")
        self.assertNotContains(response, "Started from the team's theme findings")

    def test_the_evidence_beside_the_text_has_findings_views_verdict_and_recommendations(self):
        response = self.sign_in(self.auditor).get(self.url)
        for words in (
            "Plans were not always shared.",
            "What leaders said",
            "Leaders are proud of the front door.",
            "What practitioners and team managers said",
            "1 view on the judgement scale: Good.",
            "Diverge",
            "Share plans with people.",
            "Add or change recommendations",
        ):
            self.assertContains(response, words)
        self.assertNotContains(response, "Good 1.")

    def test_saving_keeps_the_started_text_as_the_narrative(self):
        form = self.sign_in(self.auditor).get(self.url).context["form"]
        data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
        data["summary"] = "A summary."
        response = self.client.post(self.url, data)
        self.assertRedirects(response, self.url)
        self.section.refresh_from_db()
        self.assertTrue(self.section.narrative.startswith("Assessments were done with the person."))
        self.assertEqual(builder.build(self.visit).themes[0].narrative, self.section.narrative)

    def test_an_error_keeps_every_box_as_it_was_typed(self):
        typed = {
            "summary": "My summary.",
            f"narrative_{self.section.pk}": "A narrative I wrote.",
            f"lines_{self.section.pk}": f"Ask about NHS {NHS_NUMBER}.",
            f"narrative_{self.other.pk}": "Theme two words.",
        }
        response = self.sign_in(self.auditor).post(self.url, compose_data(self.report, **typed))
        self.assertContains(response, "NHS number")
        for text in typed.values():
            self.assertContains(response, text)
        self.section.refresh_from_db()
        self.assertEqual(self.section.narrative, "")
