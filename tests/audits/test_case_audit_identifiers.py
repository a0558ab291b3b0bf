"""Every note field of a case audit refuses text that looks like a personal identifier, keeps
what was typed, points at the suspect part, and lets the auditor confirm it is not one."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from audits.models import (
    Answer,
    CaseJudgement,
    IdentifierConfirmation,
    ModerationEvent,
    Question,
    RatingLevel,
    Visit,
)
from audits.notes import CONFIRM_FIELD
from audits.services import casework as services
from tests.base import VisitCastTestCase
from tests.factories import declare_team, thawed

# True positives: each is an identifier of a different kind.
NHS_NOTE = "Seen at home; NHS no 943 476 5919 on the front sheet."
POSTCODE_NOTE = "Lives near B69 3DE with her son."
TITLED_NAME = "Discussed with Mrs Patel's daughter."
EMAIL = "Referral came from someone@example.org on the duty line."
PHONE = "Carer rang from 0121 496 0123 twice."
BIRTH_DATE = "Born 03/04/1948, lives alone."
NI_NUMBER = "Benefit letter shows AB 12 34 56 C."
# False positives the check must let through: practice shorthand, dates of meetings.
PRACTICE_NOTE = "s.42 enquiry opened 12/03/2025; Care Act s.9 assessment; scored 3/4."


class IdentifierTestCase(VisitCastTestCase):
    visit_status = Visit.Status.ON_SITE

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        declare_team(cls.visit)
        cls.case = cls.cases[0]
        with thawed(cls.tool):
            Question.objects.filter(tool=cls.tool, key="t1-q3").update(
                answer_kind=Question.AnswerKind.TEXT, scale=None
            )

    def autosave(self, key, confirm=False, version=0, **fields):
        self.sign_in(self.auditor)
        data = {f"{key}-{name}": value for name, value in fields.items()}
        data[f"{key}-version"] = version
        if confirm:
            data[f"{key}-{CONFIRM_FIELD}"] = "on"
        url = reverse("audits:answer-save", args=[self.visit.pk, self.case.pk, key])
        return self.client.post(url, data)

    def confirmations(self, model):
        return IdentifierConfirmation.objects.filter(
            content_type=ContentType.objects.get_for_model(model)
        )


class EvidenceNoteTests(IdentifierTestCase):
    def test_autosave_refuses_an_nhs_number_names_it_and_stores_nothing(self):
        response = self.autosave("t1-q1", level="met", note=NHS_NOTE)
        self.assertEqual(response.status_code, 422)
        body = response.json()
        self.assertIn("NHS number", body["message"])
        self.assertIn("943 476 5919", body["message"])
        self.assertTrue(body["needs_confirmation"])
        self.assertEqual(body["confirm_field"], f"t1-q1-{CONFIRM_FIELD}")
        self.assertFalse(Answer.objects.exists())

    def test_a_confirmed_autosave_passes_and_the_confirmation_is_kept(self):
        response = self.autosave("t1-q1", confirm=True, level="met", note=POSTCODE_NOTE)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Answer.objects.get().note, POSTCODE_NOTE)
        confirmation = self.confirmations(Answer).get()
        self.assertEqual(
            (confirmation.field, confirmation.kinds, confirmation.confirmed_by),
            ("note", "postcode", self.auditor),
        )
        self.assertEqual(confirmation.object_id, Answer.objects.get().pk)

    def test_ordinary_practice_shorthand_is_not_flagged(self):
        response = self.autosave("t1-q1", level="met", note=PRACTICE_NOTE)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Answer.objects.get().note, PRACTICE_NOTE)
        self.assertFalse(IdentifierConfirmation.objects.exists())

    def test_a_confirmed_note_is_not_flagged_again_when_only_the_answer_changes(self):
        self.autosave("t1-q1", confirm=True, level="met", note=TITLED_NAME)
        response = self.autosave("t1-q1", version=1, level="not-met", note=TITLED_NAME)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Answer.objects.get().level.key, "not-met")

    def test_the_save_button_brings_the_section_back_with_the_text_and_a_confirm_box(self):
        self.sign_in(self.auditor)
        url = reverse("audits:caseaudit-detail", args=[self.visit.pk, self.case.pk]) + "?theme=t1"
        data = {
            "t1-q1-level": "met",
            "t1-q1-note": EMAIL,
            "t1-q1-version": 0,
            "t1-q2-version": 0,
            "t1-q3-version": 0,
        }
        response = self.client.post(url, data)
        self.assertContains(response, "There is a problem")
        self.assertContains(response, "This looks like an e-mail address: “someone@example.org”")
        self.assertContains(response, f">{EMAIL}</textarea>")
        self.assertContains(response, '<div class="govuk-form-group" data-confirm>')
        self.assertFalse(Answer.objects.exists())
        response = self.client.post(url, {**data, f"t1-q1-{CONFIRM_FIELD}": "on"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.confirmations(Answer).get().kinds, "e-mail address")


class TextAnswerTests(IdentifierTestCase):
    def test_a_text_answer_with_a_titled_name_is_refused_then_confirmed(self):
        response = self.autosave("t1-q3", text=TITLED_NAME)
        self.assertEqual(response.status_code, 422)
        self.assertIn("personal name", response.json()["message"])
        response = self.autosave("t1-q3", confirm=True, text=TITLED_NAME)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.confirmations(Answer).get().field, "text")

    def test_a_text_answer_naming_a_team_is_fine(self):
        response = self.autosave("t1-q3", text="Hospital discharge team, then long-term team 2.")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            Answer.objects.get().text, "Hospital discharge team, then long-term team 2."
        )
        self.assertFalse(IdentifierConfirmation.objects.exists())


class JudgementTests(IdentifierTestCase):
    def post(self, confirm=False, **fields):
        self.sign_in(self.auditor)
        data = {f"judgement-{name}": value for name, value in fields.items()}
        data["judgement-version"] = 0
        if confirm:
            data[f"judgement-{CONFIRM_FIELD}"] = "on"
        url = reverse("audits:caseaudit-judgement", args=[self.visit.pk, self.case.pk])
        return self.client.post(url, data)

    def test_each_judgement_field_is_checked(self):
        fields = {"rationale": PHONE, "strength": BIRTH_DATE, "improvement": NI_NUMBER}
        response = self.post(level="good", **fields)
        self.assertEqual(response.status_code, 200)
        for kind, text in (
            ("a phone number", PHONE),
            ("a date of birth", BIRTH_DATE),
            ("a National Insurance number", NI_NUMBER),
        ):
            with self.subTest(kind=kind):
                self.assertContains(response, f"This looks like {kind}")
                self.assertContains(response, f">{text}</textarea>")
        self.assertFalse(CaseJudgement.objects.exists())

    def test_confirming_saves_them_and_records_each_field(self):
        fields = {"rationale": PHONE, "strength": BIRTH_DATE, "improvement": NI_NUMBER}
        self.assertEqual(self.post(confirm=True, level="good", **fields).status_code, 302)
        self.assertEqual(CaseJudgement.objects.get().strength, BIRTH_DATE)
        self.assertEqual(
            set(self.confirmations(CaseJudgement).values_list("field", "kinds")),
            {
                ("rationale", "phone number"),
                ("strength", "date of birth"),
                ("improvement", "National Insurance number"),
            },
        )

    def test_ordinary_judgement_text_passes(self):
        response = self.post(
            level="good", rationale=PRACTICE_NOTE, strength="Warm, clear letters.", improvement="-"
        )
        self.assertEqual(response.status_code, 302)
        judgement = CaseJudgement.objects.get()
        self.assertEqual(
            (judgement.rationale, judgement.strength), (PRACTICE_NOTE, "Warm, clear letters.")
        )
        self.assertFalse(IdentifierConfirmation.objects.exists())

    def test_the_judgement_autosave_checks_too(self):
        self.sign_in(self.auditor)
        url = reverse("audits:judgement-save", args=[self.visit.pk, self.case.pk])
        data = {"judgement-level": "good", "judgement-rationale": NHS_NOTE, "judgement-version": 0}
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 422)
        self.assertIn("judgement-rationale", response.json()["errors"])


class ModerationReasonTests(IdentifierTestCase):
    def setUp(self):
        case = services.case_audits().get(pk=self.case.pk)
        for question in Question.objects.filter(tool=self.tool):
            services.save_answer(
                case=case,
                question=question,
                level=question.scale.levels.get(key="partly-met") if question.scale else None,
                text="Locality team." if question.answer_kind == "text" else "",
                version=0,
                by=self.auditor,
            )
        level = RatingLevel.objects.get(scale__tool=self.tool, key="good")
        services.save_judgement(
            case=case, level=level, rationale="Sound.", version=0, by=self.auditor
        )
        services.submit_case(case=services.case_audits().get(pk=self.case.pk), by=self.auditor)

    def review(self, confirm=False, **data):
        self.sign_in(self.co_auditor)
        if confirm:
            data[CONFIRM_FIELD] = "on"
        url = reverse("audits:caseaudit-review", args=[self.visit.pk, self.case.pk])
        return self.client.post(url, data)

    def test_a_reason_for_changes_is_checked_and_can_be_confirmed(self):
        response = self.review(decision="changes", reason=TITLED_NAME)
        self.assertContains(response, "This looks like a personal name")
        self.assertContains(response, TITLED_NAME.replace("'", "&#x27;"))
        self.assertFalse(ModerationEvent.objects.exclude(action="submitted").exists())
        self.assertEqual(
            self.review(confirm=True, decision="changes", reason=TITLED_NAME).status_code, 302
        )
        event = ModerationEvent.objects.get(action="changes_requested")
        self.assertEqual(self.confirmations(ModerationEvent).get().object_id, event.pk)

    def test_a_reason_for_a_moderated_judgement_is_checked(self):
        response = self.review(decision="moderate", level="inadequate", reason=NI_NUMBER)
        self.assertContains(response, "This looks like a National Insurance number")
        self.assertEqual(CaseJudgement.objects.get().moderated_level, None)

    def test_an_ordinary_reason_passes(self):
        response = self.review(decision="changes", reason=PRACTICE_NOTE)
        self.assertEqual(response.status_code, 302)
        self.assertFalse(IdentifierConfirmation.objects.exists())
