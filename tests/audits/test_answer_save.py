"""Saving answers: one at a time through the autosave endpoint (JSON), or a whole theme with
the Save button that works without JavaScript; either way each save moves the version on."""

from django.urls import reverse

from audits.models import Answer, CaseFile, CaseJudgement, Question, Visit
from tests.base import VisitCastTestCase
from tests.factories import declare_team, thawed


class SaveTestCase(VisitCastTestCase):
    visit_status = Visit.Status.ON_SITE

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        declare_team(cls.visit)
        cls.case = cls.cases[0]

    def autosave(self, key, version=0, person=None, **fields):
        self.sign_in(person or self.auditor)
        data = {f"{key}-{name}": value for name, value in fields.items()}
        data[f"{key}-version"] = version
        url = reverse("audits:answer-save", args=[self.visit.pk, self.case.pk, key])
        return self.client.post(url, data)

    def section_url(self, theme="t1"):
        return (
            reverse("audits:caseaudit-detail", args=[self.visit.pk, self.case.pk])
            + f"?theme={theme}"
        )

    def section_data(self, theme="t1", **changes):
        """What the Save button posts for a theme as the page shows it now, plus changes."""
        self.sign_in(self.auditor)
        form = self.client.get(self.section_url(theme)).context["section"]
        data = {}
        for answer_form in form.forms:
            for name in answer_form.fields:
                value = answer_form[name].value()
                if value is not None and value is not False:
                    data[answer_form.add_prefix(name)] = value
        data.update(changes)
        return data


class AutosaveTests(SaveTestCase):
    def test_it_saves_an_answer_and_says_which_version_is_stored(self):
        response = self.autosave("t1-q1", level="met", note="Contact answered the same day.")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual((body["status"], body["version"]), ("saved", 1))
        answer = Answer.objects.get()
        self.assertEqual((answer.level.key, answer.note), ("met", "Contact answered the same day."))
        self.assertEqual((answer.version, answer.updated_by), (1, self.auditor))
        self.assertEqual(body["digest"], answer.digest)

    def test_each_save_moves_the_version_on(self):
        self.autosave("t1-q1", level="met", note="First note.")
        response = self.autosave("t1-q1", version=1, level="met", note="First note, longer.")
        self.assertEqual(response.json()["version"], 2)
        self.assertEqual(Answer.objects.get().note, "First note, longer.")

    def test_it_marks_a_case_in_progress_on_its_first_answer(self):
        self.assertEqual(self.case.status, CaseFile.Status.NOT_STARTED)
        self.autosave("t1-q1", level="partly-met")
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, CaseFile.Status.IN_PROGRESS)

    def test_a_retried_save_of_the_same_text_is_not_a_conflict(self):
        """The response to a save can be lost on patchy Wi-Fi; the script sends it again."""
        first = self.autosave("t1-q1", level="met", note="Seen at home.")
        again = self.autosave("t1-q1", level="met", note="Seen at home.")
        self.assertEqual(again.status_code, 200)
        self.assertEqual(again.json()["version"], first.json()["version"])
        self.assertEqual(Answer.objects.get().version, 1)

    def test_it_saves_a_free_text_answer(self):
        with thawed(self.tool):
            Question.objects.filter(tool=self.tool, key="t1-q3").update(
                answer_kind=Question.AnswerKind.TEXT, scale=None
            )
        response = self.autosave("t1-q3", text="Long-term locality team.")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Answer.objects.get().text, "Long-term locality team.")

    def test_it_refuses_a_level_from_another_scale(self):
        response = self.autosave("t1-q1", level="outstanding")
        self.assertEqual(response.status_code, 422)
        self.assertIn("Choose one of the answers offered", response.json()["message"])
        self.assertFalse(Answer.objects.exists())

    def test_it_answers_an_unknown_question_with_not_found(self):
        self.assertEqual(self.autosave("no-such-question", level="met").status_code, 404)

    def test_it_refuses_saves_to_a_submitted_case_and_says_why(self):
        CaseFile.objects.filter(pk=self.case.pk).update(status=CaseFile.Status.SUBMITTED)
        response = self.autosave("t1-q1", level="met", note="Late thought.")
        self.assertEqual(response.status_code, 422)
        self.assertIn("has been submitted for review", response.json()["message"])
        self.assertFalse(Answer.objects.exists())

    def test_it_only_accepts_posts(self):
        self.sign_in(self.auditor)
        url = reverse("audits:answer-save", args=[self.visit.pk, self.case.pk, "t1-q1"])
        self.assertEqual(self.client.get(url).status_code, 405)

    def test_it_saves_the_judgement(self):
        self.sign_in(self.auditor)
        url = reverse("audits:judgement-save", args=[self.visit.pk, self.case.pk])
        response = self.client.post(
            url,
            {
                "judgement-level": "requires-improvement",
                "judgement-rationale": "Assessment sound, review overdue.",
                "judgement-version": "0",
            },
        )
        self.assertEqual(response.status_code, 200, response.content)
        judgement = CaseJudgement.objects.get()
        self.assertEqual(judgement.level.key, "requires-improvement")
        self.assertEqual(judgement.rationale, "Assessment sound, review overdue.")

    def test_a_save_costs_the_same_queries_whatever_the_visit_holds(self):
        self.autosave("t1-q1", level="met", note="First.")
        url = reverse("audits:answer-save", args=[self.visit.pk, self.case.pk, "t1-q1"])
        data = {"t1-q1-level": "met", "t1-q1-note": "Second.", "t1-q1-version": 1}
        # session, user, case (with the change check), question, levels, answer for the
        # form, savepoint, answer again, conditional update, trail entry, release savepoint,
        # then the theme's questions and the case's answers to them for its new status
        with self.assertNumQueries(13):
            response = self.client.post(url, data)
        self.assertEqual(response.json()["version"], 2)


