"""The filters of the regional learning pages: a year range and a tool version."""

from crispy_forms_gds.helper import FormHelper
from django import forms

from .learning import Filters, Options


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
