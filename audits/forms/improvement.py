"""Forms for the host's improvement plan. Every free-text field goes through the identifier
check (``audits.notes``), so a progress note cannot carry a person's name or NHS number."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Size
from django import forms

from auditportal.forms import DayMonthYearField

from ..models import PlanAction, Visit
from ..notes import NoteForm
from ..services.improvement import plan_owners


class PlanActionForm(NoteForm, forms.Form):
    identifier_checked_fields = ("action", "owner_role")
    submit_label = "Save action"

    action = forms.CharField(
        label="What will the council do?",
        widget=forms.Textarea,
        error_messages={"required": "Enter what the council will do"},
    )
    owner = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Who owns it? (optional)",
        empty_label="No named person",
        help_text="Someone from your council who has an account here.",
    )
    owner_role = forms.CharField(
        label="Or the owner's role (optional)",
        max_length=120,
        required=False,
        help_text="For example, Head of Adult Safeguarding. A role, never a name.",
    )
    due_on = DayMonthYearField(label="Due by", help_text="For example, 30 6 2027")

    def __init__(self, *args, visit: Visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = plan_owners(visit)
        self.fields["owner"].label_from_instance = lambda person: (
            f"{person.full_name}, {person.get_role_display()}"
        )
        self.fields["due_on"].error_messages.update(
            required="Enter the date it is due by", incomplete="Enter the due date in full"
        )

    def clean(self):
        cleaned = super().clean()
        cleaned["action"] = (cleaned.get("action") or "").strip()
        cleaned["owner_role"] = (cleaned.get("owner_role") or "").strip()
        if not cleaned.get("owner") and not cleaned["owner_role"] and "owner" not in self.errors:
            self.add_error("owner", "Choose who owns the action, or enter their role")
        return cleaned

    def layout_fields(self):
        return [
            Field.textarea("action", rows=4),
            Field.select("owner"),
            Field.text("owner_role"),
            "due_on",
        ]

    def action_values(self) -> dict:
        data = self.cleaned_data
        names = ("action", "owner", "owner_role", "due_on")
        return {name: data[name] for name in names}


class PlanActionUpdateForm(PlanActionForm):
    """Change an action, move its status and add a progress note, in one step."""

    identifier_checked_fields = ("action", "owner_role", "dropped_reason", "note")

    status = forms.ChoiceField(
        label="Where is it now?",
        choices=PlanAction.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the action is now"},
    )
    dropped_reason = forms.CharField(
        label="If dropped, why?",
        widget=forms.Textarea,
        required=False,
        help_text="Needed when the action is dropped; the coordinator and team will read it.",
    )
    note = forms.CharField(
        label="Progress note (optional)",
        widget=forms.Textarea,
        required=False,
        help_text="What has happened since the last update. It is kept with today's date.",
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["dropped_reason"] = (cleaned.get("dropped_reason") or "").strip()
        cleaned["note"] = (cleaned.get("note") or "").strip()
        dropped = cleaned.get("status") == PlanAction.Status.DROPPED
        if dropped and not cleaned["dropped_reason"]:
            self.add_error("dropped_reason", "Say why the action was dropped")
        return cleaned

    def layout_fields(self):
        return [
            *super().layout_fields(),
            Field.radios("status", legend_size=Size.SMALL, small=True),
            Field.textarea("dropped_reason", rows=3),
            Field.textarea("note", rows=3),
        ]

    def action_values(self) -> dict:
        data = self.cleaned_data
        names = ("status", "dropped_reason", "note")
        return {**super().action_values(), **{name: data[name] for name in names}}
