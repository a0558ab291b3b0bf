"""Forms for conversations, theme findings, recommendations, learning actions and concerns.

Every free-text field goes through the identifier check (``audits.notes``): the form comes
back with the text intact, the suspect part named, and a box to confirm it is not an
identifier, shown only where something was flagged.
"""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from auditportal.forms import DayMonthYearField
from authorities.models import User

from ..models import (
    CaseFile,
    Conversation,
    LearningAction,
    RatingLevel,
    RatingScale,
    Theme,
    Visit,
)
from ..models.fieldwork import LEARNING_FROM
from ..notes import NoteForm
from ..services.fieldwork import ThemeView


def judgement_levels(visit: Visit) -> list[RatingLevel]:
    return list(
        RatingLevel.objects.filter(
            scale__tool_id=visit.tool_id, scale__purpose=RatingScale.Purpose.JUDGEMENT
        ).order_by("position", "pk")
    )


def _date_field(label: str, help_text: str) -> DayMonthYearField:
    field = DayMonthYearField(label=label, help_text=help_text)
    field.error_messages.update(
        required=f"Enter the {label.lower()}", incomplete=f"Enter the {label.lower()} in full"
    )
    return field


def _level_choices(levels: list[RatingLevel], empty: str | None = None) -> list[tuple]:
    choices = [(level.pk, level.label) for level in levels]
    return [("", empty), *choices] if empty is not None else choices


# --- Conversations ----------------------------------------------------------------------


