"""The audit tool one theme a page: the tool's page lists themes with their question counts,
each theme's page holds its questions and their controls, and a search finds a question by
its wording or key and links to it on its theme's page."""

from django.urls import reverse

from audits.models import Question
from tests.base import CastTestCase
from tests.factories import make_tool


class ThemePageTests(CastTestCase):
    def setUp(self):
        # Three themes of three questions: "Question 2 of theme 3?" is t3-q2, and so on.
        self.draft = make_tool(self.region, status="draft", themes=3, questions=3)
        self.client = self.sign_in(self.tool_owner)
        self.t1, self.t2, self.t3 = self.draft.themes.order_by("position")

    def url(self, name, *args):
        return reverse(f"audits:{name}", args=[self.draft.pk, *args])

    def test_it_lists_the_themes_with_their_question_counts_and_no_questions(self):
        Question.objects.filter(key="t2-q3").delete()
        response = self.client.get(self.draft.get_absolute_url())
        self.assertContains(response, "3 themes and 8 questions.")
        self.assertContains(
            response, f'href="{self.url("theme-detail", self.t2.pk)}">2. Theme 2</a>'
        )
        self.assertContains(
            response, '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>', html=False
        )
        self.assertNotContains(response, "Question 1 of theme 1?")
        self.assertNotContains(response, self.url("question-edit", self.t1.questions.first().pk))

    def test_it_shows_only_its_own_themes_questions_with_their_controls(self):
        response = self.client.get(self.url("theme-detail", self.t2.pk))
        self.assertContains(response, '<h1 class="govuk-heading-l">2. Theme 2</h1>', html=True)
        for question in self.t2.questions.all():
            self.assertContains(response, f"{question.text}")
            self.assertContains(response, self.url("question-edit", question.pk))
            self.assertContains(response, self.url("question-remove", question.pk))
        self.assertContains(response, "2.3 Question 3 of theme 2?")
        self.assertNotContains(response, "Question 1 of theme 1?")
        self.assertNotContains(response, "Question 1 of theme 3?")
        # One Move up and one Move down per question but the first and last, and the theme's.
        self.assertEqual(response.content.decode().count('value="down"'), 2 + 1)
        self.assertContains(response, f'href="{self.url("theme-detail", self.t1.pk)}" rel="prev"')
        self.assertContains(response, f'href="{self.url("theme-detail", self.t3.pk)}" rel="next"')

    def test_it_saves_a_question_and_returns_to_its_theme_page(self):
        question = self.t3.questions.get(key="t3-q2")
        page = self.client.get(self.url("question-edit", question.pk))
        self.assertContains(
            page, f'href="{self.url("theme-detail", self.t3.pk)}#question-{question.pk}"'
        )
        data = {
            "text": "Was the person's own view recorded?",
            "guidance": "",
            "answer_kind": "scale",
            "scale": question.scale_id,
            "required": "yes",
            "allows_not_applicable": "yes",
            "cqc_statements": ["assessing-needs"],
        }
        response = self.client.post(self.url("question-edit", question.pk), data)
        self.assertRedirects(
            response, self.url("theme-detail", self.t3.pk) + f"#question-{question.pk}"
        )
        page = self.client.get(self.url("theme-detail", self.t3.pk))
        self.assertContains(page, "3.2 Was the person&#x27;s own view recorded?")

    def test_it_moves_a_question_and_stays_on_its_theme_page(self):
        question = self.t2.questions.get(key="t2-q1")
        response = self.client.post(self.url("question-move", question.pk), {"direction": "down"})
        self.assertRedirects(
            response, self.url("theme-detail", self.t2.pk) + f"#question-{question.pk}"
        )
        page = self.client.get(self.url("theme-detail", self.t2.pk))
        self.assertContains(page, "2.2 Question 1 of theme 2?")

    def test_it_removes_a_question_and_returns_to_its_theme_page(self):
        question = self.t2.questions.get(key="t2-q1")
        page = self.client.get(self.url("question-remove", question.pk))
        self.assertContains(page, f'href="{self.url("theme-detail", self.t2.pk)}">Cancel</a>')
        response = self.client.post(self.url("question-remove", question.pk), {"confirm": "yes"})
        self.assertRedirects(response, self.url("theme-detail", self.t2.pk))
        self.assertFalse(Question.objects.filter(pk=question.pk).exists())

    def test_it_moves_a_theme_from_its_own_page(self):
        response = self.client.post(self.url("theme-move", self.t3.pk), {"direction": "up"})
        self.assertRedirects(response, self.url("theme-detail", self.t3.pk))
        page = self.client.get(self.url("theme-detail", self.t3.pk))
        self.assertContains(page, '<h1 class="govuk-heading-l">2. Theme 3</h1>', html=True)
        self.assertContains(page, "2.1 Question 1 of theme 3?")

    def test_a_psw_reads_a_published_theme_and_may_propose_a_change_but_not_edit(self):
        published = make_tool(self.region, name="Published tool")
        theme = published.themes.get(key="t1")
        question = theme.questions.first()
        page = self.sign_in(self.auditor).get(
            reverse("audits:theme-detail", args=[published.pk, theme.pk])
        )
        self.assertContains(
            page, reverse("audits:proposal-create", args=[published.pk, question.pk])
        )
        self.assertNotContains(
            page, reverse("audits:question-edit", args=[published.pk, question.pk])
        )

    def test_it_does_not_show_a_theme_through_another_tools_address(self):
        other = make_tool(self.region, name="Other draft", status="draft")
        response = self.client.get(reverse("audits:theme-detail", args=[other.pk, self.t1.pk]))
        self.assertEqual(response.status_code, 404)


class QuestionSearchTests(CastTestCase):
    def setUp(self):
        self.draft = make_tool(self.region, status="draft", themes=3, questions=3)
        self.client = self.sign_in(self.tool_owner)
        self.search = reverse("audits:tool-search", args=[self.draft.pk])

    def test_it_finds_questions_by_their_wording_and_links_to_their_theme_page(self):
        question = self.draft.questions.get(key="t3-q2")
        question.text = "Was the carer’s own view recorded?"
        question.save()
        response = self.client.get(self.search, {"q": "CARER'S own"})
        self.assertContains(response, "1 question found for “CARER&#x27;S own”")
        theme_page = reverse("audits:theme-detail", args=[self.draft.pk, question.theme_id])
        self.assertContains(
            response,
            f'href="{theme_page}#question-{question.pk}">3.2 Was the carer’s own view recorded?',
        )

    def test_it_finds_a_question_by_its_key(self):
        response = self.client.get(self.search, {"q": "t2-q3"})
        self.assertContains(response, "1 question found")
        self.assertContains(response, "2.3 Question 3 of theme 2?")
        self.assertNotContains(response, "Question 3 of theme 1?")

    def test_it_says_when_nothing_is_found(self):
        response = self.client.get(self.search, {"q": "safeguarding"})
        self.assertContains(response, "0 questions found for “safeguarding”")
        self.assertContains(response, "Try fewer or shorter words")

    def test_it_refuses_a_search_too_long_and_keeps_what_was_typed(self):
        typed = "carer " * 40
        response = self.client.get(self.search, {"q": typed})
        self.assertContains(response, "Search for 200 characters or fewer")
        self.assertContains(response, f'value="{typed}"')
        self.assertNotContains(response, "found for")

    def test_the_tool_and_theme_pages_offer_the_search(self):
        theme = self.draft.themes.first()
        for url in (
            self.draft.get_absolute_url(),
            reverse("audits:theme-detail", args=[self.draft.pk, theme.pk]),
        ):
            self.assertContains(self.client.get(url), f'action="{self.search}"')
