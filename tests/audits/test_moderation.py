"""Moderation: a submitted case is reviewed by the other auditor or the coordinator, who agree
it, ask for changes with a reason, or agree it with a moderated judgement (the first one is
kept beside it); an agreed case is locked by the coordinator or the lead auditor."""

from django.urls import reverse

from audits.confirmation import STEP_CONFIRMED
from audits.models import CaseFile, CaseJudgement, ModerationEvent, Question, RatingLevel, Visit
from audits.services import casework as services
from tests.base import VisitCastTestCase
from tests.factories import declare_team

S = CaseFile.Status
Action = ModerationEvent.Action


class ModerationTestCase(VisitCastTestCase):
    """SAN-01 is the lead's (the auditor's) case; the co-auditor and coordinator review it."""

    visit_status = Visit.Status.ON_SITE

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        declare_team(cls.visit)
        cls.case = cls.cases[0]

    def setUp(self):
        case = self.fresh()
        for question in Question.objects.filter(tool=self.tool):
            services.save_answer(
                case=case,
                question=question,
                level=RatingLevel.objects.get(scale=question.scale, key="partly-met"),
                version=0,
                by=self.auditor,
            )
        services.save_judgement(
            case=case,
            level=self.level("good"),
            rationale="Proportionate and person-led.",
            version=0,
            by=self.auditor,
        )
        services.submit_case(case=self.fresh(), by=self.auditor)

    def fresh(self):
        return services.case_audits().get(pk=self.case.pk)

    def level(self, key):
        return RatingLevel.objects.get(scale__tool=self.tool, key=key)

    def review_url(self):
        return reverse("audits:caseaudit-review", args=[self.visit.pk, self.case.pk])

    def review(self, person, **data):
        self.sign_in(person)
        return self.client.post(self.review_url(), data)


class ReviewTests(ModerationTestCase):
    def test_the_other_auditor_agrees_the_case(self):
        response = self.review(self.co_auditor, decision="agree")
        self.assertRedirects(response, self.review_url())
        case = self.fresh()
        self.assertEqual(case.status, S.AGREED)
        judgement = CaseJudgement.objects.get()
        self.assertEqual(judgement.agreed_level.key, "good")
        self.assertEqual(judgement.moderated_by, self.co_auditor)
        self.assertEqual(
            list(ModerationEvent.objects.values_list("action", flat=True)),
            [Action.SUBMITTED, Action.AGREED],
        )

    def test_the_allocated_auditor_cannot_review_their_own_case(self):
        self.sign_in(self.auditor)
        self.assertNotContains(self.client.get(self.review_url()), "Record the review")
        response = self.review(self.auditor, decision="agree")
        self.assertContains(response, "You audited SAN-01, so the other auditor or the coordinator")
        self.assertEqual(self.fresh().status, S.SUBMITTED)

    def test_the_coordinator_records_a_moderated_judgement_and_both_are_kept(self):
        response = self.review(
            self.coordinator,
            decision="moderate",
            level="requires-improvement",
            reason="No manager oversight of the risk plan.",
        )
        self.assertRedirects(response, self.review_url())
        judgement = CaseJudgement.objects.get()
        self.assertEqual(judgement.level.key, "good")
        self.assertEqual(judgement.moderated_level.key, "requires-improvement")
        self.assertEqual(judgement.agreed_level.key, "requires-improvement")
        self.assertEqual(judgement.moderation_reason, "No manager oversight of the risk plan.")
        self.assertEqual(self.fresh().status, S.AGREED)
        page = self.client.get(self.review_url())
        self.assertContains(page, "First judgement")
        self.assertContains(page, "Moderated judgement")
        self.assertContains(page, "No manager oversight of the risk plan.")
        progress = self.client.get(reverse("audits:visit-progress", args=[self.visit.pk]))
        self.assertContains(progress, "Good, moderated to Requires improvement")

    def test_a_moderated_judgement_needs_a_level_and_a_reason(self):
        response = self.review(self.coordinator, decision="moderate")
        self.assertContains(response, "Give a reason for the auditor")
        self.assertContains(response, "Choose the moderated judgement")
        self.assertEqual(self.fresh().status, S.SUBMITTED)

    def test_moderating_to_the_same_judgement_says_to_agree_instead(self):
        response = self.review(self.co_auditor, decision="moderate", level="good", reason="Same.")
        self.assertContains(response, "Good is the judgement already given")
        self.assertEqual(self.fresh().status, S.SUBMITTED)

    def test_requesting_changes_needs_a_reason_and_reopens_the_case(self):
        response = self.review(self.co_auditor, decision="changes")
        self.assertContains(response, "Give a reason for the auditor")
        self.review(self.co_auditor, decision="changes", reason="Add the carer's view to t1.")
        case = self.fresh()
        self.assertEqual(case.status, S.CHANGES_REQUESTED)
        self.assertTrue(case.is_draft)
        question = Question.objects.get(tool=self.tool, key="t1-q1")
        services.save_answer(
            case=case,
            question=question,
            level=self.level("partly-met"),
            note="Carer's view recorded at review.",
            version=1,
            by=self.auditor,
        )
        services.submit_case(case=self.fresh(), by=self.auditor)
        self.assertEqual(
            list(ModerationEvent.objects.values_list("action", flat=True)),
            [Action.SUBMITTED, Action.CHANGES_REQUESTED, Action.SUBMITTED],
        )
        self.sign_in(self.auditor)
        self.assertContains(self.client.get(self.review_url()), "Add the carer&#x27;s view to t1.")

    def test_a_case_that_is_not_submitted_cannot_be_reviewed(self):
        self.review(self.co_auditor, decision="changes", reason="More evidence, please.")
        response = self.review(self.co_auditor, decision="agree")
        self.assertContains(
            response, "Only a submitted case can be reviewed; SAN-01 is changes requested."
        )

    def test_answers_cannot_change_while_the_case_is_under_review(self):
        question = Question.objects.get(tool=self.tool, key="t1-q1")
        with self.assertRaisesMessage(services.CaseAuditError, "has been submitted for review"):
            services.save_answer(
                case=self.fresh(),
                question=question,
                level=self.level("met"),
                note="Late edit.",
                version=1,
                by=self.auditor,
            )


