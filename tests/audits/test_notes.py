"""Every note field refuses text that looks like a personal identifier, keeping what was typed."""

from django import forms

from audits.models import IdentifierConfirmation
from audits.notes import CONFIRM_FIELD, IdentifierCheckedForm
from tests.base import CastTestCase


class NoteForm(IdentifierCheckedForm, forms.Form):
    identifier_checked_fields = ("note",)
    note = forms.CharField(widget=forms.Textarea)


class IdentifierCheckedFormTests(CastTestCase):
    def test_it_refuses_an_nhs_number_and_names_it(self):
        form = NoteForm({"note": "Seen at home. NHS no 943 476 5919."})
        self.assertFalse(form.is_valid())
        self.assertIn("NHS number", form.errors["note"][0])
        self.assertIn("943 476 5919", form.errors["note"][0])
        self.assertEqual(form["note"].value(), "Seen at home. NHS no 943 476 5919.")

    def test_it_accepts_ordinary_practice_notes(self):
        form = NoteForm({"note": "s.42 enquiry opened 12/03/2025; Care Act s.9 assessment; 3/4."})
        self.assertTrue(form.is_valid(), form.errors)

    def test_a_confirmation_lets_it_through_and_is_recorded_without_the_text(self):
        form = NoteForm({"note": "Met Mrs Patel, the team manager.", CONFIRM_FIELD: "on"})
        self.assertTrue(form.is_valid(), form.errors)
        form.record_confirmations(self.auditor, by=self.auditor)
        confirmation = IdentifierConfirmation.objects.get()
        self.assertEqual(confirmation.kinds, "personal name")
        self.assertEqual(confirmation.confirmed_by, self.auditor)
        self.assertNotIn("Patel", str(confirmation.__dict__))
