from allauth.account.forms import LoginForm, ReauthenticateForm
from crispy_forms_gds.helper import FormHelper
from django import forms
from django.db import models

from auditportal.forms import page_form_helper

from .models import Authority, SecurityEvent, User


class AuthorityForm(forms.ModelForm):
    class Meta:
        model = Authority
        fields = ["name", "ons_code", "kind", "retention_days"]
        help_texts = {"ons_code": "E followed by 8 digits, such as E08000027."}
        labels = {"retention_days": "Days case-level notes are kept after its visit closes"}

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region or getattr(self.instance, "region", None)
        self.helper = page_form_helper(*self.fields, button="Save council")

    def clean_ons_code(self):
        return self.cleaned_data["ons_code"].strip().upper()

    def save(self, commit=True):
        from django.utils.text import slugify

        authority = super().save(commit=False)
        authority.region = self.region
        if not authority.slug:
            authority.slug = slugify(authority.name)
        if commit:
            authority.save()
        return authority


class PersonForm(forms.ModelForm):
    """A coordinator adds or changes a person of their region."""

    class Meta:
        model = User
        fields = ["full_name", "email", "job_title", "role", "home_authority", "is_active"]
        labels = {"home_authority": "Home council", "is_active": "Can sign in"}

    def __init__(self, *args, editor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = editor
        authorities = Authority.objects.all()
        if not editor.is_platform_admin:
            authorities = authorities.filter(region_id=editor.region_id)
            # Only platform administrators create platform administrators.
            self.fields["role"].choices = [
                choice
                for choice in self.fields["role"].choices
                if choice[0] != User.Role.PLATFORM_ADMIN
            ]
        self.fields["home_authority"].queryset = authorities
        self.fields["home_authority"].empty_label = "None (regional staff)"
        if not editor.is_platform_admin:
            self.instance.region_id = self.instance.region_id or editor.region_id
        self.helper = page_form_helper(*self.Meta.fields, button="Save person")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        clash = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("Someone already signs in with this e-mail address.")
        return email

    def _post_clean(self):
        authority = self.cleaned_data.get("home_authority")
        if authority is not None:
            self.instance.region_id = authority.region_id
        elif self.editor.region_id:
            self.instance.region_id = self.instance.region_id or self.editor.region_id
        super()._post_clean()


class SignInForm(LoginForm):
    """allauth's sign-in form in the GOV.UK pattern: plain labels, no placeholders."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "E-mail address"
        self.fields.pop("remember", None)
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""
        self.helper = FormHelper()
        self.helper.form_tag = False


class SecurityEventFilterForm(forms.Form):
    """Filters for the security events page; every field may be left empty."""

    kind = forms.ChoiceField(label="What happened", required=False, choices=[("", "Anything")])
    person = forms.CharField(label="Name or e-mail address", required=False, max_length=150)
    since = forms.DateField(
        label="From (date)", required=False, help_text="For example, 27 3 2026 or 2026-03-27"
    )
    until = forms.DateField(label="To (date)", required=False, help_text="For example, 2026-04-30")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Anything"), *SecurityEvent.Kind.choices]
        for name in ("since", "until"):
            self.fields[name].input_formats = DATE_FORMATS
            self.fields[name].widget = forms.TextInput(attrs={"class": "govuk-input--width-10"})
            self.fields[name].error_messages["invalid"] = (
                "Enter the date as day, month and year, for example 27 3 2026 or 2026-03-27."
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The ‘to’ date must be the same as or after the ‘from’ date.")
        return data

    def filter(self, events):
        if not self.is_bound or not self.is_valid():
            return events
        data = self.cleaned_data
        if data["kind"]:
            events = events.filter(kind=data["kind"])
        if data["person"]:
            words = data["person"].strip()
            events = events.filter(
                models.Q(user__full_name__icontains=words) | models.Q(user__email__icontains=words)
            )
        if data["since"]:
            events = events.filter(occurred_at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(occurred_at__date__lte=data["until"])
        return events


DATE_FORMATS = ["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]


class ConfirmPasswordForm(ReauthenticateForm):
    """allauth's "enter your password again" in the GOV.UK pattern."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["password"]
        field.widget.attrs.pop("placeholder", None)
        field.help_text = ""
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
