"""A case is submitted only when complete: required questions answered, an evidence note where
the answer needs one (either end of the scale, and not evidenced), and the judgement with a
rationale. Check your answers lists what is missing, linked to each question."""

from django.urls import reverse

from audits.completeness import COMPLETED, IN_PROGRESS, NOT_STARTED, check
from audits.models import CaseFile, ModerationEvent, Question, RatingLevel, Visit
from audits.services import casework as services
from tests.base import VisitCastTestCase
from tests.factories import declare_team, thawed


class SubmissionTestCase(VisitCastTestCase):
    visit_status = Visit.Status.ON_SITE

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        declare_team(cls.visit)
        cls.case = cls.cases[0]

    def fresh_case(self):
        return services.case_audits().get(pk=self.case.pk)

    def answer(self, key, level, note=""):
        question = Question.objects.get(tool=self.tool, key=key)
        services.save_answer(
            case=self.fresh_case(),
            question=question,
            level=RatingLevel.objects.get(scale=question.scale, key=level),
            note=note,
            version=0,
            by=self.auditor,
        )

    def judge(self, level="good", rationale="Sound and proportionate."):
        scale_level = RatingLevel.objects.get(scale__tool=self.tool, key=level)
        services.save_judgement(
            case=self.fresh_case(),
            level=scale_level,
            rationale=rationale,
            version=0,
            by=self.auditor,
        )

    def complete(self, skip=()):
        for theme in (1, 2):
            for q in (1, 2, 3):
                key = f"t{theme}-q{q}"
                if key not in skip:
                    self.answer(key, "partly-met")
        self.judge()

    def gaps(self):
        state = services.load_case_audit(self.fresh_case())
        return [gap.message for gap in state.completeness.gaps]


class CompletenessTests(SubmissionTestCase):
    def test_a_new_case_misses_every_required_answer_and_the_judgement(self):
        gaps = self.gaps()
        self.assertEqual(len(gaps), 8)
        self.assertIn("Choose an answer for: Question 1 of theme 1?", gaps)
        self.assertIn("Choose the overall judgement for the case", gaps)
        self.assertIn("Give a short rationale for the overall judgement", gaps)

    def test_a_complete_case_misses_nothing(self):
        self.complete()
        self.assertEqual(self.gaps(), [])

    def test_an_answer_at_either_end_of_the_scale_needs_an_evidence_note(self):
        self.complete(skip=("t1-q1", "t1-q2"))
        self.answer("t1-q1", "met")
        self.answer("t1-q2", "not-met", note="No review for two years.")
        self.assertEqual(
            self.gaps(),
            ["Add an evidence note, needed when the answer is Met, for: Question 1 of theme 1?"],
        )

    def test_not_evidenced_needs_a_note_and_not_applicable_does_not(self):
        self.complete(skip=("t1-q1", "t1-q2"))
        self.answer("t1-q1", "not-evidenced")
        self.answer("t1-q2", "not-applicable")
        self.assertEqual(len(self.gaps()), 1)
        self.assertIn("Not evidenced on file", self.gaps()[0])

    def test_an_optional_question_may_stay_unanswered_but_not_without_a_needed_note(self):
        with thawed(self.tool):
            Question.objects.filter(tool=self.tool, key__in=["t2-q3", "t2-q2"]).update(
                required=False
            )
        self.complete(skip=("t2-q3", "t2-q2"))
        self.assertEqual(self.gaps(), [])
        self.answer("t2-q2", "not-met")
        self.assertEqual(len(self.gaps()), 1)

    def test_a_required_text_question_needs_text(self):
        with thawed(self.tool):
            Question.objects.filter(tool=self.tool, key="t1-q3").update(
                answer_kind=Question.AnswerKind.TEXT, scale=None
            )
        self.complete(skip=("t1-q3",))
        self.assertEqual(self.gaps(), ["Write an answer for: Question 3 of theme 1?"])

    def test_a_judgement_without_a_rationale_is_incomplete(self):
        self.complete(skip=())
        state = services.load_case_audit(self.fresh_case())
        judgement = state.judgement
        judgement.rationale = "  "
        result = check(
            themes=state.themes,
            questions=state.questions,
            answers=state.answers,
            levels=state.levels,
            judgement=judgement,
        )
        self.assertEqual([gap.anchor for gap in result.gaps], ["judgement-rationale"])

    def test_each_section_says_not_yet_started_in_progress_or_completed(self):
        self.answer("t1-q1", "partly-met")
        status = services.load_case_audit(self.fresh_case()).completeness.section_status
        self.assertEqual(status, {"t1": IN_PROGRESS, "t2": NOT_STARTED, "judgement": NOT_STARTED})
        self.complete(skip=("t1-q1",))
        status = services.load_case_audit(self.fresh_case()).completeness.section_status
        self.assertEqual(set(status.values()), {COMPLETED})


