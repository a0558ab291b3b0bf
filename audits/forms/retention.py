"""The coordinator's legal hold on a visit: set with a reason, lifted with a reason."""

from crispy_forms_gds.layout import Field
from django import forms

from audits import retention
from audits.models import LegalHold, Visit
from audits.notes import NoteForm
from authorities.models import User

from .visits import DomainForm


class LegalHoldForm(DomainForm, NoteForm, forms.Form):
    identifier_checked_fields = ("reason",)

    reason = forms.CharField(
        max_length=retention.HOLD_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the reference of a complaint or an inquiry. Do not name people "
        "who receive care.",
    )

    def __init__(self, *args, visit: Visit, hold: LegalHold | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit, self.hold = visit, hold
        if hold is None:
            self.fields["reason"].label = "Why must the visit's notes be kept?"
            self.fields["reason"].error_messages["required"] = "Say why the notes must be kept"
            self.submit_label = "Put the visit on legal hold"
        else:
            self.fields["reason"].label = "Why is the hold no longer needed?"
            self.fields["reason"].error_messages["required"] = "Say why the hold can be lifted"
            self.submit_label = "Lift the legal hold"

    def layout_fields(self) -> list:
        return [Field.textarea("reason")]

    def save(self, *, by: User) -> LegalHold | None:
        reason = self.cleaned_data["reason"]
        if self.hold is None:
            hold = self.run(
                lambda: retention.set_legal_hold(visit=self.visit, reason=reason, by=by)
            )
        else:
            hold = self.run(
                lambda: retention.lift_legal_hold(visit=self.visit, reason=reason, by=by)
            )
        if hold is not None:
            self.record_confirmations(hold, by)
        return hold
