"""Tool files say every answer kind: options with stable keys, number limits, "not applicable"
per question, and tools with no overall judgement; broken ones name each problem's place."""

import yaml

from audits.models import AuditTool, Question, QuestionOption, ToolFrozen
from audits.services.tools import compare_tools, set_options
from audits.toolfile import ToolFileInvalid, export_tool, import_tool, tool_data
from tests.base import CastTestCase

KINDS = """
name: Every kind
version: 1
changelog: All the answer kinds.
overall_judgement: false
scales:
  - key: question
    name: Question rating
    levels:
      - {key: met, label: Met, score: 3, colour: "#00703c", needs_note: true}
      - {key: not-met, label: Not met, score: 1, colour: "#d4351c", needs_note: true}
      - {key: not-applicable, label: Not applicable, score: 0, not_applicable: true}
themes:
  - key: kinds
    title: Kinds
    questions:
      - key: rated
        text: Was the assessment proportionate?
        answer_kind: scale
        scale: question
        not_applicable: false
        cqc: [assessing-needs]
      - key: setting
        text: Where does the person live?
        answer_kind: single
        options:
          - {key: own-home, label: Their own home}
          - {key: care-home, label: A care home}
        not_applicable: true
        cqc: []
      - key: involved
        text: Who else was involved?
        answer_kind: multiple
        options:
          - {key: carer, label: A carer}
          - {key: advocate, label: An advocate}
          - {key: none, label: None of these, none_of_these: true}
        cqc: []
      - key: impairment
        text: Was an impairment of the mind or brain found?
        answer_kind: yes_no
        cqc: []
      - key: days
        text: How many days did the assessment take?
        answer_kind: number
        min: 0
        max: 365
        required: false
        cqc: []
      - key: reviewed-on
        text: When was the plan last reviewed?
        answer_kind: date
        cqc: []
      - key: notes
        text: Anything else?
        answer_kind: text
        required: false
        cqc: []
"""


def kinds(**question_changes) -> dict:
    """The file above, with fields of its questions (by key) changed or (None) removed."""
    data = yaml.safe_load(KINDS)
    for question in data["themes"][0]["questions"]:
        for field, value in question_changes.get(question["key"], {}).items():
            if value is None:
                question.pop(field, None)
            else:
                question[field] = value
    return data


class ToolFileKindsTests(CastTestCase):
    def load(self, data) -> AuditTool:
        return import_tool(yaml.safe_dump(data, sort_keys=False), region=self.region, by=None)

    def problems(self, data) -> list[str]:
        with self.assertRaises(ToolFileInvalid) as caught:
            self.load(data)
        self.assertFalse(AuditTool.objects.filter(name=data.get("name")).exists())
        return [str(problem) for problem in caught.exception.problems]

    def test_it_imports_every_kind_with_its_options_limits_and_not_applicable(self):
        tool = self.load(kinds())
        self.assertFalse(tool.has_overall_judgement)
        questions = {q.key: q for q in tool.questions.prefetch_related("options")}
        self.assertEqual(
            [(c.key, c.label, c.none_of_these) for c in questions["involved"].choices],
            [
                ("carer", "A carer", False),
                ("advocate", "An advocate", False),
                ("none", "None of these", True),
            ],
        )
        self.assertEqual([c.label for c in questions["impairment"].choices], ["Yes", "No"])
        self.assertEqual((questions["days"].number_min, questions["days"].number_max), (0, 365))
        self.assertEqual(
            {key: q.allows_not_applicable for key, q in questions.items()},
            {
                "rated": False,
                "setting": True,
                "involved": False,
                "impairment": False,
                "days": False,
                "reviewed-on": False,
                "notes": False,
            },
        )
        self.assertEqual(questions["days"].kind_summary, "A whole number from 0 to 365")

    def test_it_exports_what_it_imported_and_imports_the_export_identically(self):
        tool = self.load(kinds())
        exported, data = export_tool(tool), tool_data(tool)
        expected = kinds()["themes"]
        for question in expected[0]["questions"]:
            question.setdefault("required", True)  # always written out
        self.assertEqual(yaml.safe_load(exported)["themes"], expected)
        self.assertIs(yaml.safe_load(exported)["overall_judgement"], False)
        tool.delete()
        again = import_tool(exported, region=self.region, by=None)
        self.assertEqual(tool_data(again), data)

    def test_it_publishes_a_tool_of_yes_no_questions_with_no_scales(self):
        data = kinds()
        data["themes"][0]["questions"] = [data["themes"][0]["questions"][3]]
        del data["scales"]
        tool = self.load(data)
        tool.publish(by=self.tool_owner, changelog="Yes/no only.")
        self.assertEqual(AuditTool.objects.get(pk=tool.pk).status, "published")
        self.assertNotIn("scales", tool_data(tool))

    def test_it_still_asks_a_judged_tool_for_its_judgement_scale(self):
        data = kinds()
        data["overall_judgement"] = True
        self.assertEqual(
            self.problems(data),
            [
                "Scales: the tool needs exactly one judgement scale (key 'judgement', or "
                "'purpose: judgement'), but it has 0. If cases get no overall judgement, say "
                "'overall_judgement: false'."
            ],
        )

    def test_it_names_each_broken_question_with_its_place(self):
        data = kinds(
            rated={"not_applicable": None, "scale": "question"},
            setting={"options": [{"key": "own-home", "label": "Their own home"}]},
            involved={
                "options": [
                    {"key": "carer", "label": "A carer"},
                    {"key": "carer", "label": "A paid carer"},
                    {"key": "none", "label": "None", "none_of_these": "yes"},
                ]
            },
            impairment={"options": [{"key": "yes", "label": "Yes"}]},
            days={"min": 10, "max": 2},
            notes={"min": 1, "answer_kind": "essay"},
        )
        data["scales"][0]["levels"].pop()  # the scale loses its Not applicable level
        data["themes"][0]["questions"][0]["not_applicable"] = True
        where = "Theme 1 (kinds), question"
        self.assertEqual(
            self.problems(data),
            [
                f"{where} 1 (rated): 'not_applicable' is true, but the scale 'question' has no "
                "level with 'not_applicable: true': add one to the scale, or set "
                "'not_applicable: false'.",
                f"{where} 2 (setting): 'options' needs at least two answers to choose from.",
                f"{where} 3 (involved), option 2 (carer): the key 'carer' is used twice in "
                "this question.",
                f"{where} 3 (involved), option 3 (none): 'none_of_these' must be true or "
                "false, not text ('yes').",
                f"{where} 4 (impairment): 'options' is given, but a yes/no question: Yes and "
                "No are its answers.",
                f"{where} 5 (days): 'min' (10) is larger than 'max' (2): swap them.",
                f"{where} 7 (notes): 'answer_kind' must be one of scale, single, multiple, "
                "yes_no, number, date, text, not text ('essay').",
            ],
        )

    def test_it_allows_none_of_these_only_on_tick_all_that_apply(self):
        options = [
            {"key": "a", "label": "A"},
            {"key": "b", "label": "B"},
            {"key": "c", "label": "Neither", "none_of_these": True},
        ]
        self.assertEqual(
            self.problems(kinds(setting={"options": options})),
            [
                "Theme 1 (kinds), question 2 (setting), option 3 (c): 'none_of_these' is only "
                "for a tick-all-that-apply question."
            ],
        )


