"""Old visits keep their figures when themes get a kind: a visit done with the default tool's
first version reads the same in its report and on the regional dashboard before and after the
migration, because every existing theme stays a practice theme."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from audits.models import Theme, Visit
from audits.toolfile import load_default_tool
from learning.dashboard import build_dashboard
from learning.source import Filters
from reports.builder import build
from tests.base import Cast
from tests.factories import make_audited_visit

BEFORE = [("audits", "0012_improvement_plan_and_since_last_audit")]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


class ThemeKindMigrationTests(TransactionTestCase):
    def tearDown(self):
        migrate()

    def figures(self, visit):
        """What the visit's report and the coordinator's dashboard say."""
        report = build(visit)
        board = build_dashboard(self.coordinator, Filters())
        return (
            report.answers,
            report.judgements,
            report.themes,
            report.questions,
            report.cases,
            report.sections,
            [theme.key for theme in board.source.themes],
            board.grid,
            board.recurring_themes,
            board.recurring_questions,
            board.trends,
        )

    def test_it_keeps_a_past_visits_report_and_dashboard_figures_identical(self):
        """Version 1's case profile and practitioner conversation were counted as themes; they
        still are for the visits done with it."""
        Cast.build(self)
        tool = load_default_tool(self.region, by=self.tool_owner)
        visit = make_audited_visit(
            host=self.sandwell,
            tool=tool,
            coordinator=self.coordinator,
            year=2025,
            cases=6,
            levels={
                "practitioner-conversation-matches-file": [
                    "met", "partly-met", "not-met", "not-applicable", "met", "not-evidenced",
                ],
                "risk-plan": ["not-met", "not-met", "met", "met", "partly-met", "met"],
            },
            judgements=["good", "requires-improvement", "good", "inadequate", "good", "good"],
            status=Visit.Status.ISSUED,
        )  # fmt: skip
        before = self.figures(visit)
        self.assertIn("practitioner-conversation", before[6])

        migrate(BEFORE)
        migrate()

        self.assertEqual(self.figures(visit), before)
        self.assertEqual(
            set(Theme.objects.filter(tool=tool).values_list("kind", flat=True)),
            {Theme.Kind.PRACTICE},
        )
