"""The example tools under audits/data/examples import cleanly, with their questions,
conditions and sources, through the tool file and the import_tool command."""

from io import StringIO

from django.core.management import call_command

from audits.models import AuditTool, QuestionCondition
from audits.toolfile import EXAMPLES, import_tool
from tests.base import CastTestCase

MCA = EXAMPLES / "mca_capacity_audit_standards.yaml"


class MentalCapacityActExampleTests(CastTestCase):
    def test_it_imports_the_seventeen_standards_with_14_and_17_conditional(self):
        tool = import_tool(MCA.read_bytes(), region=self.region, by=None)
        standards = tool.questions.filter(key__startswith="standard-")
        self.assertEqual(standards.count(), 17)
        self.assertEqual(set(standards.values_list("answer_kind", flat=True)), {"yes_no"})
        self.assertFalse(tool.has_overall_judgement)
        conditions = {
            c.question.key: (c.depends_on.key, c.answers)
            for c in QuestionCondition.objects.filter(question__tool=tool).select_related(
                "question", "depends_on"
            )
        }
        self.assertEqual(
            conditions,
            {
                "standard-14": ("impairment-found", ["yes"]),
                "standard-17": ("lacks-capacity-found", ["yes"]),
            },
        )
        self.assertTrue(tool.questions.filter(key="recommendations", answer_kind="text").exists())
        self.assertEqual(tool.completeness_problems(), [])
        tool.publish(by=self.tool_owner, changelog=tool.changelog)

    def test_it_cites_its_source_at_the_top(self):
        head = MCA.read_text(encoding="utf-8").splitlines()[:6]
        self.assertIn(
            '# Source: "Capacity Audit Standards", MSB Capacity Audit Standards, April 2017 '
            "(seventeen",
            head,
        )

    def test_it_imports_with_the_import_tool_command(self):
        out = StringIO()
        call_command("import_tool", str(MCA), region="west-midlands", stdout=out)
        self.assertIn("Imported MCA capacity audit standards, version 1", out.getvalue())
        self.assertTrue(AuditTool.objects.filter(name="MCA capacity audit standards").exists())
