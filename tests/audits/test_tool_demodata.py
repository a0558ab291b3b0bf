"""The demo region starts with both versions of the West Midlands tool published and one open
proposal on the newest."""

from io import StringIO

from audits.demodata import tools
from audits.models import AuditTool, QuestionProposal
from authorities import demo
from tests.base import CastTestCase


class ToolDemoDataTests(CastTestCase):
    def test_it_seeds_the_default_tool_and_a_proposal_and_running_it_twice_changes_nothing(self):
        demo.seed(password="demo-password-2026", out=StringIO())
        for _ in range(2):
            self.assertEqual(tools.seed(password="x", out=StringIO()), [])
        v1, tool = AuditTool.objects.filter(region=self.region).order_by("version")
        self.assertEqual((v1.version, v1.status, v1.questions.count()), (1, "published", 89))
        # Version 2 drops the four case facts the sample holds.
        self.assertEqual((tool.version, tool.status, tool.questions.count()), (2, "published", 85))
        self.assertEqual(tool.based_on, v1)
        proposal = QuestionProposal.objects.get()
        self.assertEqual(proposal.proposed_by.email, "psw@dudley.example")
        self.assertEqual(proposal.current_text, tool.questions.get(key=proposal.question_key).text)
