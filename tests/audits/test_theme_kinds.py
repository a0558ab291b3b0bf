"""A theme is a practice theme or a context section; the case facts come from the sample; the
default tool's version 2 stops asking for them; the editor switches a theme's kind and the
tool's overall judgement."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from audits.models import AuditTool, Question, Theme
from audits.services.tools import compare_tools
from audits.toolfile import (
    DEFAULT_TOOL_VERSIONS,
    ToolFileInvalid,
    export_tool,
    import_tool,
    install_default_tool,
)
from tests.base import CastTestCase
from tests.factories import cast_on_site, make_tool, thawed

DUPLICATED_FACTS = (
    "case-profile-case-type",
    "case-profile-team",
    "case-profile-age-band",
    "case-profile-support-reason",
)


class DefaultToolVersionTwoTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.v2 = install_default_tool(cls.region, by=cls.tool_owner)
        cls.v1 = cls.v2.based_on

    def test_it_publishes_version_two_after_version_one_and_keeps_version_one(self):
        self.assertEqual((self.v1.version, self.v2.version), (1, 2))
        self.assertEqual(self.v2.status, AuditTool.Status.PUBLISHED)
        self.assertEqual(self.v1.status, AuditTool.Status.PUBLISHED)
        for key in DUPLICATED_FACTS:
            self.assertTrue(self.v1.questions.filter(key=key).exists())
        self.assertFalse(all(theme.is_practice is False for theme in self.v1.themes.all()))
        self.assertEqual(self.v1.themes.filter(kind=Theme.Kind.CONTEXT).count(), 0)

    def test_it_drops_the_questions_the_sample_answers_and_says_why(self):
        self.assertFalse(self.v2.questions.filter(key__in=DUPLICATED_FACTS).exists())
        self.assertIn("the sample", self.v2.changelog)
        self.assertIn("context sections", self.v2.changelog)

    def test_it_turns_the_rest_of_the_case_profile_into_choices(self):
        kinds = dict(
            self.v2.questions.filter(theme__key="case-profile").values_list("key", "answer_kind")
        )
        self.assertEqual(
            kinds,
            {
                "case-profile-legal-frameworks": Question.AnswerKind.MULTIPLE,
                "case-profile-others-involved": Question.AnswerKind.MULTIPLE,
            },
        )
        frameworks = self.v2.questions.get(key="case-profile-legal-frameworks")
        self.assertIn("mca", [option.key for option in frameworks.options.all()])

    def test_it_makes_the_case_profile_and_practitioner_conversation_context_sections(self):
        self.assertEqual(
            set(self.v2.themes.filter(kind=Theme.Kind.CONTEXT).values_list("key", flat=True)),
            {"case-profile", "practitioner-conversation"},
        )
        self.assertFalse(
            self.v2.questions.filter(theme__kind=Theme.Kind.CONTEXT, answer_kind="scale").exists()
        )

    def test_it_shows_the_new_kinds_and_dropped_questions_when_comparing_the_versions(self):
        comparison = compare_tools(old=self.v1, new=self.v2)
        self.assertEqual(
            comparison.theme_changes,
            [
                "Case profile: now a context section (was a practice theme)",
                "Practitioner conversation: now a context section (was a practice theme)",
            ],
        )
        self.assertEqual(
            sorted(change.key for change in comparison.removed), sorted(DUPLICATED_FACTS)
        )
        self.sign_in(self.coordinator)
        page = self.client.get(reverse("audits:tool-compare", args=[self.v2.pk]))
        self.assertContains(page, "Case profile: now a context section (was a practice theme)")

    def test_it_installs_each_version_once(self):
        again = install_default_tool(self.region, by=self.tool_owner)
        self.assertEqual(again, self.v2)
        self.assertEqual(AuditTool.objects.filter(region=self.region).count(), 2)
        self.assertEqual(len(DEFAULT_TOOL_VERSIONS), 2)


class CaseFactsTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.v2 = install_default_tool(cls.region, by=cls.tool_owner)
        cls.visit, cls.case = cast_on_site(cls, cls.v2)

    def page(self, theme=""):
        self.sign_in(self.auditor)
        url = reverse("audits:caseaudit-detail", args=[self.visit.pk, self.case.pk])
        return self.client.get(url + (f"?theme={theme}" if theme else ""))

    def test_it_shows_the_samples_facts_at_the_top_of_the_case(self):
        response = self.page()
        self.assertContains(response, "About this case, from the sample")
        for shown in (
            self.case.get_case_type_display(),
            "Locality team",
            "Physical support",
            "65 to 84",
        ):
            self.assertContains(response, shown)

    def test_it_shows_them_on_every_theme_of_the_case(self):
        self.assertContains(self.page(theme="risk"), "About this case, from the sample")

    def test_it_never_asks_version_two_auditors_for_the_facts_again(self):
        response = self.page(theme="case-profile")
        self.assertContains(response, "Which legal frameworks are in play?")
        for asked in (
            "What type of case is this?",
            "Which team holds the case?",
            "Which age band is the person in?",
            "What is the primary support reason?",
        ):
            self.assertNotContains(response, asked)


class ThemeKindInTheToolFileTests(CastTestCase):
    def test_it_round_trips_a_context_section(self):
        tool = make_tool(self.region, status=AuditTool.Status.PUBLISHED)
        with thawed(tool):
            Theme.objects.filter(tool=tool, key="t2").update(kind=Theme.Kind.CONTEXT)
        text = export_tool(tool)
        self.assertIn("kind: context", text)
        copy = import_tool(text, region=self.other_region, by=None)
        self.assertEqual(
            dict(copy.themes.values_list("key", "kind")), {"t1": "practice", "t2": "context"}
        )

    def test_it_names_the_theme_whose_kind_is_unknown(self):
        text = export_tool(make_tool(self.region)).replace(
            "  - key: t2\n", "  - key: t2\n    kind: background\n"
        )
        with self.assertRaises(ToolFileInvalid) as raised:
            import_tool(text, region=self.other_region, by=None)
        self.assertIn("'kind' must be practice or context", str(raised.exception.problems[0]))
        self.assertIn("Theme 2", str(raised.exception.problems[0]))

    def test_it_refuses_to_publish_a_rated_question_in_a_context_section(self):
        draft = make_tool(self.region, status=AuditTool.Status.DRAFT)
        Theme.objects.filter(tool=draft, key="t2").update(kind=Theme.Kind.CONTEXT)
        with self.assertRaises(ValidationError) as raised:
            draft.publish(by=self.tool_owner, changelog="First.")
        self.assertIn("is a context section", " ".join(raised.exception.messages))


class EditorSwitchTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.draft = make_tool(cls.region, status=AuditTool.Status.DRAFT)

    def test_it_lets_a_tool_owner_say_cases_get_no_overall_judgement(self):
        self.sign_in(self.tool_owner)
        url = reverse("audits:tool-settings", args=[self.draft.pk])
        self.assertContains(self.client.get(url), "Does each case get an overall judgement?")
        response = self.client.post(url, {"has_overall_judgement": "no"})
        self.assertRedirects(response, self.draft.get_absolute_url(), fetch_redirect_response=False)
        self.draft.refresh_from_db()
        self.assertFalse(self.draft.has_overall_judgement)
        page = self.client.get(self.draft.get_absolute_url())
        self.assertContains(page, "Cases get no overall judgement")

    def test_it_says_what_to_fix_when_nothing_is_chosen(self):
        self.sign_in(self.tool_owner)
        url = reverse("audits:tool-settings", args=[self.draft.pk])
        response = self.client.post(url, {})
        self.assertContains(response, "Say whether each case gets an overall judgement.")

    def test_it_lets_a_tool_owner_make_a_theme_a_context_section(self):
        self.sign_in(self.tool_owner)
        theme = self.draft.themes.get(key="t2")
        url = reverse("audits:theme-edit", args=[self.draft.pk, theme.pk])
        response = self.client.post(
            url, {"title": "Case profile", "kind": "context", "description": ""}
        )
        self.assertEqual(response.status_code, 302)
        theme.refresh_from_db()
        self.assertEqual(theme.kind, Theme.Kind.CONTEXT)
        self.assertContains(self.client.get(self.draft.get_absolute_url()), "Context section")

    def test_it_carries_a_themes_kind_into_the_next_version(self):
        published = make_tool(self.region, name="Carried tool")
        with thawed(published):
            Theme.objects.filter(tool=published, key="t2").update(kind=Theme.Kind.CONTEXT)
        draft = published.new_version(by=self.tool_owner)
        self.assertEqual(draft.themes.get(key="t2").kind, Theme.Kind.CONTEXT)

    def test_it_adds_a_practice_theme_unless_told_otherwise(self):
        self.sign_in(self.tool_owner)
        self.client.post(reverse("audits:theme-add", args=[self.draft.pk]), {"title": "Risk"})
        self.assertEqual(self.draft.themes.get(title="Risk").kind, Theme.Kind.PRACTICE)
        page = self.client.get(reverse("audits:theme-add", args=[self.draft.pk]))
        self.assertEqual(page.context["form"]["kind"].value(), Theme.Kind.PRACTICE)  # ticked
