"""Everyone in the region reads the published tool: versions, themes, scales and a preview."""

from django.urls import reverse

from audits.models import RatingLevel
from audits.toolfile import load_default_tool
from tests.base import CastTestCase
from tests.factories import make_tool


class ToolListTests(CastTestCase):
    def test_it_lists_the_regions_versions_with_their_status_and_changelog(self):
        v1 = make_tool(self.region, status="retired")
        v2 = make_tool(self.region, version=2)
        make_tool(self.other_region, name="North West tool")
        response = self.sign_in(self.auditor).get(reverse("audits:tool-list"))
        self.assertContains(response, v1.get_absolute_url())
        self.assertContains(response, v2.get_absolute_url())
        self.assertContains(response, "Retired")
        self.assertContains(response, "Published")
        self.assertContains(response, "First.")
        self.assertNotContains(response, "North West tool")

    def test_drafts_are_listed_only_for_tool_owners_and_the_coordinator(self):
        draft = make_tool(self.region, status="draft", name="Draft tool")
        for person, shown in [
            (self.tool_owner, True),
            (self.coordinator, True),
            (self.auditor, False),
            (self.host_director, False),
            (self.peer, False),
        ]:
            with self.subTest(role=person.role):
                response = self.sign_in(person).get(reverse("audits:tool-list"))
                self.assertEqual(draft.get_absolute_url() in response.content.decode(), shown)

    def test_the_platform_administrator_sees_no_tool(self):
        tool = make_tool(self.region)
        response = self.sign_in(self.platform_admin).get(reverse("audits:tool-list"))
        self.assertNotContains(response, tool.get_absolute_url())
        self.assertContains(response, "There is no audit tool in your region yet")

    def test_the_list_costs_the_same_queries_however_many_versions(self):
        make_tool(self.region)
        client = self.sign_in(self.tool_owner)
        url = reverse("audits:tool-list")
        # session, user, tools with their theme and question counts, open proposals count
        with self.assertNumQueries(4):
            client.get(url)
        for n in range(2, 7):
            make_tool(self.region, version=n, status="retired")
        with self.assertNumQueries(4):
            response = client.get(url)
        self.assertContains(response, "Version 6")


class ToolPageTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tool = load_default_tool(cls.region, by=cls.tool_owner)

    def theme_page(self, question_key):
        question = self.tool.questions.get(key=question_key)
        return reverse("audits:theme-detail", args=[self.tool.pk, question.theme_id])

    def test_it_shows_themes_questions_scales_with_colours_and_cqc_tags(self):
        client = self.sign_in(self.host_director)
        response = client.get(self.tool.get_absolute_url())
        self.assertContains(response, "Mental capacity and best interests")
        self.assertContains(response, "14 themes and 89 questions.")
        self.assertContains(response, 'fill="#00703c"')
        self.assertContains(response, "Not evidenced: a shortfall")
        # A reader gets no editing controls.
        self.assertNotContains(response, "Add a theme")
        self.assertNotContains(response, "Create the next version")
        # Each theme's questions, with their CQC tags and keys, are on its own page.
        response = client.get(self.theme_page("first-contact-timely"))
        self.assertContains(response, "Was the first contact answered in good time?")
        self.assertContains(response, "Ensuring safety: safeguarding")
        self.assertContains(response, "first-contact-timely")
        self.assertNotContains(response, "Change theme")

    def test_a_psw_may_propose_a_change_to_a_question(self):
        response = self.sign_in(self.auditor).get(self.theme_page("first-contact-timely"))
        question = self.tool.questions.get(key="first-contact-timely")
        self.assertContains(
            response, reverse("audits:proposal-create", args=[self.tool.pk, question.pk])
        )

    def test_the_tool_owner_sees_how_to_carry_a_published_version_forward(self):
        response = self.sign_in(self.tool_owner).get(self.tool.get_absolute_url())
        self.assertContains(response, reverse("audits:tool-next-version", args=[self.tool.pk]))
        self.assertContains(response, reverse("audits:tool-retire", args=[self.tool.pk]))
        self.assertNotContains(response, "Move up")

    def test_the_preview_shows_each_theme_with_disabled_radios_of_its_scale(self):
        response = self.sign_in(self.auditor).get(
            reverse("audits:tool-preview", args=[self.tool.pk])
        )
        self.assertContains(response, "Theme 9 of 14")
        self.assertContains(response, "Safeguarding and Making Safeguarding Personal")
        question = self.tool.questions.get(key="outcomes-difference")
        self.assertContains(response, f'id="preview-q{question.pk}-partly-met" name="preview-q')
        radios = response.content.decode().count('type="radio"')
        levels = RatingLevel.objects.filter(scale__questions__tool=self.tool).count()
        self.assertEqual(radios, levels)
        self.assertEqual(response.content.decode().count(" disabled>"), radios + 89)

    def test_the_overall_judgement_is_not_asked_again_among_the_questions(self):
        # Each case's overall judgement has its own section, which moderation keeps; the
        # Outcomes theme asks only what difference the work made.
        on_judgement_scale = self.tool.questions.filter(scale__purpose="judgement")
        self.assertFalse(on_judgement_scale.exists())
        outcomes = self.tool.themes.get(key="outcomes")
        self.assertEqual(outcomes.title, "Outcomes")
        self.assertIn("Overall judgement section", outcomes.description)


class ToolPageQueryTests(CastTestCase):
    def assert_flat(self, url_name, person, expected):
        small = make_tool(self.region, themes=2, questions=3, name=f"Small {person.role}")
        large = make_tool(self.region, themes=6, questions=10, name=f"Large {person.role}")
        self.assertEqual(large.questions.count(), 60)
        client = self.sign_in(person)
        for tool in (small, large):
            with self.subTest(questions=tool.questions.count()), self.assertNumQueries(expected):
                response = client.get(reverse(url_name, args=[tool.pk]))
            self.assertEqual(response.status_code, 200)

    def test_the_tool_page_costs_the_same_queries_for_6_or_60_questions(self):
        # session, user, tool (with based_on), scales, levels, themes with their question
        # counts, versions
        self.assert_flat("audits:tool-detail", self.tool_owner, 7)

    def test_the_tool_page_costs_a_psw_the_same_queries_for_6_or_60_questions(self):
        # as above, and the PSW's council for the account bar
        self.assert_flat("audits:tool-detail", self.auditor, 8)

    def test_a_theme_page_costs_the_same_queries_for_3_or_10_questions(self):
        # session, user, tool, theme, its questions with their scales, their options, the
        # themes with their question counts
        small = make_tool(self.region, themes=2, questions=3, name="Small themes")
        large = make_tool(self.region, themes=2, questions=10, name="Large themes")
        client = self.sign_in(self.tool_owner)
        for tool in (small, large):
            url = reverse("audits:theme-detail", args=[tool.pk, tool.themes.first().pk])
            with self.subTest(questions=tool.questions.count()), self.assertNumQueries(7):
                response = client.get(url)
            self.assertEqual(response.status_code, 200)

    def test_the_preview_costs_the_same_queries_for_6_or_60_questions(self):
        # session, user, tool, themes, questions with their scales, their options, each
        # question's scale levels, scales, levels, the PSW's council for the account bar
        self.assert_flat("audits:tool-preview", self.auditor, 10)
