"""The tool owner changes a draft: themes, questions and scale levels, without JavaScript."""

from django.urls import reverse

from audits.confirmation import STEP_CONFIRMED
from audits.models import Question, RatingLevel, Theme
from tests.base import CastTestCase
from tests.factories import make_tool


class DraftEditingTests(CastTestCase):
    def setUp(self):
        self.draft = make_tool(self.region, status="draft")
        self.client = self.sign_in(self.tool_owner)
        self.theme = self.draft.themes.get(key="t1")
        self.scale = self.draft.scales.get(key="question")

    def url(self, name, *args):
        return reverse(f"audits:{name}", args=[self.draft.pk, *args])

    def test_the_draft_page_offers_every_change(self):
        response = self.client.get(self.draft.get_absolute_url())
        for url in [
            self.url("theme-add"),
            self.url("theme-detail", self.theme.pk),
            self.url("level-add", self.scale.pk),
            self.url("tool-delete"),
        ]:
            self.assertContains(response, url)
        self.assertContains(response, "Move down")
        response = self.client.get(self.url("theme-detail", self.theme.pk))
        question = self.theme.questions.first()
        for url in [
            self.url("theme-edit", self.theme.pk),
            self.url("question-add", self.theme.pk),
            self.url("question-edit", question.pk),
            self.url("question-move", question.pk),
            self.url("question-remove", question.pk),
        ]:
            self.assertContains(response, url)

    def test_it_adds_a_theme_at_the_end_with_a_key_made_from_its_title(self):
        response = self.client.post(
            self.url("theme-add"), {"title": "Carers’ voices", "description": "Carers."}
        )
        theme = self.draft.themes.get(title="Carers’ voices")
        self.assertRedirects(response, self.url("theme-detail", theme.pk))
        self.assertEqual((theme.key, theme.position), ("carers-voices", 3))

    def test_a_theme_form_with_errors_says_what_to_fix_and_keeps_the_text(self):
        response = self.client.post(self.url("theme-add"), {"title": "", "description": "Kept"})
        self.assertContains(response, "Enter the theme&#x27;s title.")
        self.assertContains(response, "Kept</textarea>")
        self.assertEqual(self.draft.themes.count(), 2)

    def test_it_adds_a_rated_question_tagged_with_cqc_statements(self):
        response = self.client.post(
            self.url("question-add", self.theme.pk),
            {
                "text": "Was the carer offered an assessment?",
                "guidance": "Look for the offer.",
                "answer_kind": "scale",
                "scale": self.scale.pk,
                "required": "no",
                "cqc_statements": ["assessing-needs", "equity"],
            },
        )
        question = self.draft.questions.get(text="Was the carer offered an assessment?")
        self.assertRedirects(
            response, self.url("theme-detail", self.theme.pk) + f"#question-{question.pk}"
        )
        self.assertEqual(question.key, "t1-was-the-carer-offered-an-assessment")
        self.assertEqual((question.theme, question.position), (self.theme, 4))
        self.assertEqual(question.cqc_statements, ["assessing-needs", "equity"])
        self.assertFalse(question.required)

    def test_a_new_key_never_reuses_one_from_an_earlier_version(self):
        published = make_tool(self.region, name="Reused")
        draft = published.new_version(by=self.tool_owner)
        draft.questions.get(key="t1-q1").delete()
        self.client.post(
            reverse("audits:question-add", args=[draft.pk, draft.themes.get(key="t1").pk]),
            {"text": "Q1", "answer_kind": "text", "required": "yes", "cqc_statements": ["equity"]},
        )
        self.assertTrue(draft.questions.filter(key="t1-q1-2").exists())

    def test_a_rated_question_needs_a_scale_and_the_form_keeps_what_was_typed(self):
        response = self.client.post(
            self.url("question-add", self.theme.pk),
            {"text": "Typed question?", "answer_kind": "scale", "required": "yes"},
        )
        self.assertContains(response, "Choose the scale this question is rated on.")
        self.assertContains(response, "Choose at least one CQC quality statement.")
        self.assertContains(response, "Typed question?</textarea>")
        self.assertFalse(self.draft.questions.filter(text="Typed question?").exists())

    def test_it_rewords_a_question_and_a_free_text_question_loses_its_scale(self):
        question = self.draft.questions.get(key="t1-q2")
        self.client.post(
            self.url("question-edit", question.pk),
            {
                "text": "Reworded?",
                "guidance": "",
                "answer_kind": "text",
                "scale": self.scale.pk,
                "required": "yes",
                "cqc_statements": ["learning"],
            },
        )
        question.refresh_from_db()
        self.assertEqual(
            (question.text, question.scale, question.key), ("Reworded?", None, "t1-q2")
        )

    def test_it_reorders_themes_and_questions_with_move_buttons(self):
        self.client.post(self.url("theme-move", self.theme.pk), {"direction": "down"})
        self.assertEqual(list(self.draft.themes.values_list("key", flat=True)), ["t2", "t1"])
        question = self.draft.questions.get(key="t1-q3")
        self.client.post(self.url("question-move", question.pk), {"direction": "up"})
        self.client.post(self.url("question-move", question.pk), {"direction": "up"})
        self.client.post(self.url("question-move", question.pk), {"direction": "up"})  # at top
        keys = list(self.theme.questions.order_by("position").values_list("key", flat=True))
        self.assertEqual(keys, ["t1-q3", "t1-q1", "t1-q2"])

    def test_moving_needs_a_post(self):
        self.assertEqual(self.client.get(self.url("theme-move", self.theme.pk)).status_code, 405)

    def test_it_removes_a_question_after_asking(self):
        question = self.draft.questions.get(key="t1-q1")
        response = self.client.get(self.url("question-remove", question.pk))
        self.assertContains(response, "Remove this question?")
        self.client.post(self.url("question-remove", question.pk))
        self.assertFalse(Question.objects.filter(pk=question.pk).exists())

    def test_removing_a_theme_removes_its_questions(self):
        response = self.client.get(self.url("theme-remove", self.theme.pk))
        self.assertContains(response, "Its 3 question(s) will be removed with it.")
        self.client.post(self.url("theme-remove", self.theme.pk))
        self.assertFalse(Theme.objects.filter(pk=self.theme.pk).exists())
        self.assertEqual(self.draft.questions.count(), 3)

    def test_a_scale_in_use_is_not_removed(self):
        response = self.client.post(self.url("scale-remove", self.scale.pk), follow=True)
        self.assertContains(response, "Questions are rated on “Question rating”")
        self.assertTrue(self.draft.scales.filter(pk=self.scale.pk).exists())

    def test_it_adds_changes_moves_and_removes_scale_levels(self):
        self.client.post(
            self.url("level-add", self.scale.pk),
            {"label": "Exceeded", "score": "4", "colour": "#005a30", "kind": "ordinary"},
        )
        level = self.scale.levels.get(label="Exceeded")
        self.assertEqual((level.key, level.score), ("exceeded", 4))
        self.assertEqual(list(self.scale.levels.order_by("position"))[-1], level)
        self.client.post(self.url("level-move", level.pk), {"direction": "up"})
        self.assertEqual(self.scale.levels.order_by("position")[4], level)
        self.client.post(
            self.url("level-edit", level.pk),
            {
                "label": "Unknown",
                "score": "0",
                "colour": "#b1b4b6",
                "needs_note": "on",
                "kind": "not_evidenced",
            },
        )
        level.refresh_from_db()
        self.assertEqual(
            (level.label, level.needs_note, level.is_not_evidenced, level.is_not_applicable),
            ("Unknown", True, True, False),
        )
        self.client.post(self.url("level-remove", level.pk))
        self.assertFalse(RatingLevel.objects.filter(pk=level.pk).exists())

    def test_a_level_needs_a_real_colour_and_a_whole_number_score(self):
        response = self.client.post(
            self.url("level-add", self.scale.pk),
            {"label": "Odd", "score": "high", "colour": "green", "kind": "ordinary"},
        )
        self.assertContains(response, "Enter a whole number.")
        self.assertContains(response, "Enter a colour as # and six hex digits.")
        self.assertContains(response, 'value="Odd"')

    def test_it_adds_a_scale_and_offers_no_second_judgement_scale(self):
        response = self.client.get(self.url("scale-add"))
        self.assertNotContains(response, "What is it for?")
        self.client.post(self.url("scale-add"), {"name": "Yes or no"})
        scale = self.draft.scales.get(name="Yes or no")
        self.assertEqual((scale.key, scale.purpose), ("yes-or-no", "question"))

    def test_it_deletes_a_draft_after_asking(self):
        self.assertContains(self.client.get(self.url("tool-delete")), "Delete this draft")
        self.client.post(self.url("tool-delete"))  # not from the page that asks
        self.assertTrue(type(self.draft).objects.filter(pk=self.draft.pk).exists())
        self.client.post(self.url("tool-delete"), {STEP_CONFIRMED: "yes"})
        self.assertFalse(type(self.draft).objects.filter(pk=self.draft.pk).exists())


