"""Conditional questions: asked only when an earlier answer of the case says so, in the tool
file (broken files name each problem's place), the versions, completeness, the counts, the case
page with and without script, the editor, compare, and submission (hidden answers dropped)."""

from django.urls import reverse

from audits.conditions import applicable_questions, hidden_answer_ids, load_conditions
from audits.models import (
    Answer,
    AuditTool,
    CaseAudit,
    Question,
    QuestionCondition,
    RatingLevel,
    ToolFrozen,
    Visit,
)
from audits.services import casework as services
from audits.services.casework import load_case_audit
from audits.services.tools import compare_tools
from audits.toolfile import ToolFileInvalid, export_tool, import_tool, tool_data
from learning import tallies
from learning.models import QuestionTally
from reports.builder import build
from reports.builder.reading import count_answers, read_tool
from tests.base import CastTestCase
from tests.factories import cast_on_site

CONDITIONS = """
name: Conditions
version: 1
changelog: First.
overall_judgement: false
scales:
  - key: question
    name: Question rating
    levels:
      - {key: met, label: Met, score: 3, colour: "#00703c", needs_note: false}
      - {key: not-met, label: Not met, score: 1, colour: "#d4351c", needs_note: false}
themes:
  - key: capacity
    title: Capacity
    questions:
      - key: impairment
        text: Was an impairment found?
        answer_kind: yes_no
        cqc: []
      - key: permanence
        text: Does the report say whether it is permanent?
        answer_kind: yes_no
        cqc: []
        show_when:
          - {question: impairment, answers: ["yes"]}
      - key: setting
        text: Where does the person live?
        answer_kind: single
        options:
          - {key: home, label: Their own home}
          - {key: care-home, label: A care home}
          - {key: hospital, label: A hospital}
        cqc: []
  - key: practice
    title: Practice
    questions:
      - key: home-view
        text: Was the care home's view recorded?
        answer_kind: scale
        scale: question
        cqc: []
        show_when:
          - {question: setting, answers: [care-home, hospital]}
          - {question: impairment, answers: ["yes"]}
        show_when_match: any
"""


def broken(text: str) -> list[str]:
    try:
        import_tool(text, region=None, by=None)
    except ToolFileInvalid as invalid:
        return [str(problem) for problem in invalid.problems]
    raise AssertionError("the file was accepted")


class ToolFileConditionTests(CastTestCase):
    def test_it_reads_conditions_and_writes_them_back_the_same(self):
        tool = import_tool(CONDITIONS, region=self.region, by=None)
        permanence = tool.questions.get(key="permanence")
        condition = permanence.conditions.get()
        self.assertEqual((condition.depends_on.key, condition.answers), ("impairment", ["yes"]))
        home_view = tool.questions.get(key="home-view")
        self.assertEqual(home_view.show_when, "any")
        self.assertEqual(home_view.conditions.count(), 2)
        exported = export_tool(tool)
        self.assertIn('- {question: impairment, answers: ["yes"]}', exported.replace("'", '"'))
        again = import_tool(
            exported.replace("name: Conditions", "name: Again"), region=self.region, by=None
        )
        self.assertEqual({**tool_data(again), "name": "Conditions"}, tool_data(tool))

    def test_it_lists_every_broken_condition_with_its_place(self):
        text = CONDITIONS.replace(
            '          - {question: impairment, answers: ["yes"]}\n        show_when_match',
            "          - {question: impairment, answers: [maybe]}\n        show_when_match",
        ).replace(
            """        answer_kind: yes_no
        cqc: []
        show_when:
          - {question: impairment, answers: ["yes"]}""",
            """        answer_kind: yes_no
        cqc: []
        show_when:
          - {question: setting, answers: [home]}
          - {question: nowhere, answers: ["yes"]}""",
        )
        text += """      - key: days
        text: How many days?
        answer_kind: number
        cqc: []
      - key: after-days
        text: Asked after the number?
        answer_kind: yes_no
        cqc: []
        show_when:
          - {question: days, answers: ["1"]}
"""
        problems = broken(text)
        self.assertIn(
            "Theme 1 (capacity), question 2 (permanence), condition 1: the question 'setting' "
            "comes later in the tool: a question can depend only on an earlier one. Move one "
            "of them, or change the condition.",
            problems,
        )
        self.assertIn(
            "Theme 1 (capacity), question 2 (permanence), condition 2: 'question' names an "
            "unknown question 'nowhere'.",
            problems,
        )
        self.assertIn(
            "Theme 2 (practice), question 1 (home-view), condition 2: 'maybe' is not an answer "
            "of 'impairment'; its answers are yes, no.",
            problems,
        )
        self.assertIn(
            "Theme 2 (practice), question 3 (after-days), condition 1: the question 'days' has "
            "no answers to choose from (it is answered as number): depend on a yes/no or "
            "choice question.",
            problems,
        )

    def test_it_refuses_a_question_named_twice_in_one_question_s_conditions(self):
        text = CONDITIONS.replace(
            '          - {question: impairment, answers: ["yes"]}\n        show_when_match',
            "          - {question: setting, answers: [home]}\n        show_when_match",
        )
        self.assertIn(
            "Theme 2 (practice), question 1 (home-view), condition 2: the question 'setting' is "
            "named twice: list all its answers in one condition.",
            broken(text),
        )

    def test_it_names_a_loop_of_conditions(self):
        text = CONDITIONS.replace(
            """      - key: impairment
        text: Was an impairment found?
        answer_kind: yes_no
        cqc: []""",
            """      - key: impairment
        text: Was an impairment found?
        answer_kind: yes_no
        cqc: []
        show_when:
          - {question: permanence, answers: ["no"]}""",
        )
        problems = broken(text)
        self.assertIn(
            "Question impairment: its conditions go round in a loop (impairment → permanence → "
            "impairment): a question can depend only on an earlier one.",
            problems,
        )


class ConditionVersionTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tool = import_tool(CONDITIONS, region=cls.region, by=None)
        cls.tool.publish(by=cls.tool_owner, changelog="First.")

    def test_it_freezes_conditions_with_the_version(self):
        permanence = self.tool.questions.get(key="permanence")
        setting = self.tool.questions.get(key="setting")
        with self.assertRaises(ToolFrozen):
            QuestionCondition.objects.create(
                question=permanence, depends_on=setting, answers=["home"]
            )
        with self.assertRaises(ToolFrozen):
            permanence.conditions.update(answers=["no"])

    def test_it_copies_conditions_into_the_next_draft_pointing_at_its_own_questions(self):
        draft = self.tool.new_version(by=self.tool_owner)
        condition = draft.questions.get(key="permanence").conditions.get()
        self.assertEqual(condition.depends_on, draft.questions.get(key="impairment"))
        self.assertEqual(draft.questions.get(key="home-view").show_when, "any")

    def test_compare_shows_a_changed_condition(self):
        draft = self.tool.new_version(by=self.tool_owner)
        draft.questions.get(key="permanence").conditions.update(answers=["no"])
        comparison = compare_tools(old=self.tool, new=draft)
        change = next(c for c in comparison.changed if c.key == "permanence")
        self.assertEqual(
            change.rows,
            [
                (
                    "When it is asked",
                    "Shown when “Was an impairment found?” (impairment) is ‘Yes’",
                    "Shown when “Was an impairment found?” (impairment) is ‘No’",
                )
            ],
        )


