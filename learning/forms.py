"""The forms of the regional learning pages: the dashboard's filters (a year range and a tool
version), the learning actions register's filters, and the coordinator's follow-up note."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field
from django import forms

from audits.models import LearningAction
from audits.notes import NoteForm

from .source import Filters, Options


class LearningFilterForm(forms.Form):
    year_from = forms.TypedChoiceField(label="From", coerce=int, required=False, empty_value=None)
    year_to = forms.TypedChoiceField(label="To", coerce=int, required=False, empty_value=None)
    tool = forms.TypedChoiceField(label="Audit tool", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, options: Options, **kwargs):
        super().__init__(*args, **kwargs)
        years = [(year, str(year)) for year in options.years]
        self.fields["year_from"].choices = [("", "The first year"), *years]
        self.fields["year_to"].choices = [("", "The latest year"), *years]
        self.fields["tool"].choices = [("", "All tools and versions")] + [
            (tool.pk, str(tool)) for tool in options.tools
        ]
        self.helper = FormHelper()  # the page writes the form tag and the button

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start and end and start > end:
            self.add_error("year_to", "Choose a year that is the same as or after the first year.")
        return cleaned

    def filters(self) -> Filters:
        """The chosen filters, or none where the form has errors."""
        if not self.is_bound or not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(data["year_from"], data["year_to"], data["tool"])


class ActionFilterForm(forms.Form):
    """The register's filters; read from the query string, so a filtered list can be shared."""

    council = forms.TypedChoiceField(label="Council", coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(label="Status", required=False)
    overdue = forms.BooleanField(label="Only overdue actions", required=False)

    def __init__(self, *args, councils: list[tuple[int, str]] | None, **kwargs):
        super().__init__(*args, **kwargs)
        if councils is None:  # one council's actions only: nothing to choose
            del self.fields["council"]
        else:
            self.fields["council"].choices = [("", "Every council"), *councils]
        self.fields["status"].choices = [("", "Any status"), *LearningAction.Status.choices]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def apply(self, actions):
        """The actions that match the filters; all of them while the form has errors."""
        if not self.is_bound or not self.is_valid():
            return actions
        data = self.cleaned_data
        if data.get("council"):
            actions = actions.filter(council_id=data["council"])
        if data.get("status"):
            actions = actions.filter(status=data["status"])
        if data.get("overdue"):
            actions = actions.filter(LearningAction.overdue_on())
        return actions


class FollowUpForm(NoteForm, forms.Form):
    identifier_checked_fields = ("note",)
    submit_label = "Save follow-up"

    note = forms.CharField(
        label="What did you ask or agree?",
        help_text="For example: chased by e-mail; the owner expects to finish by the end of June.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what you asked or agreed"},
    )

    def layout_fields(self):
        return [Field.textarea("note", rows=4)]
