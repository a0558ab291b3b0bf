"""A visit done with a tool of choice, number and date questions and no overall judgement
gets its covering report: its rated question is counted on the scale, and each other kind is
reported its own way (distributions, counts per option, median and range; dates not charted,
free text never)."""

import datetime
import io

import docx
from django.template.loader import render_to_string

from audits.models import Answer, Visit
from audits.toolfile import import_tool
from reports.builder import build
from reports.docx import render_docx
from tests.audits.test_tool_file_kinds import KINDS
from tests.base import CastTestCase
from tests.factories import make_visit


class ReportOfAToolWithoutJudgementTests(CastTestCase):
    def test_it_builds_the_report_counting_only_the_rated_question(self):
        tool = import_tool(KINDS, region=self.region, by=None)
        tool.publish(by=self.tool_owner, changelog="Every kind.")
        visit = make_visit(
            host=self.sandwell,
            tool=tool,
            coordinator=self.coordinator,
            lead=self.auditor,
            cases=2,
            status=Visit.Status.DRAFTING,
        )
        met = tool.scales.get(key="question").levels.get(key="met")
        rated, involved = tool.questions.get(key="rated"), tool.questions.get(key="involved")
        for case in visit.case_files.all():
            Answer.objects.create(case_file=case, question=rated, level=met)
            Answer.objects.create(case_file=case, question=involved, choices=["carer"])
        report = build(visit)
        self.assertEqual([result.key for result in report.questions], ["rated"])
        self.assertEqual((report.answers.counted, report.answers.best), (2, 2))
        self.assertEqual(report.judgements.counted, 0)


class PerKindResultsTests(CastTestCase):
    """Five cases: choices, ticks, yes/no, numbers and dates each reported their own way."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tool = import_tool(KINDS, region=cls.region, by=None)
        cls.tool.publish(by=cls.tool_owner, changelog="Every kind.")
        cls.visit = make_visit(
            host=cls.sandwell,
            tool=cls.tool,
            coordinator=cls.coordinator,
            lead=cls.auditor,
            cases=5,
            status=Visit.Status.DRAFTING,
        )
        q = {question.key: question for question in cls.tool.questions.all()}
        rows = [  # setting, involved, impairment, days, reviewed?, notes
            (["own-home"], ["carer", "advocate"], ["yes"], 3, True, "Kept out."),
            (["own-home"], ["carer"], ["no"], 10, True, ""),
            (["care-home"], ["none"], ["yes"], 40, False, ""),
            ([], [], ["yes"], None, False, ""),  # setting not applicable
            (["own-home"], ["advocate"], [], 7, True, ""),
        ]
        for case, (setting, involved, impairment, days, reviewed, notes) in zip(
            cls.visit.case_files.order_by("reference"), rows, strict=True
        ):
            Answer.objects.create(
                case_file=case, question=q["setting"], choices=setting, not_applicable=not setting
            )
            if involved:
                Answer.objects.create(case_file=case, question=q["involved"], choices=involved)
            if impairment:
                Answer.objects.create(case_file=case, question=q["impairment"], choices=impairment)
            if days is not None:
                Answer.objects.create(case_file=case, question=q["days"], number=days)
            if reviewed:
                Answer.objects.create(
                    case_file=case, question=q["reviewed-on"], date=datetime.date(2027, 1, 5)
                )
            if notes:
                Answer.objects.create(case_file=case, question=q["notes"], text=notes)
        cls.report = build(cls.visit)
        cls.results = {r.key: r for r in cls.report.themes[0].other_kinds}

    def counts(self, key):
        return [(o.key, o.count, o.percent) for o in self.results[key].options]

    def test_it_gives_a_single_choices_distribution_leaving_not_applicable_out(self):
        self.assertEqual(self.counts("setting"), [("own-home", 3, 75), ("care-home", 1, 25)])
        self.assertEqual(self.results["setting"].not_applicable, 1)

    def test_it_gives_yes_and_no_as_a_distribution(self):
        self.assertEqual(self.counts("impairment"), [("yes", 3, 75), ("no", 1, 25)])

    def test_it_counts_each_ticked_option_of_a_multiple_choice(self):
        self.assertEqual(
            self.counts("involved"), [("carer", 2, 50), ("advocate", 2, 50), ("none", 1, 25)]
        )

    def test_it_gives_the_median_and_range_of_numbers(self):
        days = self.results["days"]
        self.assertEqual((days.median, days.lowest, days.highest), (8.5, 3, 40))
        self.assertEqual(days.summary, "Median 8.5, range 3 to 40 (4 cases).")

    def test_it_counts_dates_without_charting_them(self):
        self.assertEqual(self.results["reviewed-on"].options, ())
        self.assertIn("dates are not charted", self.results["reviewed-on"].summary)

    def test_it_never_puts_free_text_in_the_report(self):
        self.assertNotIn("notes", self.results)
        html = render_to_string("reports/report_document.html", {"report": self.report})
        self.assertNotIn("Kept out.", html)
        self.assertIn("Median 8.5, range 3 to 40", html)
        self.assertIn("A care home", html)

    def test_it_writes_the_same_results_into_the_word_document(self):
        document = docx.Document(io.BytesIO(render_docx(self.report)))
        text = "\n".join(p.text for p in document.paragraphs)
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        self.assertIn("Median 8.5, range 3 to 40 (4 cases).", text)
        self.assertIn("Their own home", cells)
        self.assertNotIn("Kept out.", text + " ".join(cells))