class LockTests(ModerationTestCase):
    def lock(self, person):
        self.sign_in(person)
        url = reverse("audits:caseaudit-lock", args=[self.visit.pk, self.case.pk])
        return self.client.post(url, {STEP_CONFIRMED: "yes"}, follow=True)

    def test_the_lock_page_says_what_locking_does_before_it_locks(self):
        services.agree_case(case=self.fresh(), by=self.co_auditor)
        url = reverse("audits:caseaudit-lock", args=[self.visit.pk, self.case.pk])
        page = self.sign_in(self.coordinator).get(url)
        self.assertContains(page, "Lock SAN-01?")
        self.assertContains(page, "This cannot be undone")
        self.assertContains(page, "Yes, lock SAN-01")
        self.assertEqual(self.fresh().status, S.AGREED)

    def test_a_lock_posted_without_its_confirmation_page_changes_nothing(self):
        services.agree_case(case=self.fresh(), by=self.co_auditor)
        url = reverse("audits:caseaudit-lock", args=[self.visit.pk, self.case.pk])
        response = self.sign_in(self.coordinator).post(url)
        self.assertContains(response, "Nothing has changed yet")
        self.assertEqual(self.fresh().status, S.AGREED)

    def test_the_coordinator_locks_an_agreed_case(self):
        services.agree_case(case=self.fresh(), by=self.co_auditor)
        response = self.lock(self.coordinator)
        self.assertContains(response, "SAN-01 is locked.")
        self.assertEqual(self.fresh().status, S.LOCKED)

    def test_the_lead_auditor_may_lock_but_the_other_auditor_may_not(self):
        services.agree_case(case=self.fresh(), by=self.co_auditor)
        response = self.lock(self.co_auditor)
        self.assertContains(response, "Only the coordinator or the visit&#x27;s lead auditor")
        self.assertEqual(self.fresh().status, S.AGREED)
        self.lock(self.auditor)
        self.assertEqual(self.fresh().status, S.LOCKED)

    def test_the_lock_button_is_offered_only_to_those_who_may_lock(self):
        services.agree_case(case=self.fresh(), by=self.co_auditor)
        url = reverse("audits:caseaudit-review", args=[self.visit.pk, self.case.pk])
        self.assertNotContains(self.sign_in(self.co_auditor).get(url), "Lock SAN-01")
        self.assertContains(self.sign_in(self.auditor).get(url), "Lock SAN-01")
        self.assertContains(self.sign_in(self.coordinator).get(url), "Lock SAN-01")

    def test_a_case_is_locked_only_after_agreement(self):
        response = self.lock(self.coordinator)
        self.assertContains(response, "A case can be locked only after it has been agreed")
        self.assertEqual(self.fresh().status, S.SUBMITTED)

    def test_nothing_changes_in_a_locked_case(self):
        services.agree_case(case=self.fresh(), by=self.co_auditor)
        services.lock_case(case=self.fresh(), by=self.coordinator)
        self.sign_in(self.auditor)
        url = reverse("audits:answer-save", args=[self.visit.pk, self.case.pk, "t1-q1"])
        response = self.client.post(url, {"t1-q1-level": "met", "t1-q1-version": "1"})
        self.assertEqual(response.status_code, 403)
        self.assertNotContains(self.lock(self.coordinator), "Lock SAN-01")

    def test_two_reviewers_acting_at_once_cannot_both_move_the_case(self):
        stale = self.fresh()
        services.agree_case(case=self.fresh(), by=self.co_auditor)
        with self.assertRaisesMessage(services.CaseAuditError, "at the same time"):
            services.request_changes(case=stale, by=self.coordinator, reason="Too late.")
        self.assertEqual(self.fresh().status, S.AGREED)
