"""A visit done with a tool of choice, number and date questions and no overall judgement
still gets its covering report: its rated question is counted, the other kinds are left out."""

from audits.models import Answer, Visit
from audits.toolfile import import_tool
from reports.builder import build
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
