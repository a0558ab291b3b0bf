"""Forms for scheduling visits, the team, the case sample, allocation and declarations.

Each form's ``save`` calls one service; a rule the service refuses comes back as an error on
the field it concerns, with what the person typed kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fieldset, Size
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.utils import ErrorDict
from django.utils.html import format_html

from auditportal.forms import DayMonthYearField, page_form_helper
from audits import sampling
from audits.confirmation import NOT_CONFIRMED, is_confirmed
from audits.models import AuditTool, CaseFile, Visit
from audits.models.visits import format_days, next_working_day
from audits.notes import CONFIRM_FIELD, IdentifierCheckedForm
from audits.services import sample, team_picker
from audits.services import visits as services
from authorities.models import Authority, User

# The name of the button that lists the team for the days typed, without saving.
SHOW_TEAM = "show_team"


class DomainForm:
    """Run a service and turn its ValidationError into errors on this form's fields."""

    def run(self, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                self.add_error(None, error)
                return None
            for name, messages in error.message_dict.items():
                target = name if name in self.fields else None
                for message in messages:
                    if target is None and name != NON_FIELD_ERRORS:
                        self.add_error(None, message)
                    else:
                        self.add_error(target, message)
            return None


class ConfirmableLayout:
    """A layout that offers the "not an identifier" confirmation only once text was flagged."""

    submit_label = "Save"

    def layout_fields(self) -> list:
        raise NotImplementedError

    @property
    def helper(self) -> FormHelper:
        fields = self.layout_fields()
        if getattr(self, "suspects", None):
            fields.append(Field.checkbox(CONFIRM_FIELD))
        return page_form_helper(*fields, Button("submit", self.submit_label))


class DayField(DayMonthYearField):
    """A GOV.UK date input with messages that say what to type."""

    def __init__(self, *, label: str, example: str = "9 3 2027", **kwargs):
        super().__init__(
            label=label, help_text=kwargs.pop("help_text", f"For example, {example}"), **kwargs
        )
        self.error_messages["required"] = f"Enter the {label.lower()}"
        self.error_messages["incomplete"] = f"Enter the {label.lower()} as a day, month and year"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name}, {obj.home_authority}" if obj.home_authority else obj.full_name


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name}, {obj.home_authority}" if obj.home_authority else obj.full_name


