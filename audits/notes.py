"""No personal identifiers in free text: the check every note field goes through.

A form that mixes in ``IdentifierCheckedForm`` and lists its note fields in
``identifier_checked_fields`` refuses text that looks like an NHS number, National
Insurance number, postcode, date of birth, e-mail address, phone number or titled name.
The form comes back with the text intact and the suspect part named; the person either
edits it or ticks "confirm" and saves again, and ``record_confirmations`` keeps who did so.
"""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field
from django import forms
from django.contrib.contenttypes.models import ContentType

from auditportal.forms import page_form_helper

from .identifiers import SuspectIdentifier, describe, find_identifiers
from .models.notes import IdentifierConfirmation

CONFIRM_FIELD = "confirm_not_identifiers"


class IdentifierCheckedForm:
    """Mix in before the form class: ``class NoteForm(IdentifierCheckedForm, forms.ModelForm)``."""

    identifier_checked_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.suspects: dict[str, list[SuspectIdentifier]] = {}
        self.fields[CONFIRM_FIELD] = forms.BooleanField(
            required=False,
            label="I have checked the highlighted text: it is not a personal identifier",
        )

    def clean(self):
        cleaned = super().clean()
        confirmed = cleaned.get(CONFIRM_FIELD)
        for name in self.identifier_checked_fields:
            found = find_identifiers(cleaned.get(name) or "")
            if not found:
                continue
            self.suspects[name] = found
            if not confirmed:
                self.add_error(name, describe(found))
        return cleaned

    @property
    def needs_confirmation(self) -> bool:
        """True when the only thing in the way is text the person may confirm."""
        return bool(self.suspects)

    def record_confirmations(self, obj, by) -> None:
        """Keep who confirmed that flagged text on ``obj`` is not an identifier."""
        if not self.cleaned_data.get(CONFIRM_FIELD):
            return
        content_type = ContentType.objects.get_for_model(obj)
        for name, found in self.suspects.items():
            IdentifierConfirmation.objects.create(
                content_type=content_type,
                object_id=obj.pk,
                field=name,
                kinds=", ".join(sorted({s.kind for s in found})),
                confirmed_by=by,
            )


def check_text(text: str) -> str | None:
    """The message for text with suspected identifiers, or None; for fields outside forms."""
    found = find_identifiers(text or "")
    return describe(found) if found else None


class NoteForm(IdentifierCheckedForm):
    """Lays the form out with the confirmation box only when the check flagged something."""

    submit_label: str | None = "Save"

    def layout_fields(self) -> list:
        return [name for name in self.fields if name != CONFIRM_FIELD]

    @property
    def helper(self) -> FormHelper:
        fields = self.layout_fields()
        if self.needs_confirmation:
            fields.append(Field.checkbox(CONFIRM_FIELD))
        return page_form_helper(*fields, button=self.submit_label)