class ConversationForm(NoteForm, forms.ModelForm):
    identifier_checked_fields = ("participants", "notes")
    submit_label = None  # one button for the conversation and its views

    held_on = _date_field("Date", "For example, 9 3 2027")

    class Meta:
        model = Conversation
        fields = ["group", "held_on", "participants", "held_by", "notes"]
        widgets = {"group": forms.RadioSelect, "held_by": forms.CheckboxSelectMultiple}
        error_messages = {
            "group": {"required": "Choose who the conversation was with"},
            "held_by": {"required": "Choose who held the conversation"},
        }

    def __init__(self, *args, visit: Visit, by: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [
            (value, f"{label} – {Conversation.GROUP_HINTS[value]}")
            for value, label in Conversation.Group.choices
        ]
        self.fields["held_by"].queryset = User.objects.filter(visit_links__visit=visit)
        self.fields["held_by"].label = "Held by"
        if not self.instance.pk:
            self.initial.setdefault("held_by", [by.pk])

    def layout_fields(self):
        return [
            Field.radios("group", legend_size=Size.MEDIUM),
            "held_on",
            "participants",
            Field.checkboxes("held_by", small=True),
            Field.textarea("notes", rows=6),
        ]


class ConversationViewForm(NoteForm, forms.Form):
    """The view expressed about one theme, or "not discussed"."""

    identifier_checked_fields = ("summary",)
    submit_label = None

    level = forms.TypedChoiceField(coerce=int, required=False, label="View expressed")
    summary = forms.CharField(required=False, widget=forms.Textarea, label="Summary")

    def __init__(self, *args, theme: Theme, levels: list[RatingLevel], **kwargs):
        super().__init__(*args, **kwargs)
        self.theme = theme
        self.levels = {level.pk: level for level in levels}
        self.fields["level"].choices = _level_choices(levels, empty="Not discussed")

    def clean(self):
        cleaned = super().clean()
        level, summary = cleaned.get("level"), (cleaned.get("summary") or "").strip()
        if level and not summary:
            self.add_error("summary", f"Summarise the view expressed about {self.theme}")
        if summary and not level and "level" not in self.errors:
            self.add_error(
                "level",
                f"Choose the view expressed about {self.theme}, or delete the summary",
            )
        return cleaned

    def layout_fields(self):
        return [
            Fieldset(
                Field.select("level"),
                Field.textarea("summary", rows=2),
                legend=str(self.theme),
                legend_size=Size.SMALL,
            )
        ]

    @property
    def view(self) -> ThemeView | None:
        level = self.cleaned_data.get("level")
        if not level:
            return None
        return ThemeView(self.theme, self.levels[level], self.cleaned_data["summary"].strip())


class ConversationForms:
    """The conversation and one row per theme of the tool, posted and checked together."""

    def __init__(self, data=None, *, visit: Visit, by: User, conversation=None):
        self.visit = visit
        self.main = ConversationForm(data, instance=conversation, visit=visit, by=by)
        levels = judgement_levels(visit)
        existing = {}
        if conversation is not None:
            existing = {view.theme_id: view for view in conversation.views.all()}
        self.themes = [
            ConversationViewForm(
                data,
                prefix=f"theme-{theme.key}",
                theme=theme,
                levels=levels,
                initial=(
                    {"level": existing[theme.pk].level_id, "summary": existing[theme.pk].summary}
                    if theme.pk in existing
                    else {}
                ),
            )
            for theme in visit.tool.themes.filter(kind=Theme.Kind.PRACTICE).order_by(
                "position", "pk"
            )
        ]

    @property
    def all(self) -> list[forms.Form]:
        return [self.main, *self.themes]

    @property
    def errors(self) -> bool:
        return any(form.errors for form in self.all)

    def is_valid(self) -> bool:
        return all([form.is_valid() for form in self.all])

    def cleaned(self) -> dict:
        data = self.main.cleaned_data
        return {
            "group": data["group"],
            "held_on": data["held_on"],
            "participants": data["participants"],
            "held_by": list(data["held_by"]),
            "notes": data["notes"],
            "views": [form.view for form in self.themes if form.view],
        }

    def record_confirmations(self, conversation: Conversation, by: User) -> None:
        self.main.record_confirmations(conversation, by=by)
        flagged = [form for form in self.themes if form.view and form.suspects]
        if not flagged:
            return
        views = {view.theme_id: view for view in conversation.views.all()}
        for form in flagged:
            form.record_confirmations(views[form.theme.pk], by=by)


# --- Theme findings ---------------------------------------------------------------------


class ThemeFindingForm(NoteForm, forms.Form):
    identifier_checked_fields = ("strengths", "areas_for_development")
    submit_label = "Save finding"

    strengths = forms.CharField(required=False, widget=forms.Textarea)
    areas_for_development = forms.CharField(
        required=False, widget=forms.Textarea, label="Areas for development"
    )
    level = forms.TypedChoiceField(
        coerce=int, required=False, widget=forms.RadioSelect, label="The team's judgement"
    )
    shareable_good_practice = forms.BooleanField(
        required=False,
        label="Share the strengths as good practice with the region, without naming the council",
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, visit: Visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = {level.pk: level for level in judgement_levels(visit)}
        self.fields["level"].choices = _level_choices(list(self.levels.values()))

    def layout_fields(self):
        return [
            Field.textarea("strengths", rows=8, label_size=Size.MEDIUM),
            Field.textarea("areas_for_development", rows=8, label_size=Size.MEDIUM),
            Field.radios("level", legend_size=Size.MEDIUM, small=True),
            Field.checkbox("shareable_good_practice", small=True),
            "version",
        ]

    def finding_values(self) -> dict:
        data = self.cleaned_data
        return {
            "strengths": data["strengths"].strip(),
            "areas_for_development": data["areas_for_development"].strip(),
            "level": self.levels.get(data.get("level")),
            "shareable_good_practice": data["shareable_good_practice"],
            "expected_version": data["version"],
        }


# --- Recommendations --------------------------------------------------------------------


class RecommendationForm(NoteForm, forms.Form):
    identifier_checked_fields = ("text",)
    submit_label = "Save recommendation"

    text = forms.CharField(
        label="Recommendation for the host council",
        widget=forms.Textarea,
        error_messages={"required": "Enter the recommendation"},
    )
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.none(), required=False, empty_label="Not tied to one theme"
    )

    def __init__(self, *args, visit: Visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = visit.tool.themes.order_by("position", "pk")

    def layout_fields(self):
        return [Field.textarea("text", rows=5), Field.select("theme")]


# --- Learning actions -------------------------------------------------------------------


class LearningActionForm(NoteForm, forms.Form):
    identifier_checked_fields = ("action",)
    submit_label = "Save learning action"

    visit = forms.ModelChoiceField(
        queryset=Visit.objects.none(),
        label="Which visit is it from?",
        error_messages={"required": "Choose the visit the learning comes from"},
    )
    action = forms.CharField(
        label="What will you do in your own council?",
        widget=forms.Textarea,
        error_messages={"required": "Enter what you will do"},
    )
    due_on = _date_field("Due by", "For example, 30 6 2027")

    def __init__(self, *args, visits, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit"].queryset = visits.filter(status__in=LEARNING_FROM).select_related(
            "host"
        )

    def layout_fields(self):
        return [Field.select("visit"), Field.textarea("action", rows=4), "due_on"]


class LearningActionUpdateForm(NoteForm, forms.ModelForm):
    identifier_checked_fields = ("action", "status_note")
    submit_label = "Save learning action"

    due_on = _date_field("Due by", "For example, 30 6 2027")

    class Meta:
        model = LearningAction
        fields = ["action", "due_on", "status", "status_note"]
        widgets = {"status": forms.RadioSelect}
        error_messages = {"action": {"required": "Enter what you will do"}}

    def clean(self):
        cleaned = super().clean()
        dropped = cleaned.get("status") == LearningAction.Status.DROPPED
        if dropped and not (cleaned.get("status_note") or "").strip():
            self.add_error("status_note", "Say why the action was dropped")
        return cleaned

    def layout_fields(self):
        return [
            Field.textarea("action", rows=4),
            "due_on",
            Field.radios("status", legend_size=Size.SMALL, small=True),
            Field.textarea("status_note", rows=3),
        ]


# --- Immediate concerns -----------------------------------------------------------------


class ConcernForm(NoteForm, forms.Form):
    identifier_checked_fields = ("risk", "action_taken")
    submit_label = "Raise the concern and tell the host"

    case_file = forms.ModelChoiceField(
        queryset=CaseFile.objects.none(),
        label="Which case file?",
        help_text="By its pseudonymous reference only.",
        error_messages={"required": "Choose the case file"},
    )
    risk = forms.CharField(
        label="What is the risk to the person?",
        widget=forms.Textarea,
        error_messages={"required": "Enter what the risk is"},
    )
    action_taken = forms.CharField(
        label="What have you done already?",
        help_text="For example, who in the council you spoke to, and when.",
        widget=forms.Textarea,
        error_messages={"required": "Enter what you have done already"},
    )

    def __init__(self, *args, visit: Visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_file"].queryset = visit.case_files.order_by("reference")
        self.fields["case_file"].label_from_instance = lambda case: case.reference

    def layout_fields(self):
        return [
            Field.select("case_file"),
            Field.textarea("risk", rows=5),
            Field.textarea("action_taken", rows=4),
        ]


class ConcernAcknowledgeForm(NoteForm, forms.Form):
    identifier_checked_fields = ("response",)
    submit_label = "Acknowledge the concern"

    response = forms.CharField(
        label="What is the council doing about it?",
        widget=forms.Textarea,
        error_messages={"required": "Enter what the council is doing about it"},
    )

    def layout_fields(self):
        return [Field.textarea("response", rows=5)]


class ConcernCloseForm(NoteForm, forms.Form):
    identifier_checked_fields = ("closure_note",)
    submit_label = "Close the concern"

    closure_note = forms.CharField(
        label="How was it resolved?",
        widget=forms.Textarea,
        error_messages={"required": "Enter how the concern was resolved"},
    )

    def layout_fields(self):
        return [Field.textarea("closure_note", rows=4)]
