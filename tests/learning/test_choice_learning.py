"""Regional learning for choice questions: counted by stable question and option keys across
tool versions, small numbers suppressed and left out of totals, the same whether a visit's
figures are stored or counted from its answers, and context sections left out."""

import datetime

from django.urls import reverse

from audits.models import Answer, QuestionOption, Theme, Visit
from audits.toolfile import import_tool
from learning import tallies
from learning.dashboard import build_dashboard
from learning.exports import build_export
from learning.source import Filters
from tests.audits.test_tool_file_kinds import KINDS
from tests.base import CastTestCase
from tests.factories import make_visit, thawed


def answer(visit, key, rows):
    question = visit.tool.questions.get(key=key)
    for case, choices in zip(visit.case_files.order_by("reference"), rows, strict=True):
        if choices == "n/a":
            Answer.objects.create(case_file=case, question=question, not_applicable=True)
        elif choices:
            Answer.objects.create(case_file=case, question=question, choices=choices)


class ChoiceLearningTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.v1 = import_tool(KINDS, region=cls.region, by=None)
        cls.v1.publish(by=cls.tool_owner, changelog="Every kind.")
        cls.v2 = cls.v1.new_version(by=cls.tool_owner)
        QuestionOption.objects.filter(question__tool=cls.v2, key="own-home").update(
            label="Their own home or tenancy"
        )
        cls.v2.publish(by=cls.tool_owner, changelog="Reworded an option.")

        def visit(host, tool, cases, year):
            return make_visit(
                host=host, tool=tool, coordinator=cls.coordinator, cases=cases,
                first_day=datetime.date(year, 3, 9), status=Visit.Status.ISSUED,
            )  # fmt: skip

        cls.first = visit(cls.sandwell, cls.v1, 6, 2025)
        answer(cls.first, "setting", [["own-home"]] * 3 + [["care-home"]] * 2 + ["n/a"])
        answer(
            cls.first, "involved", [["carer", "advocate"], ["carer"], ["none"], ["carer"], [], []]
        )
        answer(cls.first, "impairment", [["yes"]] * 4 + [["no"]] * 2)
        cls.small = visit(cls.dudley, cls.v1, 4, 2025)
        answer(cls.small, "setting", [["care-home"]] * 4)
        cls.later = visit(cls.walsall, cls.v2, 5, 2026)
        answer(cls.later, "setting", [["own-home"]] * 5)

    def results(self):
        board = build_dashboard(self.coordinator, Filters())
        return {result.key: result for result in board.choices}

    def shares(self, key):
        return [(o.key, o.label, o.cases, o.percent) for o in self.results()[key].options]

    def test_it_counts_an_option_across_versions_by_its_key_under_its_newest_label(self):
        self.assertEqual(
            self.shares("setting"),
            [("own-home", "Their own home or tenancy", 8, 80), ("care-home", "A care home", 2, 20)],
        )
        self.assertEqual(
            (self.results()["setting"].answered, self.results()["setting"].visits), (10, 2)
        )

    def test_it_leaves_a_visit_with_fewer_than_five_answering_cases_out_of_every_total(self):
        setting = self.results()["setting"]
        self.assertEqual(setting.suppressed_visits, 1)  # Dudley's four care homes
        involved = self.results()["involved"]
        self.assertEqual((involved.visits, involved.suppressed_visits), (0, 1))
        self.assertEqual([o.cases for o in involved.options], [0, 0, 0])

    def test_it_gives_yes_and_no_their_shares(self):
        self.assertEqual(self.shares("impairment"), [("yes", "Yes", 4, 67), ("no", "No", 2, 33)])

    def test_it_gives_the_same_figures_once_they_are_stored(self):
        before = self.results()
        tallies.rebuild(Visit.objects.filter(pk__in=[self.first.pk, self.small.pk, self.later.pk]))
        self.assertTrue(tallies.ChoiceTally.objects.filter(visit=self.first).exists())
        self.assertEqual(self.results(), before)

    def test_it_leaves_out_a_choice_question_in_a_context_section(self):
        for tool in (self.v1, self.v2):
            with thawed(tool):
                Theme.objects.filter(tool=tool).update(kind=Theme.Kind.CONTEXT)
        self.assertEqual(self.results(), {})

    def test_it_shows_the_figures_on_the_dashboard(self):
        self.sign_in(self.coordinator)
        page = self.client.get(reverse("learning:dashboard"))
        self.assertContains(page, "Answers to choice questions")
        self.assertContains(page, "Their own home or tenancy")

    def test_it_exports_each_visits_choice_answers_one_row_per_option(self):
        rows = build_export(self.coordinator, Filters()).rows
        choice_rows = [row[-5:] for row in rows if "Choice answers" in row]
        self.assertIn(
            ["setting", "Where does the person live?", "Their own home or tenancy", 3, 5],
            choice_rows,
        )
        self.assertIn(
            ["setting", "Where does the person live?", "A care home", "suppressed", "fewer than 5"],
            choice_rows,
        )
        self.assertIn(
            ["impairment", "Was an impairment of the mind or brain found?", "Yes", 4, 6],
            choice_rows,
        )
        self.assertFalse([row for row in rows if "notes" in row])