class FrozenVersionPagesTests(CastTestCase):
    """A published version has no editing pages for anyone, tool owners included."""

    def test_every_editing_page_refuses_a_published_version(self):
        tool = make_tool(self.region)
        theme, question = tool.themes.first(), tool.questions.first()
        scale = tool.scales.first()
        level = scale.levels.first()
        urls = [
            ("theme-add", []),
            ("theme-edit", [theme.pk]),
            ("theme-remove", [theme.pk]),
            ("question-add", [theme.pk]),
            ("question-edit", [question.pk]),
            ("question-remove", [question.pk]),
            ("scale-add", []),
            ("scale-edit", [scale.pk]),
            ("scale-remove", [scale.pk]),
            ("level-add", [scale.pk]),
            ("level-edit", [level.pk]),
            ("level-remove", [level.pk]),
            ("tool-delete", []),
        ]
        client = self.sign_in(self.tool_owner)
        for name, args in urls:
            url = reverse(f"audits:{name}", args=[tool.pk, *args])
            with self.subTest(page=name):
                response = client.get(url)
                self.assertContains(response, "a published version never changes", status_code=403)
                self.assertEqual(client.post(url, {"title": "X"}).status_code, 403)
        for name, args in [("theme-move", [theme.pk]), ("question-move", [question.pk])]:
            with self.subTest(page=name):
                url = reverse(f"audits:{name}", args=[tool.pk, *args])
                self.assertEqual(client.post(url, {"direction": "down"}).status_code, 403)
        self.assertEqual(tool.themes.first(), theme)

    def test_a_part_of_another_tool_is_not_found_through_this_draft(self):
        draft = make_tool(self.region, status="draft")
        other = make_tool(self.region, status="draft", name="Other")
        url = reverse("audits:question-edit", args=[draft.pk, other.questions.first().pk])
        self.assertEqual(self.sign_in(self.tool_owner).get(url).status_code, 404)
