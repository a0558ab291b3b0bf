"""The filters of the coordinator's schedule of visits."""

from __future__ import annotations

from django import forms

from audits.models import Visit
from authorities.models import Authority


class ScheduleFilterForm(forms.Form):
    """The schedule's filters; an invalid choice is ignored rather than shown as an error."""

    year = forms.TypedChoiceField(label="Year", required=False, coerce=int, empty_value=None)
    council = forms.ModelChoiceField(
        queryset=Authority.objects.none(), label="Council", required=False, empty_label="All"
    )
    status = forms.ChoiceField(label="Status", required=False)
    mine = forms.BooleanField(label="Only my visits", required=False)

    def __init__(self, *args, region_id: int, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "All"), *[(y, str(y)) for y in years]]
        self.fields["council"].queryset = Authority.objects.filter(region_id=region_id)
        self.fields["status"].choices = [("", "All"), *Visit.Status.choices]
        for name in ["year", "council", "status"]:
            self.fields[name].widget.attrs["class"] = "govuk-select"
        self.fields["mine"].widget.attrs["class"] = "govuk-checkboxes__input"

    @property
    def selects(self):
        return [self[name] for name in ["year", "council", "status"]]

    def filter(self, visits, *, person):
        self.is_valid()  # keeps the valid filters in cleaned_data, drops the others
        data = self.cleaned_data
        if data.get("year"):
            visits = visits.filter(first_day__year=data["year"])
        if data.get("council"):
            visits = visits.filter(host=data["council"])
        if data.get("status"):
            visits = visits.filter(status=data["status"])
        if data.get("mine"):
            # The visits this person coordinates, audits or hosts.
            visits = visits.for_person(person)
        return visits