class SubmitTests(SubmissionTestCase):
    def check_url(self):
        return reverse("audits:caseaudit-check", args=[self.visit.pk, self.case.pk])

    def test_it_lists_what_is_missing_theme_by_theme_and_offers_no_submit(self):
        self.answer("t1-q1", "met", note="Contact answered within the day.")
        self.sign_in(self.auditor)
        response = self.client.get(self.check_url())
        self.assertContains(response, "What is still to do before submitting the case")
        self.assertContains(
            response, "You cannot submit SAN-01 yet: 7 things still to do in 3 sections."
        )
        titles = [
            f"{item['section'].title}: {item['section'].count} to do"
            for item in response.context["sections"]
        ]
        self.assertEqual(
            titles, ["Theme 1: 2 to do", "Theme 2: 3 to do", "Overall judgement: 2 to do"]
        )
        self.assertContains(response, "?theme=t1#question-t1-q2")
        self.assertContains(response, "Go to Theme 2")
        self.assertNotContains(response, "Submit for review")
        self.assertNotContains(response, "Contact answered within the day.")  # answers come later

    def test_a_complete_case_shows_every_answer_and_the_submit_button(self):
        self.complete()
        self.sign_in(self.auditor)
        response = self.client.get(self.check_url())
        self.assertContains(response, "Check your answers before submitting the case")
        self.assertNotContains(response, "still to do")
        self.assertContains(response, "Submit for review")

    def test_it_groups_a_gap_of_a_section_the_tool_does_not_name_last(self):
        from audits.completeness import Gap
        from audits.services.check_answers import gaps_by_section

        themes = services.load_case_audit(self.fresh_case()).themes
        gaps = [
            Gap("judgement", "judgement-level", "Choose the judgement"),
            Gap("new-kind", "x", "Something new"),
            Gap("t2", "question-t2-q1", "Answer 2.1"),
            Gap("t1", "question-t1-q1", "Answer 1.1"),
            Gap("t2", "question-t2-q3", "Answer 2.3"),
        ]
        grouped = [(s.title, [g.message for g in s.gaps]) for s in gaps_by_section(gaps, themes)]
        self.assertEqual(
            grouped,
            [
                ("Theme 1", ["Answer 1.1"]),
                ("Theme 2", ["Answer 2.1", "Answer 2.3"]),
                ("Overall judgement", ["Choose the judgement"]),
                ("new-kind", ["Something new"]),
            ],
        )

    def test_it_refuses_an_incomplete_case_and_lists_what_is_missing_with_links(self):
        self.complete(skip=("t2-q2",))
        self.sign_in(self.auditor)
        response = self.client.post(self.check_url())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "There is a problem")
        self.assertContains(response, "SAN-01 cannot be submitted yet: 1 thing still to do.")
        detail = reverse("audits:caseaudit-detail", args=[self.visit.pk, self.case.pk])
        self.assertContains(
            response, f'href="{detail}?theme=t2#question-t2-q2">Choose an answer for:'
        )
        self.assertContains(response, '<a href="#still-to-do">SAN-01 cannot be submitted yet')
        self.assertEqual(self.fresh_case().status, CaseFile.Status.IN_PROGRESS)

    def test_it_links_a_missing_judgement_to_the_judgement_page(self):
        for theme in (1, 2):
            for q in (1, 2, 3):
                self.answer(f"t{theme}-q{q}", "partly-met")
        self.sign_in(self.auditor)
        response = self.client.post(self.check_url())
        judgement = reverse("audits:caseaudit-judgement", args=[self.visit.pk, self.case.pk])
        self.assertContains(response, f'href="{judgement}#judgement-level"')

    def test_it_submits_a_complete_case_and_records_who_did(self):
        self.complete()
        self.sign_in(self.auditor)
        response = self.client.post(self.check_url(), follow=True)
        self.assertRedirects(response, reverse("audits:visit-progress", args=[self.visit.pk]))
        self.assertContains(response, "SAN-01 has been submitted for review.")
        self.assertEqual(self.fresh_case().status, CaseFile.Status.SUBMITTED)
        event = ModerationEvent.objects.get()
        self.assertEqual((event.action, event.by), (ModerationEvent.Action.SUBMITTED, self.auditor))

    def test_a_submitted_case_cannot_be_submitted_again(self):
        self.complete()
        services.submit_case(case=self.fresh_case(), by=self.auditor)
        self.sign_in(self.auditor)
        response = self.client.post(self.check_url())
        self.assertContains(response, "SAN-01 cannot be submitted: it is submitted.")
        self.assertEqual(ModerationEvent.objects.count(), 1)

    def test_the_coordinator_cannot_submit(self):
        self.complete()
        self.sign_in(self.coordinator)
        self.assertEqual(self.client.post(self.check_url()).status_code, 403)
        self.assertNotContains(self.client.get(self.check_url()), "Submit for review")
