"""The visit's case audits at a glance: per auditor and per case, for the team and the
coordinator, in the same number of queries however big the sample."""

from django.urls import reverse

from audits.models import CaseFile, Question, RatingLevel, Visit
from audits.services import casework as services
from tests.base import VisitCastTestCase
from tests.factories import declare_team, make_visit


class ProgressTestCase(VisitCastTestCase):
    visit_status = Visit.Status.ON_SITE

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        declare_team(cls.visit)

    def url(self, visit=None):
        return reverse("audits:visit-progress", args=[(visit or self.visit).pk])

    def answer(self, case, key, level="partly-met"):
        question = Question.objects.get(tool=self.tool, key=key)
        services.save_answer(
            case=services.case_audits().get(pk=case.pk),
            question=question,
            level=RatingLevel.objects.get(scale=question.scale, key=level),
            version=0,
            by=case.allocated_to,
        )


class ProgressTests(ProgressTestCase):
    def test_it_lists_every_case_with_its_auditor_progress_and_status(self):
        self.answer(self.cases[0], "t1-q1")
        self.answer(self.cases[0], "t1-q2")
        CaseFile.objects.filter(pk=self.cases[3].pk).update(status=CaseFile.Status.AGREED)
        self.sign_in(self.co_auditor)
        response = self.client.get(self.url())
        progress = response.context["progress"]
        rows = [(c.reference, c.allocated_to, c.answered, c.status) for c in progress.cases]
        self.assertEqual(
            rows,
            [
                ("SAN-01", self.auditor, 2, "in_progress"),
                ("SAN-02", self.co_auditor, 0, "not_started"),
                ("SAN-03", self.auditor, 0, "not_started"),
                ("SAN-04", self.co_auditor, 0, "agreed"),
            ],
        )
        detail = reverse("audits:caseaudit-detail", args=[self.visit.pk, self.cases[0].pk])
        self.assertContains(
            response, f'<a class="govuk-link" href="{detail}">SAN-01</a>', html=True
        )
        self.assertContains(response, "2 of 6")

    def test_it_counts_answers_of_every_kind_but_not_a_note_alone(self):
        """A choice, a number, a date or "Not applicable" answers the question; a note does not."""
        import datetime

        from audits.models import Answer

        first, second, third, fourth, fifth = Question.objects.filter(tool=self.tool)[:5]
        case = self.cases[0]
        Answer.objects.create(case_file=case, question=first, choices=["yes"])
        Answer.objects.create(case_file=case, question=second, number=3)
        Answer.objects.create(case_file=case, question=third, date=datetime.date(2026, 1, 5))
        Answer.objects.create(case_file=case, question=fourth, not_applicable=True)
        Answer.objects.create(case_file=case, question=fifth, note="Seen on the file.")
        self.sign_in(self.coordinator)
        progress = self.client.get(self.url()).context["progress"]
        self.assertEqual([c.answered for c in progress.cases if c.pk == case.pk], [4])

    def test_it_counts_each_auditors_cases_by_status(self):
        self.answer(self.cases[0], "t1-q1")
        CaseFile.objects.filter(pk=self.cases[3].pk).update(status=CaseFile.Status.AGREED)
        self.sign_in(self.coordinator)
        progress = self.client.get(self.url()).context["progress"]
        by_auditor = {
            row.auditor: (row.cases, dict(row.statuses), row.answered) for row in progress.auditors
        }
        self.assertEqual(
            by_auditor,
            {
                self.auditor: (2, {"in_progress": 1, "not_started": 1}, 1),
                self.co_auditor: (2, {"not_started": 1, "agreed": 1}, 0),
            },
        )
        self.assertEqual(progress.status_counts, [2, 1, 0, 0, 1, 0])

    def test_it_shows_a_review_link_for_submitted_cases(self):
        CaseFile.objects.filter(pk=self.cases[1].pk).update(status=CaseFile.Status.SUBMITTED)
        self.sign_in(self.auditor)
        review = reverse("audits:caseaudit-review", args=[self.visit.pk, self.cases[1].pk])
        self.assertContains(self.client.get(self.url()), f'href="{review}"')

    def test_it_stays_at_the_same_number_of_queries_as_the_sample_grows(self):
        big = make_visit(
            host=self.sandwell,
            tool=self.tool,
            coordinator=self.coordinator,
            lead=self.auditor,
            auditors=[self.co_auditor],
            cases=40,
            status=Visit.Status.ON_SITE,
        )
        declare_team(big)
        for case in list(big.case_files.all())[:10]:
            self.answer(case, "t1-q1")
        self.sign_in(self.auditor)
        # session, user, visit, cases with their answer counts, auditors and judgements,
        # the team, the tool's question count, double-rated cases, the header's council
        with self.assertNumQueries(8):
            small = self.client.get(self.url())
        with self.assertNumQueries(8):
            response = self.client.get(self.url(big))
        self.assertEqual(len(small.context["progress"].cases), 4)
        self.assertEqual(len(response.context["progress"].cases), 40)