class VisitForm(DomainForm, forms.Form):
    """Schedule a visit, or change one: days, tool, agreement, team and peer challenge team."""

    host = forms.ModelChoiceField(
        queryset=Authority.objects.none(),
        label="Host council",
        empty_label="Choose a council",
        error_messages={"required": "Choose the council the team will visit"},
    )
    tool = forms.ModelChoiceField(
        queryset=AuditTool.objects.none(),
        label="Audit tool",
        empty_label=None,
        help_text="Published versions only. The tool is fixed once the team is on site.",
        error_messages={"required": "Choose the audit tool"},
    )
    first_day = DayField(label="First day on site")
    last_day = DayField(
        label="Last day on site",
        required=False,
        help_text="Leave empty for the next working day after the first day (Monday to Friday).",
    )
    peer_challenge_date = DayField(
        label="Peer challenge date",
        required=False,
        help_text="After the days on site. Leave empty if it is not fixed yet.",
    )
    data_sharing_reference = forms.CharField(
        label="Data-sharing agreement reference",
        max_length=100,
        required=False,
        help_text="Needed before the team is on site, such as DSA-2027-04.",
    )
    lead = PersonChoiceField(
        queryset=User.objects.none(),
        label="Lead auditor",
        empty_label="Choose a PSW",
        help_text="A PSW from another council. The lead takes the odd case when cases are shared.",
        error_messages={"required": "Choose the lead auditor"},
    )
    auditors = PeopleChoiceField(
        queryset=User.objects.none(),
        label="Other auditors",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Usually one more PSW from another council.",
    )
    peer_team = PeopleChoiceField(
        queryset=User.objects.none(),
        label="Peer challenge team members",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="They see the visit's dates and status, and later its issued report.",
    )

    def __init__(self, *args, coordinator: User, visit: Visit | None = None, **kwargs):
        self.visit = visit
        if visit is not None:
            links = list(visit.auditor_links.all())
            kwargs.setdefault(
                "initial",
                {
                    "tool": visit.tool_id,
                    "first_day": visit.first_day,
                    "last_day": visit.last_day,
                    "peer_challenge_date": visit.peer_challenge_date,
                    "data_sharing_reference": visit.data_sharing_reference,
                    "lead": next((link.auditor_id for link in links if link.is_lead), None),
                    "auditors": [link.auditor_id for link in links if not link.is_lead],
                    "peer_team": [person.pk for person in visit.peer_team.all()],
                },
            )
        super().__init__(*args, **kwargs)
        region_id = coordinator.region_id
        tools = AuditTool.objects.filter(region_id=region_id, status=AuditTool.Status.PUBLISHED)
        if visit is not None:
            tools = tools | AuditTool.objects.filter(pk=visit.tool_id)
        self.fields["tool"].queryset = tools.order_by("name", "-version")
        latest = self.fields["tool"].queryset.first()
        if visit is None and latest:
            self.fields["tool"].initial = latest.pk
        # Every PSW of the region is accepted, so a choice made on an old page gets a reason
        # from the team rules, not silence; the lists offer only the others' PSWs.
        psws = User.objects.filter(region_id=region_id, role=User.Role.PSW, is_active=True)
        self.fields["lead"].queryset = psws
        self.fields["auditors"].queryset = psws
        self.fields["peer_team"].queryset = User.objects.filter(
            region_id=region_id, role=User.Role.PEER_CHALLENGE, is_active=True
        )
        if visit is None:
            self.fields["host"].queryset = Authority.objects.filter(region_id=region_id)
        self._offer_team(region_id)
        if visit is not None:
            del self.fields["host"]
            if visit.status not in Visit.BEFORE_SITE:
                for name in ("tool", "lead", "auditors"):
                    self.fields[name].disabled = True
                self.fields[
                    "tool"
                ].help_text = "The tool and the team are fixed: the team is on site."
        self.helper = page_form_helper(
            *(["host"] if visit is None else []),
            Fieldset(
                Field("first_day"),
                Field("last_day"),
                Field("peer_challenge_date"),
                legend="When",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                HTML(self.team_hint),
                Field.select("lead"),
                Field.checkboxes("auditors", small=True),
                legend="Auditors",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.select("tool"),
                Field.text("data_sharing_reference", field_width=20),
                Field.checkboxes("peer_team", small=True),
                legend="Tool, agreement and peer challenge",
                legend_size=Size.MEDIUM,
            ),
            Button("submit", "Save visit" if visit else "Schedule visit"),
        )

    def is_valid(self) -> bool:
        # "Show who is free" sends the form only to list the team for the days typed so far.
        return not self.showing_team and super().is_valid()

    def full_clean(self):
        if self.showing_team:
            self._errors, self.cleaned_data = ErrorDict(), {}
            return
        super().full_clean()

    def _typed(self, name: str):
        """What was typed in ``name`` if it is valid on its own, else None."""
        if not self.is_bound or name not in self.fields or self.fields[name].disabled:
            return None
        try:
            return self.fields[name].clean(self[name].data)
        except ValidationError:
            return None

    def _offer_team(self, region_id: int) -> None:
        """List the PSWs of other councils than the host with their clashes and load."""
        self.showing_team = self.is_bound and bool(self.data.get(SHOW_TEAM))
        visit = self.visit
        host = visit.host if visit else self._typed("host")
        first_day = self._typed("first_day") or (visit.first_day if visit else None)
        last_day = self._typed("last_day") or (visit.last_day if visit else None)
        if first_day and (not last_day or last_day < first_day):
            last_day = next_working_day(first_day)
        candidates = team_picker.team_candidates(
            region_id=region_id,
            host_id=host.pk if host else None,
            first_day=first_day,
            last_day=last_day,
            visit=visit,
        )
        choices = [(c.person.pk, c.label) for c in candidates]
        # Only the lists change: what is accepted is still every PSW (see __init__).
        self.fields["lead"].choices = [("", "Choose a PSW"), *choices]
        self.fields["auditors"].choices = choices
        self.team_hint = _team_hint(host, first_day, last_day, offer=visit is None)

    def clean_data_sharing_reference(self):
        return self.cleaned_data["data_sharing_reference"].strip()

    def save(self, *, by: User) -> Visit | None:
        data = dict(self.cleaned_data)
        data["auditors"] = list(data.get("auditors") or [])
        data["peer_team"] = list(data.get("peer_team") or [])
        if self.visit is None:
            return self.run(lambda: services.schedule_visit(**data, by=by))
        return self.run(lambda: services.update_visit(visit=self.visit, **data, by=by))


def _team_hint(host, first_day, last_day, *, offer: bool) -> str:
    button = format_html(
        '<button type="submit" name="{}" value="yes" class="govuk-button '
        'govuk-button--secondary" data-module="govuk-button">Show who is free</button>',
        SHOW_TEAM,
    )
    if host and first_day:
        said = format_html(
            '<p class="govuk-body">PSWs from councils other than {}, with how many visits '
            "each has in {} and any visit of theirs that overlaps {}.</p>",
            host,
            first_day.year,
            format_days(first_day, last_day),
        )
        return said + (button if offer else "")
    return format_html(
        '<p class="govuk-body">Choose the council and the first day, then "Show who is free" '
        "to leave out the council's own PSWs and see who is on another visit then.</p>{}",
        button,
    )