class CaseConditionTestCase(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tool = import_tool(CONDITIONS, region=cls.region, by=None)
        cls.tool.publish(by=cls.tool_owner, changelog="First.")
        cls.visit, cls.case = cast_on_site(cls, cls.tool)
        cls.q = {q.key: q for q in cls.tool.questions.all()}
        cls.met = RatingLevel.objects.get(scale__tool=cls.tool, key="met")

    def fresh(self) -> CaseAudit:
        return CaseAudit.objects.select_related("visit__tool").get(pk=self.case.pk)

    def answer(self, key, choice=None, level=None):
        stored = Answer.objects.filter(case_file=self.case, question=self.q[key]).first()
        return services.save_answer(
            case=self.fresh(),
            question=self.q[key],
            level=level,
            choices=[choice] if choice else [],
            version=stored.version if stored else 0,
            by=self.auditor,
        )

    def gaps(self) -> list[str]:
        return [gap.message for gap in load_case_audit(self.fresh()).completeness.gaps]


class CompletenessTests(CaseConditionTestCase):
    def test_it_neither_asks_nor_requires_a_hidden_question(self):
        self.answer("impairment", "no")
        self.answer("setting", "home")
        state = load_case_audit(self.fresh())
        self.assertEqual(state.completeness.gaps, [])
        self.assertEqual((state.completeness.answered, state.completeness.total), (2, 2))

    def test_it_requires_a_question_once_its_condition_holds(self):
        self.answer("impairment", "yes")
        self.answer("setting", "home")
        self.assertEqual(
            self.gaps(),
            [
                "Choose an answer for: Does the report say whether it is permanent?",
                "Choose an answer for: Was the care home's view recorded?",
            ],
        )

    def test_it_shows_a_question_when_any_one_of_its_conditions_holds(self):
        self.answer("impairment", "no")
        self.answer("setting", "hospital")
        self.assertEqual(self.gaps(), ["Choose an answer for: Was the care home's view recorded?"])

    def test_it_hides_a_question_whose_condition_rests_on_a_hidden_one(self):
        """All-of conditions: hidden once any condition fails, even through another question."""
        questions = load_conditions(
            list(self.tool.questions.order_by("theme__position", "position"))
        )
        impairment, permanence = self.q["impairment"], self.q["permanence"]
        permanence_no = Answer(question=permanence, choices=["yes"])
        shown = applicable_questions(
            questions, {impairment.pk: Answer(choices=["no"]), permanence.pk: permanence_no}
        )
        self.assertNotIn(permanence.pk, shown)
        self.assertIn(impairment.pk, shown)


class CountingTests(CaseConditionTestCase):
    def test_it_leaves_an_answer_kept_in_a_hidden_question_out_of_the_report_and_learning(self):
        self.answer("impairment", "no")
        self.answer("setting", "care-home")
        kept = self.answer("home-view", level=self.met)
        visit = Visit.objects.get(pk=self.visit.pk)
        counts = count_answers(
            visit.pk, list(visit.case_files.values_list("pk", flat=True)), read_tool(self.tool)
        )
        self.assertEqual(counts.per_question[self.q["home-view"].pk], {self.met.pk: 1})
        self.answer("setting", "home")  # the question is hidden now; its answer is kept
        self.assertEqual(Answer.objects.get(pk=kept.pk).level_id, self.met.pk)
        self.assertEqual(hidden_answer_ids([visit.pk]), {kept.pk})
        counts = count_answers(
            visit.pk, list(visit.case_files.values_list("pk", flat=True)), read_tool(self.tool)
        )
        self.assertNotIn(self.q["home-view"].pk, counts.per_question)
        self.assertEqual(counts.overall, {})
        tallies.rebuild(Visit.objects.filter(pk=visit.pk))
        self.assertFalse(QuestionTally.objects.filter(question=self.q["home-view"]).exists())


class SubmissionTests(CaseConditionTestCase):
    def test_it_keeps_a_hidden_answer_until_submission_then_drops_it_with_a_trail_note(self):
        self.answer("impairment", "yes")
        permanence = self.answer("permanence", "yes")
        self.answer("setting", "home")
        self.answer("home-view", level=self.met)
        self.answer("impairment", "no")
        self.answer("setting", "home")
        self.assertEqual(Answer.objects.get(pk=permanence.pk).choices, ["yes"])  # kept
        services.submit_case(case=self.fresh(), by=self.auditor)
        self.assertEqual(Answer.objects.get(pk=permanence.pk).choices, [])
        self.assertIsNone(
            Answer.objects.get(case_file=self.case, question=self.q["home-view"]).level_id
        )
        self.assertEqual(
            Answer.objects.get(case_file=self.case, question=self.q["setting"]).choices, ["home"]
        )
        self.sign_in(self.auditor)
        trail = self.client.get(
            reverse("audits:caseaudit-trail", args=[self.visit.pk, self.case.pk])
        )
        self.assertContains(
            trail,
            "Removed on submission: the question was not asked, because of the answer it "
            "depends on",
            count=2,
        )


class CasePageTests(CaseConditionTestCase):
    def page(self, theme="capacity"):
        self.sign_in(self.auditor)
        url = reverse("audits:caseaudit-detail", args=[self.visit.pk, self.case.pk])
        return self.client.get(url + f"?theme={theme}")

    def test_it_shows_the_dependent_question_without_script_saying_when_to_answer_it(self):
        response = self.page()
        self.assertContains(response, 'data-show-when="permanence"')
        self.assertContains(response, "Answer only if 1.1 is ‘Yes’.")
        self.assertContains(response, 'id="case-conditions"')
        self.assertContains(response, "js/conditions.js")
        practice = self.page("practice")
        self.assertContains(
            practice, "Answer only if 1.3 is ‘A care home’ or ‘A hospital’ or 1.1 is ‘Yes’."
        )

    def test_it_gives_the_script_the_stored_answers_of_other_pages(self):
        self.answer("impairment", "yes")
        rules = self.page("practice").context["state"].condition_rules
        self.assertEqual(rules["chosen"], {"impairment": ["yes"], "setting": []})
        self.assertEqual(rules["rules"]["home-view"]["match"], "any")

    def test_check_your_answers_lists_only_the_questions_asked(self):
        self.answer("impairment", "no")
        self.answer("setting", "home")
        self.sign_in(self.auditor)
        url = reverse("audits:caseaudit-check", args=[self.visit.pk, self.case.pk])
        response = self.client.get(url)
        self.assertContains(response, "Was an impairment found?")
        self.assertNotContains(response, "Does the report say whether it is permanent?")


class EditorConditionTests(CastTestCase):
    def setUp(self):
        self.draft = import_tool(CONDITIONS, region=self.region, by=None)
        self.client = self.sign_in(self.tool_owner)

    def edit_url(self, question):
        return reverse("audits:question-edit", args=[self.draft.pk, question.pk])

    def test_it_sets_a_condition_from_the_question_form_and_summarises_it(self):
        setting = self.draft.questions.get(key="setting")
        self.client.post(
            self.edit_url(setting),
            {
                "text": setting.text,
                "answer_kind": "single",
                "option_home": "Their own home",
                "option_care-home": "A care home",
                "option_hospital": "A hospital",
                "required": "yes",
                "allows_not_applicable": "no",
                "cqc_statements": ["safeguarding"],
                "condition_answers": ["impairment=yes", "permanence=no"],
                "condition_match": "any",
            },
        )
        setting.refresh_from_db()
        self.assertEqual(setting.show_when, "any")
        self.assertEqual(
            sorted(setting.conditions.values_list("depends_on__key", "answers")),
            [("impairment", ["yes"]), ("permanence", ["no"])],
        )
        form = self.client.get(self.edit_url(setting))
        self.assertContains(form, "Now: shown when 1.1 is ‘Yes’ or 1.2 is ‘No’. Untick every box")
        self.assertNotContains(form, 'value="home-view=')  # only earlier questions are offered

    def test_the_preview_says_when_each_conditional_question_is_shown(self):
        preview = self.client.get(reverse("audits:tool-preview", args=[self.draft.pk]))
        self.assertContains(preview, "Shown when 1.1 is ‘Yes’.")
        self.assertContains(
            preview, "Shown when 1.3 is ‘A care home’ or ‘A hospital’ or 1.1 is ‘Yes’."
        )

    def test_it_offers_a_new_question_the_answers_of_its_theme_and_earlier_ones(self):
        theme = self.draft.themes.get(key="capacity")
        form = self.client.get(reverse("audits:question-add", args=[self.draft.pk, theme.pk]))
        self.assertContains(form, 'value="setting=care-home"')
        self.assertContains(form, "Leave every box unticked to ask this question in every case.")

    def test_publishing_names_a_condition_left_on_a_later_question(self):
        permanence = self.draft.questions.get(key="permanence")
        Question.objects.filter(pk=permanence.pk).update(position=0)  # moved above impairment
        problems = self.draft.completeness_problems()
        self.assertIn(
            "Question 1.1 (“Does the report say whether it is permanent?”) depends on question "
            "1.2, which comes after it: a question can depend only on an earlier one. Move it, "
            "or change the condition.",
            problems,
        )
        self.assertEqual(AuditTool.objects.get(pk=self.draft.pk).status, "draft")


class ReportMethodTests(CaseConditionTestCase):
    def test_it_says_in_the_report_that_a_question_not_asked_is_not_counted(self):
        report = build(Visit.objects.get(pk=self.visit.pk))
        self.assertIn(
            "A question asked only when an earlier answer says so counts only in the cases "
            "where it was asked.",
            report.counting_rule,
        )
