"""The tool owner adds and edits each answer kind in a draft: options that keep their keys
when reworded, "none of these", number limits and whether Not applicable is allowed."""

from django.urls import reverse

from audits.models import Question, RatingLevel
from tests.base import CastTestCase
from tests.factories import make_tool


class QuestionKindEditingTests(CastTestCase):
    def setUp(self):
        self.draft = make_tool(self.region, status="draft")
        self.client = self.sign_in(self.tool_owner)
        self.theme = self.draft.themes.get(key="t1")
        self.scale = self.draft.scales.get(key="question")

    def url(self, name, *args):
        return reverse(f"audits:{name}", args=[self.draft.pk, *args])

    def add(self, **fields):
        data = {"required": "yes", "cqc_statements": ["safeguarding"], **fields}
        return self.client.post(self.url("question-add", self.theme.pk), data)

    def test_it_adds_a_tick_all_that_apply_question_with_its_options(self):
        self.add(
            text="Who was involved?",
            answer_kind="multiple",
            new_options="The person\nA carer\n\nAn advocate",
            none_of_these="Nobody else",
            allows_not_applicable="no",
        )
        question = self.draft.questions.get(text="Who was involved?")
        self.assertEqual(
            list(question.options.values_list("key", "label", "none_of_these")),
            [
                ("the-person", "The person", False),
                ("a-carer", "A carer", False),
                ("an-advocate", "An advocate", False),
                ("nobody-else", "Nobody else", True),
            ],
        )
        page = self.client.get(
            reverse("audits:theme-detail", args=[self.draft.pk, question.theme_id])
        )
        self.assertContains(
            page, "Tick all that apply: The person; A carer; An advocate; Nobody else"
        )

    def test_it_keeps_a_reworded_options_key_and_removes_an_emptied_one(self):
        self.add(text="Where?", answer_kind="single", new_options="Home\nCare home\nHospital")
        question = self.draft.questions.get(text="Where?")
        edit = self.url("question-edit", question.pk)
        form = self.client.get(edit)
        self.assertContains(form, "Key: care-home. Leave empty to remove this option.")
        self.client.post(
            edit,
            {
                "text": "Where?",
                "answer_kind": "single",
                "option_home": "Their own home",
                "option_care-home": "",
                "option_hospital": "Hospital",
                "new_options": "Supported living",
                "required": "yes",
                "cqc_statements": ["safeguarding"],
            },
        )
        self.assertEqual(
            list(question.options.values_list("key", "label")),
            [
                ("home", "Their own home"),
                ("hospital", "Hospital"),
                ("supported-living", "Supported living"),
            ],
        )

    def test_it_adds_a_number_question_with_limits_and_refuses_them_the_wrong_way_round(self):
        response = self.add(text="Days?", answer_kind="number", number_min="10", number_max="2")
        self.assertContains(response, "The largest number must not be smaller than the smallest.")
        self.assertContains(response, "Days?</textarea>")
        self.add(text="Days?", answer_kind="number", number_min="0", number_max="365")
        question = self.draft.questions.get(text="Days?")
        self.assertEqual((question.number_min, question.number_max), (0, 365))
        self.assertFalse(question.allows_not_applicable)  # not asked, so the file's rule

    def test_it_refuses_a_choice_question_with_one_option(self):
        response = self.add(text="Which?", answer_kind="single", new_options="Only one")
        self.assertContains(response, "Give at least two answer options, one a line.")
        self.assertFalse(self.draft.questions.filter(text="Which?").exists())

    def test_it_allows_not_applicable_only_if_the_scale_has_that_level(self):
        RatingLevel.objects.filter(scale=self.scale, is_not_applicable=True).delete()
        response = self.add(
            text="Rated?", answer_kind="scale", scale=self.scale.pk, allows_not_applicable="yes"
        )
        self.assertContains(response, "has no Not applicable level: add one to the scale")
        self.add(
            text="Rated?", answer_kind="scale", scale=self.scale.pk, allows_not_applicable="no"
        )
        self.assertFalse(Question.objects.get(text="Rated?").allows_not_applicable)

    def test_it_previews_options_as_the_auditor_will_see_them(self):
        self.add(text="Impairment found?", answer_kind="yes_no", allows_not_applicable="no")
        preview = self.client.get(self.url("tool-preview"))
        question = self.draft.questions.get(text="Impairment found?")
        self.assertContains(preview, f'id="preview-q{question.pk}-yes"')
        self.assertContains(preview, f'id="preview-q{question.pk}-no"')
