"""A tool goes out as a readable file and comes back identical; a broken file saves nothing."""

import copy

import yaml

from audits.models import AuditTool, Question, RatingLevel, RatingScale, Theme
from audits.toolfile import (
    DEFAULT_TOOL_FILE,
    ToolFileInvalid,
    export_filename,
    export_tool,
    import_tool,
    load_default_tool,
    tool_data,
)
from tests.base import CastTestCase
from tests.factories import make_tool

DEFAULT_TEXT = DEFAULT_TOOL_FILE.read_text(encoding="utf-8")

SMALL = """
name: Small tool
version: 1
changelog: A small tool.
scales:
  - key: question
    name: Question rating
    levels:
      - {key: met, label: Met, score: 3, colour: "#00703c", needs_note: true}
      - {key: not-applicable, label: Not applicable, score: 0, not_applicable: true}
  - key: judgement
    name: Judgement
    levels:
      - {key: good, label: Good, score: 3}
themes:
  - key: assessment
    title: Assessment
    questions:
      - key: assessment-proportionate
        text: Was the assessment proportionate?
        answer_kind: scale
        scale: question
        cqc: [assessing-needs]
"""


def small(**changes) -> dict:
    data = yaml.safe_load(SMALL)
    for path, value in changes.items():
        target = data
        *parents, last = path.split("__")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is DELETE:
            del target[int(last) if last.isdigit() else last]
        else:
            target[int(last) if last.isdigit() else last] = value
    return data


DELETE = object()


class RoundTripTests(CastTestCase):
    def test_the_default_tool_loads_with_its_fourteen_themes_and_93_questions(self):
        tool = load_default_tool(self.region, by=self.tool_owner)
        self.assertEqual((tool.themes.count(), tool.questions.count()), (14, 89))
        self.assertEqual(tool.status, "published")
        self.assertEqual(tool.scales.get(purpose="judgement").key, "judgement")
        not_evidenced = RatingLevel.objects.get(scale__tool=tool, key="not-evidenced")
        self.assertTrue(not_evidenced.is_not_evidenced and not_evidenced.needs_note)
        self.assertTrue(
            RatingLevel.objects.get(scale__tool=tool, key="not-applicable").is_not_applicable
        )

    def test_exporting_the_default_tool_gives_the_default_files_content(self):
        tool = load_default_tool(self.region, by=self.tool_owner)
        self.assertEqual(yaml.safe_load(export_tool(tool)), yaml.safe_load(DEFAULT_TEXT))

    def test_importing_an_exported_tool_gives_an_identical_tool(self):
        tool = load_default_tool(self.region, by=self.tool_owner)
        copy = import_tool(export_tool(tool), region=self.other_region, by=self.other_coordinator)
        self.assertEqual(tool_data(copy), tool_data(tool))
        self.assertEqual(export_tool(copy).splitlines()[2:], export_tool(tool).splitlines()[2:])
        self.assertEqual(
            (copy.status, copy.region, copy.created_by),
            ("draft", self.other_region, self.other_coordinator),
        )

    def test_awkward_text_survives_the_round_trip(self):
        # Forms strip text at both ends, so stored text never starts or ends with spaces.
        tool = make_tool(self.region, status="draft")
        Theme.objects.filter(tool=tool, key="t1").update(
            title="Yes", description="Line one.\n\nLine two with  two spaces: and a # hash"
        )
        Question.objects.filter(tool=tool, key="t1-q1").update(
            text="“Quoted”, 'single' & <b>tags</b>: no?",
            guidance="- starts like a list\n  indented line\n\tand a tab: {not: a mapping}",
            required=False,
            cqc_statements=[],
        )
        RatingScale.objects.filter(tool=tool, key="judgement").update(key="overall")
        copy = import_tool(export_tool(tool), region=self.other_region, by=None)
        self.assertEqual(tool_data(copy), tool_data(tool))

    def test_the_same_version_exports_to_the_same_bytes(self):
        tool = make_tool(self.region)
        self.assertEqual(export_tool(tool), export_tool(AuditTool.objects.get(pk=tool.pk)))

    def test_the_file_name_is_made_from_the_tool_not_from_what_people_typed(self):
        tool = make_tool(self.region, name="West Midlands / ../etc audit tool", version=2)
        self.assertEqual(export_filename(tool), "west-midlands-etc-audit-tool-v2.yaml")

    def test_loading_the_default_tool_twice_changes_nothing(self):
        first = load_default_tool(self.region, by=self.tool_owner)
        second = load_default_tool(self.region, by=self.tool_owner)
        self.assertEqual(first, second)
        self.assertEqual(AuditTool.objects.filter(region=self.region).count(), 1)

    def test_an_imported_later_version_is_based_on_the_earlier_one(self):
        tool = load_default_tool(self.region, by=self.tool_owner)
        text = DEFAULT_TEXT.replace("version: 1", "version: 2", 1)
        later = import_tool(text, region=self.region, by=self.coordinator)
        self.assertEqual((later.version, later.based_on), (2, tool))