class OptionKeysAcrossVersionsTests(CastTestCase):
    def setUp(self):
        self.tool = import_tool(KINDS, region=self.region, by=None)
        self.tool.publish(by=self.tool_owner, changelog="First.")

    def test_it_never_changes_a_published_versions_options(self):
        option = QuestionOption.objects.get(question__tool=self.tool, key="carer")
        option.label = "Someone else"
        for change in (option.save, option.delete):
            with self.subTest(change.__name__), self.assertRaises(ToolFrozen):
                change()
        with self.assertRaises(ToolFrozen):
            QuestionOption.objects.filter(pk=option.pk).update(label="Changed")
        with self.assertRaises(ToolFrozen):
            QuestionOption.objects.create(question=option.question, key="new", label="New")
        self.assertEqual(QuestionOption.objects.get(pk=option.pk).label, "A carer")

    def test_it_keeps_every_option_key_in_a_new_version(self):
        draft = self.tool.new_version(by=self.tool_owner)
        keys = QuestionOption.objects.order_by("question__key", "position").values_list(
            "question__key", "key", "label", "none_of_these"
        )
        self.assertEqual(
            list(keys.filter(question__tool=draft)), list(keys.filter(question__tool=self.tool))
        )

    def test_it_keeps_a_reworded_options_key_and_never_reuses_a_removed_one(self):
        draft = self.tool.new_version(by=self.tool_owner)
        setting = draft.questions.get(key="setting")
        set_options(
            question=setting,
            options=[("own-home", "Their own home or tenancy"), (None, "A care home")],
        )
        self.assertEqual(
            list(setting.options.values_list("key", "label")),
            [("own-home", "Their own home or tenancy"), ("a-care-home", "A care home")],
        )
        self.assertFalse(setting.options.filter(key="care-home").exists())

    def test_it_compares_options_added_removed_and_reworded(self):
        draft = self.tool.new_version(by=self.tool_owner)
        setting = draft.questions.get(key="setting")
        set_options(
            question=setting,
            options=[("own-home", "Their own home or tenancy"), (None, "Supported living")],
        )
        Question.objects.filter(pk=setting.pk).update(allows_not_applicable=False)
        comparison = compare_tools(old=self.tool, new=draft)
        [change] = comparison.changed
        self.assertEqual(
            change.rows,
            [
                (
                    "Options",
                    "Their own home; A care home (removed)",
                    "Their own home or tenancy (was “Their own home”); Supported living (added)",
                ),
                ("Not applicable allowed", "Yes", "No"),
            ],
        )
