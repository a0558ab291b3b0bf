"""Forms for the audit tool: editing a draft, publishing, importing and proposals."""

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.core.validators import RegexValidator

from auditportal.forms import page_form_helper

from ..cqc import QualityStatement
from ..models import AuditTool, Question, QuestionProposal, RatingLevel, RatingScale, Theme
from ..notes import CONFIRM_FIELD, IdentifierCheckedForm

MAX_TOOL_FILE_BYTES = 1024 * 1024  # the default tool is about 70 KB


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["title", "description"]
        labels = {"title": "Theme title"}
        help_texts = {"description": "What the theme covers and the law or guidance behind it."}
        error_messages = {"title": {"required": "Enter the theme's title."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper(
            Field.text("title"), Field.textarea("description", rows=4), button="Save theme"
        )


class QuestionForm(forms.ModelForm):
    cqc_statements = forms.MultipleChoiceField(
        label="CQC quality statements",
        help_text="Choose each statement this question gives evidence for.",
        choices=QualityStatement.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one CQC quality statement."},
    )
    required = forms.TypedChoiceField(
        label="Must auditors answer this question?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether auditors must answer this question."},
    )

    class Meta:
        model = Question
        fields = ["text", "guidance", "answer_kind", "scale", "required", "cqc_statements"]
        labels = {
            "text": "Question",
            "guidance": "Guidance for the auditor",
            "answer_kind": "How is it answered?",
            "scale": "Scale",
        }
        help_texts = {
            "guidance": "What good looks like, and how to choose between the levels.",
            "scale": "Only for questions rated on a scale.",
        }
        widgets = {"answer_kind": forms.RadioSelect}
        error_messages = {
            "text": {"required": "Enter the question."},
            "answer_kind": {"required": "Choose how the question is answered."},
        }

    def __init__(self, *args, tool: AuditTool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scale"].queryset = tool.scales.all()
        self.fields["scale"].empty_label = "Choose a scale"
        if not self.is_bound and self.instance.pk:
            self.initial["required"] = "yes" if self.instance.required else "no"
        elif not self.is_bound:
            self.initial.setdefault("required", "yes")
            self.initial.setdefault("answer_kind", Question.AnswerKind.SCALE)
        self.helper = page_form_helper(
            Field.textarea("text", rows=2),
            Field.textarea("guidance", rows=5),
            Field.radios("answer_kind", legend_size=Size.SMALL, small=True),
            Field.select("scale"),
            Field.radios("required", legend_size=Size.SMALL, small=True, inline=True),
            Field.checkboxes("cqc_statements", legend_size=Size.SMALL, small=True),
            button="Save question",
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer_kind") == Question.AnswerKind.SCALE:
            if not cleaned.get("scale"):
                self.add_error("scale", "Choose the scale this question is rated on.")
        else:
            cleaned["scale"] = None
        return cleaned


class ScaleForm(forms.ModelForm):
    class Meta:
        model = RatingScale
        fields = ["name", "purpose"]
        labels = {"name": "Scale name", "purpose": "What is it for?"}
        widgets = {"purpose": forms.RadioSelect}
        error_messages = {"name": {"required": "Enter the scale's name."}}

    def __init__(self, *args, tool: AuditTool, **kwargs):
        super().__init__(*args, **kwargs)
        fields = [Field.text("name", field_width=20)]
        # One judgement scale per tool: only offer the choice when it is open.
        has_judgement = tool.scales.filter(purpose=RatingScale.Purpose.JUDGEMENT).exists()
        if self.instance.pk or has_judgement:
            del self.fields["purpose"]
        else:
            self.initial.setdefault("purpose", RatingScale.Purpose.QUESTION)
            fields.append(Field.radios("purpose", legend_size=Size.SMALL, small=True))
        self.helper = page_form_helper(*fields, button="Save scale")


class LevelForm(forms.ModelForm):
    ORDINARY = "ordinary"
    NOT_APPLICABLE = "not_applicable"
    NOT_EVIDENCED = "not_evidenced"

    kind = forms.ChoiceField(
        label="How does this level count?",
        choices=[
            (ORDINARY, "As a rating with its score"),
            (NOT_APPLICABLE, "Not applicable: left out of the results"),
            (NOT_EVIDENCED, "Not evidenced: counts as a shortfall"),
        ],
        widget=forms.RadioSelect,
        initial=ORDINARY,
    )
    colour = forms.CharField(
        label="Colour",
        help_text="A hex colour, such as #00703c for green or #d4351c for red.",
        max_length=7,
        validators=[
            RegexValidator(r"^#[0-9a-fA-F]{6}$", "Enter a colour as # and six hex digits.")
        ],
    )

    class Meta:
        model = RatingLevel
        fields = ["label", "score", "colour", "needs_note"]
        labels = {
            "label": "Label",
            "score": "Score",
            "needs_note": "An evidence note is needed when this level is chosen",
        }
        help_texts = {"score": "A whole number; higher is better.", "needs_note": ""}
        widgets = {"score": forms.TextInput(attrs={"inputmode": "numeric"})}
        error_messages = {
            "label": {"required": "Enter the level's label."},
            "score": {"required": "Enter the level's score.", "invalid": "Enter a whole number."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["kind"] = (
                self.NOT_APPLICABLE
                if self.instance.is_not_applicable
                else self.NOT_EVIDENCED
                if self.instance.is_not_evidenced
                else self.ORDINARY
            )
        self.helper = page_form_helper(
            Field.text("label", field_width=20),
            Field.text("score", field_width=4),
            Field.text("colour", field_width=10),
            Field.checkbox("needs_note", small=True),
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            button="Save level",
        )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind", self.ORDINARY)
        self.instance.is_not_applicable = kind == self.NOT_APPLICABLE
        self.instance.is_not_evidenced = kind == self.NOT_EVIDENCED
        cleaned["is_not_applicable"] = self.instance.is_not_applicable
        cleaned["is_not_evidenced"] = self.instance.is_not_evidenced
        return cleaned

    def level_values(self) -> dict:
        keys = ["label", "score", "colour", "needs_note", "is_not_applicable", "is_not_evidenced"]
        return {key: self.cleaned_data[key] for key in keys}


class PublishForm(forms.Form):
    changelog = forms.CharField(
        label="What changed in this version?",
        help_text="One or two lines for auditors and report readers, such as “Reworded two "
        "safeguarding questions; added one on young carers.”",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say what changed in this version."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper(
            Field.textarea("changelog", rows=2), button="Publish this version"
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tool file",
        help_text="A YAML file exported from AuditPortal, 1 MB or smaller.",
        error_messages={"required": "Choose the tool file to import."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = page_form_helper(Field("file"), button="Check and import")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TOOL_FILE_BYTES:
            raise forms.ValidationError("The file must be 1 MB or smaller.")
        if not upload.name.lower().endswith((".yaml", ".yml")):
            raise forms.ValidationError("The file must be a YAML file ending in .yaml or .yml.")
        return upload.read()


class ProposalForm(IdentifierCheckedForm, forms.ModelForm):
    identifier_checked_fields = ("proposed_text", "proposed_guidance", "reason")

    class Meta:
        model = QuestionProposal
        fields = ["proposed_text", "proposed_guidance", "reason"]
        labels = {
            "proposed_text": "How should the question read?",
            "proposed_guidance": "How should the guidance read?",
            "reason": "Why would the change help?",
        }
        help_texts = {
            "proposed_guidance": "Leave it as it is if only the question should change.",
            "reason": "For example what auditors found unclear on a visit. Do not describe a "
            "person or a case.",
        }
        error_messages = {
            "proposed_text": {"required": "Enter how the question should read."},
            "reason": {"required": "Say why the change would help."},
        }

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        if not self.is_bound:
            self.initial.setdefault("proposed_text", question.text)
            self.initial.setdefault("proposed_guidance", question.guidance)

    @property
    def helper(self):
        # Built when rendered, so the confirmation box appears only after the check flagged text.
        fields = [
            Field.textarea("proposed_text", rows=2),
            Field.textarea("proposed_guidance", rows=5),
            Field.textarea("reason", rows=4),
        ]
        if self.needs_confirmation:
            fields.append(Field.checkbox(CONFIRM_FIELD, small=True))
        return page_form_helper(*fields, button="Send proposal")

    def clean(self):
        cleaned = super().clean()
        text = (cleaned.get("proposed_text") or "").strip()
        guidance = (cleaned.get("proposed_guidance") or "").strip()
        if text == self.question.text.strip() and guidance == self.question.guidance.strip():
            self.add_error("proposed_text", "Change the question or its guidance to propose it.")
        return cleaned


class DeclineForm(IdentifierCheckedForm, forms.Form):
    identifier_checked_fields = ("reason",)

    reason = forms.CharField(
        label="Why is the proposal declined?",
        help_text="The auditor who proposed it will read this.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say why the proposal is declined."},
    )

    @property
    def helper(self):
        fields = [Field.textarea("reason", rows=3)]
        if self.needs_confirmation:
            fields.append(Field.checkbox(CONFIRM_FIELD, small=True))
        return page_form_helper(*fields, button="Decline proposal")


class CompareForm(forms.Form):
    other = forms.ModelChoiceField(
        label="Compare with version", queryset=AuditTool.objects.none(), empty_label=None
    )

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = versions
        self.fields["other"].label_from_instance = lambda tool: (
            f"Version {tool.version} ({tool.get_status_display().lower()})"
        )
