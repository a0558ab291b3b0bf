"""Blind double rating: the coordinator marks a case, both auditors rate it without seeing
each other's ratings, then see where they agreed and record the agreed answers."""

from django.urls import reverse

from auditportal import access
from audits.models import (
    Answer,
    Calibration,
    CalibrationRating,
    CaseFile,
    Question,
    Visit,
)
from audits.services import casework as services
from tests.base import VisitCastTestCase
from tests.factories import declare_team

# Six rated questions; the two auditors agree on four.
PRIYA = ["met", "met", "partly-met", "partly-met", "not-met", "not-met"]
JOSEPH = ["met", "partly-met", "partly-met", "partly-met", "not-met", "met"]
KEYS = ["t1-q1", "t1-q2", "t1-q3", "t2-q1", "t2-q2", "t2-q3"]


class CalibrationTestCase(VisitCastTestCase):
    """SAN-02 is the co-auditor's (Joseph's) case; the lead (Priya) is the second rater."""

    visit_status = Visit.Status.ON_SITE

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        declare_team(cls.visit)
        cls.case = cls.cases[1]

    def mark_url(self):
        return reverse("audits:visit-calibration", args=[self.visit.pk])

    def rating_url(self):
        return reverse("audits:caseaudit-calibration", args=[self.visit.pk, self.case.pk])

    def mark(self, *cases):
        self.sign_in(self.coordinator)
        return self.client.post(self.mark_url(), {"cases": [case.pk for case in cases]})

    def rate(self, person, levels):
        self.sign_in(person)
        data = {f"q-{key}": level for key, level in zip(KEYS, levels, strict=True) if level}
        return self.client.post(self.rating_url(), data, follow=True)


class MarkingTests(CalibrationTestCase):
    def test_the_coordinator_marks_a_case_and_the_team_is_set_as_raters(self):
        response = self.mark(self.case)
        self.assertRedirects(response, self.mark_url())
        calibration = Calibration.objects.get()
        self.assertEqual(calibration.case_file_id, self.case.pk)
        self.assertEqual(
            (calibration.first_rater, calibration.second_rater), (self.co_auditor, self.auditor)
        )

    def test_a_case_already_started_cannot_be_rated_blind(self):
        question = Question.objects.get(tool=self.tool, key="t1-q1")
        services.save_answer(
            case=services.case_audits().get(pk=self.case.pk),
            question=question,
            level=question.scale.levels.get(key="met"),
            note="Seen.",
            version=0,
            by=self.co_auditor,
        )
        response = self.mark(self.case)
        self.assertNotContains(response, f'value="{self.case.pk}"')
        self.assertFalse(Calibration.objects.exists())

    def test_unmarking_a_case_nobody_has_rated_removes_it(self):
        self.mark(self.case, self.cases[2])
        self.mark(self.cases[2])
        self.assertEqual(
            list(Calibration.objects.values_list("case_file", flat=True)), [self.cases[2].pk]
        )

    def test_only_the_regions_coordinator_marks_cases(self):
        for person in (self.auditor, self.co_auditor):
            self.sign_in(person)
            self.assertEqual(self.client.get(self.mark_url()).status_code, 200)
            response = self.client.post(self.mark_url(), {"cases": [self.case.pk]})
            self.assertEqual(response.status_code, 403)
        self.sign_in(self.other_coordinator)
        self.assertEqual(
            self.client.post(self.mark_url(), {"cases": [self.case.pk]}).status_code, 404
        )
        self.assertFalse(Calibration.objects.exists())

    def test_cases_are_marked_before_the_team_starts_writing_up(self):
        Visit.objects.filter(pk=self.visit.pk).update(status=Visit.Status.DRAFTING)
        self.assertEqual(self.mark(self.case).status_code, 403)