class AdvanceForm(DomainForm, ConfirmableLayout, IdentifierCheckedForm, forms.Form):
    """Move a visit's status, with an optional note (required to cancel)."""

    identifier_checked_fields = ("note",)

    to = forms.ChoiceField(choices=Visit.Status.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label="Note (optional)",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the visit's history. Do not name people who receive care.",
    )

    def __init__(self, *args, visit: Visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit = visit
        to = self.data.get("to") or self.initial.get("to")
        if to == Visit.Status.CANCELLED:
            self.fields["note"].label = "Why is the visit cancelled?"
            self.fields["note"].required = True
            self.fields["note"].error_messages["required"] = "Say why the visit is cancelled"
        label = Visit.Status(to).label if to in Visit.Status.values else "the next step"
        self.submit_label = (
            "Cancel the visit" if to == Visit.Status.CANCELLED else f"Move to {label.lower()}"
        )

    def layout_fields(self) -> list:
        return [Field("to"), Field.textarea("note")]

    def clean(self):
        cleaned = super().clean()
        # A status never moves back, so a move is made only from the page that says so.
        if not is_confirmed(self.data):
            raise ValidationError(NOT_CONFIRMED)
        return cleaned

    def save(self, *, by: User):
        change = self.run(
            lambda: services.advance_visit(
                visit=self.visit,
                to=self.cleaned_data["to"],
                by=by,
                note=self.cleaned_data.get("note", ""),
            )
        )
        if change is not None:
            self.record_confirmations(change, by)
        return change


class CaseFileForm(DomainForm, forms.ModelForm):
    """One case of the sample: a pseudonymous reference and four non-identifying facts."""

    class Meta:
        model = CaseFile
        fields = ["reference", "case_type", "team", "primary_support_reason", "age_band"]
        labels = {"reference": "Pseudonymous reference", "team": "Team (optional)"}
        help_texts = {"team": "The team holding the case, such as Locality team North."}
        widgets = {
            "case_type": forms.RadioSelect,
            "age_band": forms.RadioSelect,
        }

    def __init__(self, *args, visit: Visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.visit = visit
        self.fields["case_type"].choices = CaseFile.CaseType.choices
        self.fields["age_band"].choices = CaseFile.AgeBand.choices
        self.fields["primary_support_reason"].choices = [
            ("", "Choose a support reason"),
            *CaseFile.SupportReason.choices,
        ]
        like = visit.example_reference()
        self.fields["reference"].help_text = (
            f"The key your council keeps the link to, such as {like}. "
            "Never a name, NHS number, date of birth or postcode."
        )
        for name, what in (
            ("reference", f"Enter the case's pseudonymous reference, such as {like}"),
            ("case_type", "Choose the case type"),
            ("primary_support_reason", "Choose the primary support reason"),
            ("age_band", "Choose the age band"),
        ):
            self.fields[name].error_messages["required"] = what
        self.helper = page_form_helper(
            Field.text("reference", field_width=10),
            Field.radios("case_type", legend_size=Size.SMALL, small=True),
            Field.text("team", field_width=20),
            Field.select("primary_support_reason"),
            Field.radios("age_band", legend_size=Size.SMALL, small=True, inline=True),
            Button("submit", "Save case"),
        )

    def save(self, *, by: User) -> CaseFile | None:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if self.instance.pk:
            return self.run(lambda: sample.update_case(case=self.instance, **data, by=by))
        return self.run(lambda: sample.add_case(visit=self.instance.visit, **data, by=by))


class SampleUploadForm(DomainForm, forms.Form):
    """Upload a CSV file with the whole sample; every problem is listed, nothing half-saved."""

    file = forms.FileField(
        label="Upload the sample as a CSV file",
        help_text=f"Up to {sampling.MAX_ROWS} cases, saved as “CSV UTF-8” from Excel.",
        error_messages={
            "required": "Choose the CSV file with the sample",
            "empty": "The file is empty: choose the CSV file with the sample",
        },
    )

    def __init__(self, *args, visit: Visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit = visit
        self.problems: list[sampling.Problem] = []
        self.rows: list[dict] = []
        self.helper = page_form_helper(Field("file"), Button("submit", "Upload sample"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        existing = self.visit.case_files.values_list("reference", flat=True)
        checked = sampling.read_sample(
            upload,
            existing_references=list(existing),
            example_reference=self.visit.example_reference(),
        )
        self.problems = checked.problems
        if len(checked.problems) == 1 and checked.problems[0].row in (None, 1):
            raise ValidationError(checked.problems[0].message + " Nothing has been saved.")
        if checked.problems:
            count = len(checked.problems)
            raise ValidationError(
                # Said where the table is by its heading, not "below": this message shows
                # both above the table (error summary) and under it (at the file field).
                f"The file has {count} problem{'s, each' if count != 1 else ','} shown with "
                "its row under “Problems in the file”. "
                f"Nothing has been saved: fix {'them' if count != 1 else 'it'} and upload the "
                "file again."
            )
        self.rows = checked.rows
        return upload

    def save(self, *, by: User):
        return self.run(lambda: sample.add_sample(visit=self.visit, rows=self.rows, by=by))


class AllocationForm(DomainForm, forms.Form):
    auditor = PersonChoiceField(
        queryset=User.objects.none(),
        label="Who audits this case?",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the auditor"},
    )

    def __init__(self, *args, case: CaseFile, **kwargs):
        super().__init__(*args, initial={"auditor": case.allocated_to_id}, **kwargs)
        self.case = case
        self.fields["auditor"].queryset = User.objects.filter(
            visit_links__visit=case.visit
        ).select_related("home_authority")
        self.helper = page_form_helper(
            Field.radios("auditor", legend_size=Size.MEDIUM), Button("submit", "Save")
        )

    def save(self, *, by: User):
        return self.run(
            lambda: sample.move_case(case=self.case, to=self.cleaned_data["auditor"], by=by)
        )


YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label: str, hint: str, required_message: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=hint,
        error_messages={"required": required_message},
    )


class CaseReferenceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.reference


class DeclarationForm(DomainForm, ConfirmableLayout, IdentifierCheckedForm, forms.Form):
    """An auditor's declaration of interests for one visit."""

    identifier_checked_fields = ("details",)
    submit_label = "Save declaration"

    worked_at_host_recently = _yes_no(
        "Have you worked at the host council in the last three years?",
        "As an employee, agency worker or consultant.",
        "Say whether you have worked at the host council in the last three years",
    )
    knows_someone = _yes_no(
        "Do you know a person or a worker on any of the cases?",
        "Family, friends, neighbours, or a worker you manage or have managed.",
        "Say whether you know a person or a worker on any of the cases",
    )
    conflicted_cases = CaseReferenceChoiceField(
        queryset=CaseFile.objects.none(),
        label="Which cases?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="These cases will go to your co-auditor. You can add cases later if you "
        "recognise someone on site.",
    )
    details = forms.CharField(
        label="Anything the coordinator should know (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Describe the link without naming anyone.",
    )

    def __init__(self, *args, visit: Visit, auditor: User, declaration=None, **kwargs):
        if declaration is not None:
            kwargs.setdefault(
                "initial",
                {
                    "worked_at_host_recently": "yes"
                    if declaration.worked_at_host_recently
                    else "no",
                    "knows_someone": "yes" if declaration.knows_someone else "no",
                    "conflicted_cases": [c.pk for c in declaration.conflicted_cases.all()],
                    "details": declaration.details,
                },
            )
        super().__init__(*args, **kwargs)
        self.visit, self.auditor = visit, auditor
        # Only references are shown here: pseudonymous keys, not the cases' details.
        self.fields["conflicted_cases"].queryset = visit.case_files.order_by("reference")
        if not visit.case_files.exists():
            del self.fields["conflicted_cases"]

    def layout_fields(self) -> list:
        fields = [
            Field.radios("worked_at_host_recently", legend_size=Size.SMALL, inline=True),
            Field.radios("knows_someone", legend_size=Size.SMALL, inline=True),
        ]
        if "conflicted_cases" in self.fields:
            fields.append(Field.checkboxes("conflicted_cases", legend_size=Size.SMALL, small=True))
        else:
            fields.append(
                HTML(
                    format_html(
                        '<p class="govuk-body">{}</p>',
                        "The host has not supplied the sample yet. If you recognise someone "
                        "later, change your declaration and tick the case.",
                    )
                )
            )
        fields.append(Field.textarea("details"))
        return fields

    def save(self):
        result = self.run(
            lambda: sample.record_declaration(
                visit=self.visit,
                auditor=self.auditor,
                worked_at_host_recently=self.cleaned_data["worked_at_host_recently"],
                knows_someone=self.cleaned_data["knows_someone"],
                details=self.cleaned_data.get("details", ""),
                conflicted_cases=self.cleaned_data.get("conflicted_cases") or [],
                by=self.auditor,
            )
        )
        if result is not None:
            self.record_confirmations(result.declaration, self.auditor)
        return result
