"""The dashboard reads counts stored when a report is issued, and gives the same figures."""

import io

from django.core.management import call_command

from audits.models import Answer, Visit
from learning import tallies
from learning.models import QuestionTally, ThemeTally
from learning.policies import SHARED_STATUSES
from reports import services
from tests.base import CastTestCase
from tests.learning import scenario as learning_scenario
from tests.learning import test_numbers as numbers
from tests.reports.support import KnownVisitTestCase, quick_render


def store_counts_and_forget_answers():
    call_command("rebuild_learning_tallies", stdout=io.StringIO())
    # With the answers gone, every figure below can only have come from the stored counts.
    Answer.objects.filter(case_file__visit__status__in=SHARED_STATUSES).delete()


class StoredCountsNumberTests(numbers.DashboardNumberTests):
    """Every hand-worked figure of the dashboard again, read from the stored counts."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        store_counts_and_forget_answers()


class StoredCountsCrossVersionTests(numbers.CrossVersionTests):
    """Across versions, theme figures count only shared questions: the stored counts of a
    whole theme are not used for its cases then, and the figures stay the same."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        call_command("rebuild_learning_tallies", stdout=io.StringIO())


class RebuildTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        learning_scenario.build(cls)

    def test_it_counts_only_issued_and_closed_visits(self):
        call_command("rebuild_learning_tallies", stdout=io.StringIO())
        counted = set(ThemeTally.objects.values_list("visit_id", flat=True))
        shared = set(Visit.objects.filter(status__in=SHARED_STATUSES).values_list("pk", flat=True))
        self.assertEqual(counted, shared)
        self.assertNotIn(self.coventry_draft.pk, counted)

    def test_running_it_twice_stores_the_same_rows(self):
        def rows():
            return sorted(
                QuestionTally.objects.values_list("visit_id", "question_id", *tallies.CATEGORIES)
            )

        call_command("rebuild_learning_tallies", stdout=io.StringIO())
        first = rows()
        out = io.StringIO()
        call_command("rebuild_learning_tallies", stdout=out)
        self.assertEqual(rows(), first)
        self.assertIn("Stored the counts of 5 issued visits", out.getvalue())

    def test_it_stores_the_hand_worked_counts_of_a_question(self):
        tallies.rebuild(Visit.objects.filter(pk=self.sandwell_2025.pk))
        q1 = QuestionTally.objects.get(visit=self.sandwell_2025, question__key="t1-q1")
        self.assertEqual(
            (q1.met, q1.partly, q1.not_met, q1.not_evidenced, q1.not_applicable), (3, 1, 1, 0, 1)
        )
        t1 = ThemeTally.objects.get(visit=self.sandwell_2025, theme__key="t1")
        self.assertEqual(t1.cases, 6)


class IssueStoresCountsTests(KnownVisitTestCase):
    def test_issuing_the_report_stores_the_visits_counts(self):
        services.send_for_accuracy_check(report=self.report, by=self.auditor)
        with quick_render():
            services.issue_report(visit=self.visit, by=self.coordinator)
        t1 = ThemeTally.objects.get(visit=self.visit, theme__key="t1")
        self.assertEqual(t1.cases, 4)  # every case has an applicable answer in theme 1
        q2 = QuestionTally.objects.get(visit=self.visit, question__key="t1-q2")
        self.assertEqual((q2.met, q2.partly, q2.not_evidenced, q2.not_applicable), (1, 1, 1, 1))