class SaveButtonTests(SaveTestCase):
    def test_it_saves_the_section_and_keeps_the_auditor_on_it_with_a_saved_banner(self):
        data = self.section_data(**{"t1-q1-level": "met", "t1-q1-note": "Seen on file."})
        response = self.client.post(self.section_url(), data, follow=True)
        self.assertRedirects(response, self.section_url())
        self.assertContains(response, "govuk-notification-banner--success")
        self.assertContains(response, "Saved: Theme 1")
        self.assertEqual(Answer.objects.get().note, "Seen on file.")

    def test_it_saves_several_answers_at_once(self):
        data = self.section_data(
            **{"t1-q1-level": "met", "t1-q1-note": "Seen.", "t1-q2-level": "partly-met"}
        )
        self.client.post(self.section_url(), data)
        self.assertEqual(
            dict(Answer.objects.values_list("question__key", "level__key")),
            {"t1-q1": "met", "t1-q2": "partly-met"},
        )

    def test_it_does_not_save_questions_the_auditor_left_alone(self):
        data = self.section_data(**{"t1-q1-level": "partly-met"})
        self.client.post(self.section_url(), data)
        self.assertEqual(list(Answer.objects.values_list("question__key", flat=True)), ["t1-q1"])

    def test_it_saves_the_judgement_section(self):
        self.sign_in(self.auditor)
        url = reverse("audits:caseaudit-judgement", args=[self.visit.pk, self.case.pk])
        response = self.client.post(
            url,
            {
                "judgement-level": "good",
                "judgement-rationale": "Proportionate work, person's voice clear.",
                "judgement-strength": "Strengths-based conversation recorded.",
                "judgement-improvement": "Record the manager's decisions.",
                "judgement-version": "0",
                "judgement-digest": "untouched-digest",
            },
            follow=True,
        )
        self.assertRedirects(response, url)
        self.assertContains(response, "Saved: overall judgement")
        judgement = CaseJudgement.objects.get()
        self.assertEqual(judgement.level.key, "good")
        self.assertEqual(judgement.improvement, "Record the manager's decisions.")

    def test_it_refuses_the_section_of_a_submitted_case_with_the_reason(self):
        data = self.section_data(**{"t1-q1-level": "met", "t1-q1-note": "Seen."})
        CaseFile.objects.filter(pk=self.case.pk).update(status=CaseFile.Status.SUBMITTED)
        response = self.client.post(self.section_url(), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "has been submitted for review")
        self.assertFalse(Answer.objects.exists())
