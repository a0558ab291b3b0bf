"""Every note field of the fieldwork refuses text that looks like a personal identifier,
keeps what was typed, names the suspect part, and lets the auditor confirm a false alarm
(recorded); ordinary practice notes pass untouched."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from audits.models import (
    ConcernEvent,
    Conversation,
    ConversationView,
    IdentifierConfirmation,
    ImmediateConcern,
    LearningAction,
    Recommendation,
    ThemeFinding,
)
from tests.audits.test_concerns import concern_data
from tests.audits.test_conversations import conversation_data
from tests.audits.test_learning_actions import action_data, make_action
from tests.audits.test_theme_findings import finding_data
from tests.base import VisitCastTestCase

# Suspect text of each kind the check looks for, and the part it should name.
NHS = ("NHS no 943 476 5919", "943 476 5919")
NI = ("NI number AB 12 34 56 C", "AB 12 34 56 C")
POSTCODE = ("lives near B69 3DE", "B69 3DE")
BIRTH = ("DOB 03/04/1948", "03/04/1948")
EMAIL = ("daughter on jo.bloggs@example.com", "jo.bloggs@example.com")
PHONE = ("rang 07700 900123", "07700 900123")
NAME = ("visited Mrs Patel at home", "Mrs Patel")

# Practice notes full of things that look a little like identifiers but are not.
ORDINARY = (
    "s.42 enquiry opened 12/03/2025 under the Care Act 2014; scored 3/4 at review; "
    "team 2 met on Ms Teams; Mrs A agreed the plan; WS2 locality; para 4.3.12."
)


@dataclass
class NoteField:
    """How to post one note field and find what it was saved on."""

    label: str
    suspect: tuple[str, str]
    post_name: str
    model_field: str
    url: str
    data: Callable[[], dict]
    saved: Callable[[], object]
    confirm_name: str = "confirm_not_identifiers"


class NoteIdentifierTests(VisitCastTestCase):
    visit_status = "on_site"

    def fields(self) -> list[NoteField]:
        visit = self.visit
        # Each page: its address and the rest of what its form needs.
        conversation = (
            reverse("audits:conversation-create", args=[visit.pk]),
            lambda: conversation_data(self),
        )
        finding = (
            reverse("audits:themefinding-edit", args=[visit.pk, "t1"]),
            lambda: finding_data(self, version=self.finding_version()),
        )
        recommendation = (
            reverse("audits:recommendation-create", args=[visit.pk]),
            lambda: {"text": "", "theme": ""},
        )
        new_action = (reverse("audits:learningaction-create"), lambda: action_data(visit))
        progress = (
            reverse("audits:learningaction-edit", args=[self.action.pk]),
            lambda: {
                "action": "Share the template.",
                "due_on_0": "30",
                "due_on_1": "6",
                "due_on_2": "2027",
                "status": "in_progress",
            },
        )
        concern = (
            reverse("audits:concern-raise", args=[visit.pk]),
            lambda: concern_data(self.cases[0]),
        )

        def new_concern():
            return ImmediateConcern.objects.exclude(pk=self.concern.pk).order_by("pk").last()

        def own_action():
            return LearningAction.objects.get(pk=self.action.pk)

        def note(label, suspect, field, page, saved, *, post_name=None, **extra) -> NoteField:
            return NoteField(label, suspect, post_name or field, field, *page, saved, **extra)

        return [
            note("conversation notes", NHS, "notes", conversation, Conversation.objects.last),
            note("who took part", NAME, "participants", conversation, Conversation.objects.last),
            note(
                "a theme's view summary",
                PHONE,
                "summary",
                conversation,
                ConversationView.objects.last,
                post_name="theme-t1-summary",
                confirm_name="theme-t1-confirm_not_identifiers",
            ),
            note("strengths", POSTCODE, "strengths", finding, ThemeFinding.objects.last),
            note(
                "areas for development",
                BIRTH,
                "areas_for_development",
                finding,
                ThemeFinding.objects.last,
            ),
            note("recommendation", EMAIL, "text", recommendation, Recommendation.objects.last),
            note("learning action", NI, "action", new_action, LearningAction.objects.last),
            note("learning action's progress note", NHS, "status_note", progress, own_action),
            note("concern: what the risk is", NAME, "risk", concern, new_concern),
            note("concern: what was done", PHONE, "action_taken", concern, new_concern),
        ]

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.action = make_action(cls.auditor, cls.visit)
        cls.concern = ImmediateConcern.objects.create(
            visit=cls.visit,
            case_file=cls.cases[3],
            risk="R.",
            action_taken="A.",
            raised_by=cls.auditor,
        )
        ConcernEvent.objects.create(concern=cls.concern, to_status="raised", by=cls.auditor)

    def finding_version(self) -> int:
        finding = ThemeFinding.objects.first()
        return finding.version if finding else 0

    def post(self, note: NoteField, text: str, *, confirm: bool = False):
        data = {**note.data(), note.post_name: text}
        if confirm:
            data[note.confirm_name] = "on"
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(note.url, data)

    def confirmations(self, obj, model_field):
        return IdentifierConfirmation.objects.filter(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            field=model_field,
        )

    def test_it_refuses_suspect_text_in_every_note_field_and_keeps_it(self):
        self.client.force_login(self.auditor)
        for note in self.fields():
            with self.subTest(field=note.label):
                before = note.saved()
                before_value = getattr(before, note.model_field, None) if before else None
                suspect, named = note.suspect
                text = f"Seen today; {suspect}."
                response = self.post(note, text)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "There is a problem")
                self.assertContains(response, "This looks like")
                self.assertContains(response, f"\u201c{named}\u201d")
                self.assertContains(response, "Seen today;")  # the text is kept
                self.assertContains(response, f'name="{note.confirm_name}"')
                after = note.saved()
                after_value = getattr(after, note.model_field, None) if after else None
                self.assertEqual(after_value, before_value, "nothing is stored")

    def test_a_confirmation_saves_the_text_and_is_recorded(self):
        self.client.force_login(self.auditor)
        for note in self.fields():
            with self.subTest(field=note.label):
                text = f"Seen today; {note.suspect[0]}."
                response = self.post(note, text, confirm=True)
                self.assertEqual(response.status_code, 302, note.label)
                saved = note.saved()
                self.assertEqual(getattr(saved, note.model_field), text)
                confirmation = self.confirmations(saved, note.model_field).get()
                self.assertEqual(confirmation.confirmed_by, self.auditor)

    def test_ordinary_practice_notes_pass_without_a_question(self):
        self.client.force_login(self.auditor)
        for note in self.fields():
            with self.subTest(field=note.label):
                response = self.post(note, ORDINARY)
                self.assertEqual(response.status_code, 302, note.label)
                saved = note.saved()
                self.assertEqual(getattr(saved, note.model_field), ORDINARY)
                self.assertFalse(self.confirmations(saved, note.model_field).exists())

    def test_the_host_psws_response_and_closing_note_are_checked_too(self):
        self.client.force_login(self.host_psw)
        acknowledge = reverse("audits:concern-acknowledge", args=[self.concern.pk])
        response = self.client.post(acknowledge, {"response": f"Called; {EMAIL[0]}."})
        self.assertContains(response, "an e-mail address")
        self.concern.refresh_from_db()
        self.assertEqual(self.concern.status, "raised")
        self.client.post(acknowledge, {"response": ORDINARY})
        self.concern.refresh_from_db()
        self.assertEqual((self.concern.status, self.concern.response), ("acknowledged", ORDINARY))
        close = reverse("audits:concern-close", args=[self.concern.pk])
        response = self.client.post(close, {"closure_note": f"Closed; {BIRTH[0]}."})
        self.assertContains(response, "a date of birth")
        self.client.post(
            close, {"closure_note": f"Closed; {BIRTH[0]}.", "confirm_not_identifiers": "on"}
        )
        self.concern.refresh_from_db()
        self.assertEqual(self.concern.status, "closed")
        self.assertTrue(self.confirmations(self.concern, "closure_note").exists())
        self.assertFalse(self.confirmations(self.concern, "response").exists())

    def test_every_form_has_a_real_submit_button(self):
        self.client.force_login(self.auditor)
        for note in self.fields():
            with self.subTest(field=note.label):
                page = self.client.get(note.url)
                self.assertRegex(
                    page.content.decode(), r'<button(?![^>]*type="button")[^>]*govuk-button'
                )
                self.assertNotContains(page, 'type=""')

    def test_the_confirmation_box_appears_only_when_something_was_flagged(self):
        self.client.force_login(self.auditor)
        page = self.client.get(reverse("audits:recommendation-create", args=[self.visit.pk]))
        self.assertNotContains(page, 'name="confirm_not_identifiers"')
