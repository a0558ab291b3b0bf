"""Old visits keep their results when questions learn to say whether "not applicable" is
allowed: the figures of a visit before and after the migration are identical."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from audits.models import CaseAudit, Question
from audits.services.casework import load_case_audit
from reports.builder import build
from tests.base import Cast
from tests.factories import make_audited_visit, make_tool, thawed

BEFORE = [("audits", "0009_visit_calendar_revisions")]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def figures(visit):
    """What the report and the case pages say: every section and each case's gaps."""
    cases = CaseAudit.objects.filter(visit=visit).order_by("reference")
    return (
        build(visit).sections,
        [[gap.message for gap in load_case_audit(case).completeness.gaps] for case in cases],
    )


class NotApplicableMigrationTests(TransactionTestCase):
    def tearDown(self):
        migrate()

    def test_it_keeps_a_past_visits_figures_identical(self):
        """A visit answered Met, Not met and Not applicable (which the scale offered), with a
        free-text question, reads the same after the migration runs again; rated questions
        still allow Not applicable and the free-text one does not."""
        Cast.build(self)
        tool = make_tool(self.region, themes=2, questions=3)
        with thawed(tool):
            Question.objects.create(
                tool=tool,
                theme=tool.themes.get(key="t1"),
                key="t1-notes",
                position=9,
                text="Anything else?",
                answer_kind="text",
                required=False,
            )
        visit = make_audited_visit(
            host=self.sandwell,
            tool=tool,
            coordinator=self.coordinator,
            year=2025,
            cases=4,
            levels={
                "t1-q1": ["not-applicable", "met", "not-met", "not-applicable"],
                "t2-q2": ["not-evidenced", None, "partly-met", "met"],
            },
            judgements=["good", "requires-improvement", "good", "inadequate"],
        )
        before = figures(visit)

        migrate(BEFORE)
        migrate()

        self.assertEqual(figures(visit), before)
        self.assertEqual(
            dict(tool.questions.values_list("key", "allows_not_applicable")),
            {**{f"t{t}-q{q}": True for t in (1, 2) for q in (1, 2, 3)}, "t1-notes": False},
        )