class BrokenFileTests(CastTestCase):
    """Each broken file reports every problem, with its place, and saves nothing."""

    def problems(self, text) -> list[str]:
        counts = [m.objects.count() for m in (AuditTool, Theme, Question, RatingScale, RatingLevel)]
        if isinstance(text, dict):
            text = yaml.safe_dump(text, sort_keys=False)
        with self.assertRaises(ToolFileInvalid) as caught:
            import_tool(text, region=self.region, by=self.tool_owner)
        after = [m.objects.count() for m in (AuditTool, Theme, Question, RatingScale, RatingLevel)]
        self.assertEqual(after, counts, "a broken file saved something")
        self.assertEqual(caught.exception.messages, [str(p) for p in caught.exception.problems])
        return caught.exception.messages

    def test_a_clean_small_file_imports(self):
        tool = import_tool(SMALL, region=self.region, by=self.tool_owner)
        self.assertEqual(tool.questions.get().scale.key, "question")

    def test_bad_yaml_says_where(self):
        problems = self.problems("name: Tool\nscales:\n  - key: [unclosed\n")
        self.assertEqual(len(problems), 1)
        self.assertRegex(problems[0], r"^Line \d+, column \d+: the file is not valid YAML")

    def test_aliases_are_refused_so_a_small_file_cannot_expand_into_a_huge_one(self):
        text = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"
        problems = self.problems(text)
        self.assertEqual(len(problems), 1)
        self.assertEqual(
            problems[0],
            "Line 2, column 8: the file repeats a value with an alias (*): "
            "write the value out in full.",
        )

    def test_not_a_tool_at_all(self):
        self.assertIn("The file must describe one tool", self.problems("- just\n- a list\n")[0])
        self.assertIn("The file must describe one tool", self.problems("")[0])

    def test_a_file_that_is_not_text(self):
        self.assertIn("not text in UTF-8", self.problems(b"\xff\xfe\x00bad")[0])

    def test_duplicate_yaml_keys_are_each_reported_with_their_line(self):
        text = SMALL.replace(
            "        text: Was the assessment proportionate?\n",
            "        text: Was the assessment proportionate?\n        text: Again?\n",
        ).replace("version: 1\n", "version: 1\nversion: 2\n")
        self.assertEqual(
            self.problems(text),
            [
                "Line 4: 'version' is given twice in the same place; keep one.",
                "Line 22: 'text' is given twice in the same place; keep one.",
            ],
        )

    def test_missing_fields_are_each_reported(self):
        data = small(
            name=DELETE,
            scales__0__levels__0__score=DELETE,
            themes__0__title=DELETE,
            themes__0__questions__0__text=DELETE,
            themes__0__questions__0__answer_kind=DELETE,
        )
        self.assertEqual(
            self.problems(data),
            [
                "Tool details: 'name' is missing.",
                "Scale 1 (question), level 1 (met): 'score' is missing.",
                "Theme 1 (assessment): 'title' is missing.",
                "Theme 1 (assessment), question 1 (assessment-proportionate): "
                "'answer_kind' is missing: give one of scale, single, multiple, yes_no, number, "
                "date, text.",
                "Theme 1 (assessment), question 1 (assessment-proportionate): 'text' is missing.",
            ],
        )

    def test_duplicate_keys_are_reported_where_each_second_use_is(self):
        data = small()
        question = copy.deepcopy(data["themes"][0]["questions"][0])
        data["themes"].append({"key": "assessment", "title": "Again", "questions": [question]})
        data["scales"][0]["levels"].append(copy.deepcopy(data["scales"][0]["levels"][0]))
        self.assertEqual(
            self.problems(data),
            [
                "Scale 1 (question), level 3 (met): the key 'met' is used twice in this scale.",
                "Theme 2 (assessment): the key 'assessment' is already used by "
                "Theme 1 (assessment).",
                "Theme 2 (assessment), question 1 (assessment-proportionate): the key "
                "'assessment-proportionate' is already used by Theme 1 (assessment), "
                "question 1 (assessment-proportionate).",
            ],
        )

    def test_an_unknown_scale_is_named(self):
        data = yaml.safe_load(DEFAULT_TEXT)
        data["themes"][2]["questions"][1]["scale"] = "qestion"
        self.assertEqual(
            self.problems(data),
            [
                "Theme 3 (assessment), question 2 (assessment-proportionate): "
                "'scale' names an unknown scale 'qestion'."
            ],
        )

    def test_an_empty_theme_is_reported(self):
        self.assertEqual(
            self.problems(small(themes__0__questions=[])),
            [
                "Theme 1 (assessment): the theme has no questions: add at least one, "
                "or remove the theme."
            ],
        )

    def test_an_unknown_cqc_key_is_named_with_the_known_ones(self):
        problems = self.problems(small(themes__0__questions__0__cqc=["assessing-needs", "saftey"]))
        self.assertEqual(len(problems), 1)
        self.assertIn("'cqc' names an unknown CQC quality statement 'saftey'", problems[0])
        self.assertIn("safeguarding", problems[0])

    def test_wrong_types_are_each_reported(self):
        data = small(
            version="two",
            scales__0__levels__0__score="3",
            scales__0__levels__0__colour="green",
            scales__0__levels__0__needs_note="yes",
            themes__0__title=12,
            themes__0__questions__0__required="no",
            themes__0__questions__0__cqc="assessing-needs",
        )
        self.assertEqual(
            self.problems(data),
            [
                "Tool details: 'version' must be a whole number, not text ('two').",
                "Scale 1 (question), level 1 (met): 'colour' must be a hex colour such as "
                "\"#00703c\", not text ('green').",
                "Scale 1 (question), level 1 (met): 'score' must be a whole number, "
                "not text ('3').",
                "Scale 1 (question), level 1 (met): 'needs_note' must be true or false, "
                "not text ('yes').",
                "Theme 1 (assessment): 'title' must be text, not a number (12).",
                "Theme 1 (assessment), question 1 (assessment-proportionate): 'cqc' must be a "
                "list of quality statement keys, not text ('assessing-needs').",
                "Theme 1 (assessment), question 1 (assessment-proportionate): 'required' must "
                "be true or false, not text ('no').",
            ],
        )

    def test_scale_rules_are_checked(self):
        data = small(scales__1__key="overall", themes__0__questions__0__answer_kind="text")
        data["scales"][0]["levels"][1]["not_evidenced"] = True
        data["scales"][0]["bogus"] = 1
        self.assertEqual(
            self.problems(data),
            [
                "Scale 1 (question): 'bogus' is not a field here; the fields are key, name, "
                "purpose, levels.",
                "Scale 1 (question), level 2 (not-applicable): a level is either "
                "'not_applicable' or 'not_evidenced', not both.",
                "Scales: the tool needs exactly one judgement scale (key 'judgement', or "
                "'purpose: judgement'), but it has 0. If cases get no overall judgement, say "
                "'overall_judgement: false'.",
                "Theme 1 (assessment), question 1 (assessment-proportionate): 'scale' is given, "
                "but a free-text question has no scale.",
            ],
        )

    def test_many_problems_at_once_are_all_reported(self):
        data = yaml.safe_load(DEFAULT_TEXT)
        data["themes"][0]["questions"][0]["cqc"] = ["nope"]
        data["themes"][5]["questions"] = []
        data["themes"][9]["questions"][2]["scale"] = "missing"
        data["scales"][1]["levels"][0]["score"] = 4.5
        problems = self.problems(data)
        self.assertEqual(len(problems), 4)
        self.assertTrue(problems[0].startswith("Scale 2 (judgement), level 1 (outstanding)"))
        self.assertTrue(problems[1].startswith("Theme 1 (case-profile), question 1"))
        self.assertTrue(problems[2].startswith("Theme 6 (carers): the theme has no questions"))
        self.assertTrue(problems[3].startswith("Theme 10 (voice), question 3"))

    def test_a_version_the_region_already_has_is_refused(self):
        load_default_tool(self.region, by=self.tool_owner)
        self.assertEqual(
            self.problems(DEFAULT_TEXT),
            [
                "Tool details: West Midlands already has version 1 of “West Midlands case "
                "file audit tool”. Change 'version' or 'name' in the file."
            ],
        )

    def test_a_second_draft_of_the_same_tool_is_refused(self):
        load_default_tool(self.region, by=self.tool_owner)
        import_tool(
            DEFAULT_TEXT.replace("version: 1", "version: 2", 1), region=self.region, by=None
        )
        problems = self.problems(DEFAULT_TEXT.replace("version: 1", "version: 3", 1))
        self.assertEqual(len(problems), 1)
        self.assertIn("already has a draft", problems[0])