class BlindRatingTests(CalibrationTestCase):
    def setUp(self):
        self.mark(self.case)

    def test_the_case_audit_waits_for_the_double_rating(self):
        self.sign_in(self.co_auditor)
        page = self.client.get(
            reverse("audits:caseaudit-detail", args=[self.visit.pk, self.case.pk])
        )
        self.assertContains(page, "This case is being double rated blind")
        self.assertNotContains(page, "data-autosave-url")
        url = reverse("audits:answer-save", args=[self.visit.pk, self.case.pk, "t1-q1"])
        response = self.client.post(url, {"t1-q1-level": "met", "t1-q1-version": 0})
        self.assertEqual(response.status_code, 422)
        self.assertIn("being double rated blind", response.json()["message"])
        self.assertFalse(Answer.objects.exists())

    def test_neither_rater_sees_the_others_ratings_until_both_have_finished(self):
        self.rate(self.co_auditor, JOSEPH)
        self.sign_in(self.auditor)
        page = self.client.get(self.rating_url())
        self.assertNotContains(page, "checked")
        self.assertContains(page, "Finished: rated all 6 questions")  # a count, not the ratings
        self.assertContains(page, "Rated 0 of 6 questions")
        self.assertFalse(
            access.visible(self.auditor, CalibrationRating).exclude(rater=self.auditor).exists()
        )
        trail = self.client.get(
            reverse("audits:caseaudit-trail", args=[self.visit.pk, self.case.pk])
        )
        self.assertNotContains(trail, "Blind rating")

    def test_a_rater_can_save_part_of_the_way_and_come_back(self):
        response = self.rate(self.auditor, [*PRIYA[:3], None, None, None])
        self.assertContains(response, "Your ratings are saved. 3 questions still to rate.")
        self.assertContains(response, 'value="partly-met" checked', count=1)
        self.assertIsNone(Calibration.objects.get().revealed_at)

    def test_the_coordinator_does_not_rate(self):
        self.sign_in(self.coordinator)
        self.assertEqual(self.client.post(self.rating_url(), {"q-t1-q1": "met"}).status_code, 403)


class AgreementTests(CalibrationTestCase):
    def setUp(self):
        self.mark(self.case)
        self.rate(self.auditor, PRIYA)
        self.rate(self.co_auditor, JOSEPH)

    def test_both_finished_reveals_the_ratings_and_the_agreement(self):
        """Agreed on 4 of 6: 67%. Margins (met, partly, not met) are 2, 2, 2 and 2, 3, 1, so
        chance agreement is 12/36 and kappa (4/6 − 1/3) / (2/3) = 0.50."""
        self.assertIsNotNone(Calibration.objects.get().revealed_at)
        page = self.client.get(self.rating_url())
        self.assertContains(page, "67% (4 of 6 questions)")
        self.assertContains(page, "0.50 (moderate agreement beyond chance)")
        self.assertContains(
            page, '<strong class="govuk-tag govuk-tag--orange">No</strong>', count=2
        )

    def test_ratings_are_fixed_once_revealed(self):
        self.rate(self.co_auditor, PRIYA)
        levels = CalibrationRating.objects.filter(rater=self.co_auditor).order_by(
            "question__theme__position", "question__position"
        )
        self.assertEqual([r.level.key for r in levels], JOSEPH)

    def test_the_agreed_answers_start_from_where_they_agreed(self):
        page = self.client.get(self.rating_url())
        self.assertContains(page, "Record the agreed answers")
        self.assertContains(page, 'value="met" checked', count=1)
        self.assertContains(page, 'value="partly-met" checked', count=2)
        self.assertContains(page, 'value="not-met" checked', count=1)

    def test_every_agreed_answer_is_needed(self):
        response = self.rate(self.auditor, [*PRIYA[:5], None])
        self.assertContains(response, "Choose an answer for: Question 3 of theme 2?")
        self.assertFalse(Answer.objects.exists())

    def test_recording_the_agreed_answers_makes_them_the_case_answers(self):
        agreed = ["met", "partly-met", "partly-met", "partly-met", "not-met", "not-met"]
        response = self.rate(self.auditor, agreed)
        self.assertContains(response, "The agreed answers are now the case&#x27;s answers.")
        answers = Answer.objects.order_by("question__theme__position", "question__position")
        self.assertEqual([a.level.key for a in answers], agreed)
        calibration = Calibration.objects.get()
        self.assertEqual(calibration.agreed_by, self.auditor)
        case = CaseFile.objects.get(pk=self.case.pk)
        self.assertEqual(case.status, CaseFile.Status.IN_PROGRESS)
        self.sign_in(self.co_auditor)
        page = self.client.get(
            reverse("audits:caseaudit-detail", args=[self.visit.pk, self.case.pk])
        )
        self.assertContains(page, "data-autosave-url")
        self.assertContains(page, 'value="met" checked')

    def test_the_visit_shows_agreement_per_case_and_overall(self):
        self.sign_in(self.coordinator)
        page = self.client.get(self.mark_url())
        self.assertContains(page, "SAN-02")
        self.assertContains(page, "67%")
        self.assertContains(page, "0.50")
        progress = self.client.get(reverse("audits:visit-progress", args=[self.visit.pk]))
        self.assertContains(progress, "Agreement over 1 double-rated case: 67%, Cohen's kappa 0.50")
