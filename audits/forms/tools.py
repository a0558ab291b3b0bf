"""Forms for the audit tool: editing a draft, publishing, importing and proposals."""

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.core.validators import RegexValidator

from auditportal.forms import page_form_helper

from ..models import AuditTool, Question, QuestionProposal, RatingLevel, RatingScale, Theme
from ..notes import CONFIRM_FIELD, IdentifierCheckedForm
from ..services import tools as tool_services
from .conditions import ConditionFields
from .cqc_choices import quality_statement_choices

MAX_TOOL_FILE_BYTES = 1024 * 1024  # the default tool is about 70 KB


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["title", "kind", "description"]
        labels = {"title": "Theme title", "kind": "What kind of theme is it?"}
        help_texts = {
            "description": "What the theme covers and the law or guidance behind it.",
            "kind": (
                "A practice theme is judged, charted and compared with the last audit. A "
                "context section (such as the case profile) is answered but never judged or "
                "counted in the figures."
            ),
        }
        widgets = {"kind": forms.RadioSelect}
        error_messages = {"title": {"required": "Enter the theme's title."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Theme.Kind.choices  # no blank choice among the radios
        # A theme is a practice theme unless the owner says otherwise.
        self.fields["kind"].required = False
        self.initial.setdefault("kind", Theme.Kind.PRACTICE)
        self.helper = page_form_helper(
            Field.text("title"),
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.textarea("description", rows=4),
            button="Save theme",
        )

    def clean_kind(self):
        return self.cleaned_data.get("kind") or Theme.Kind.PRACTICE


class ToolSettingsForm(forms.ModelForm):
    """Settings of a draft that belong to the whole tool rather than one of its parts."""

    class Meta:
        model = AuditTool
        fields = ["has_overall_judgement"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["has_overall_judgement"] = _yes_no(
            "Does each case get an overall judgement?",
            "Say whether each case gets an overall judgement.",
        )
        self.fields["has_overall_judgement"].help_text = (
            "Choose no for a tool that judges each question but never the whole case, such as "
            "the Mental Capacity Act audit standards. The tool then needs no judgement scale."
        )
        if self.instance.pk:
            self.initial["has_overall_judgement"] = (
                "yes" if self.instance.has_overall_judgement else "no"
            )
        self.helper = page_form_helper(
            Field.radios("has_overall_judgement", legend_size=Size.SMALL, small=True, inline=True),
            button="Save settings",
        )


def _yes_no(label: str, required_message: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )


class QuestionForm(ConditionFields, forms.ModelForm):
    """A question of a draft: its wording, how it is answered and what that kind needs.

    Each existing option has a field of its own, so rewording it keeps its stable key (and its
    results comparable); new options are typed one per line. Fields for other kinds than the
    one chosen are ignored, and say so in their hints, so the form works without JavaScript.
    """

    cqc_statements = forms.MultipleChoiceField(
        label="CQC quality statements",
        help_text="Choose each statement this question gives evidence for. Under each is its "
        "“we statement” in CQC’s words, where recorded.",
        choices=quality_statement_choices(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one CQC quality statement."},
    )
    new_options = forms.CharField(
        label="Add answer options",
        help_text="For “one choice from a list” and “tick all that apply”: one option a line.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    none_of_these = forms.CharField(
        label="A “none of these” answer (optional)",
        help_text="For “tick all that apply”: an answer ticked only on its own, such as "
        "“None of these”. Leave empty for none.",
        required=False,
        max_length=200,
    )
    # Left unanswered, it follows the tool file's rule: a rated question allows it when its
    # scale has a Not applicable level, and other kinds do not.
    allows_not_applicable = forms.TypedChoiceField(
        label="Can auditors answer “Not applicable”?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    required = _yes_no(
        "Must auditors answer this question?", "Say whether auditors must answer this question."
    )

    class Meta:
        model = Question
        fields = [
            "text",
            "guidance",
            "answer_kind",
            "scale",
            "number_min",
            "number_max",
            "allows_not_applicable",
            "required",
            "cqc_statements",
        ]
        labels = {
            "text": "Question",
            "guidance": "Guidance for the auditor",
            "answer_kind": "How is it answered?",
            "scale": "Scale",
            "number_min": "Smallest number allowed (optional)",
            "number_max": "Largest number allowed (optional)",
        }
        help_texts = {
            "guidance": "What good looks like, and how to choose between the answers.",
            "scale": "Only for questions rated on a scale.",
            "number_min": "Only for “a whole number”.",
            "number_max": "Only for “a whole number”.",
        }
        widgets = {"answer_kind": forms.RadioSelect}
        error_messages = {
            "text": {"required": "Enter the question."},
            "answer_kind": {"required": "Choose how the question is answered."},
            "number_min": {"invalid": "Enter the smallest number in figures, like 0."},
            "number_max": {"invalid": "Enter the largest number in figures, like 100."},
        }

    def __init__(self, *args, tool: AuditTool, theme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scale"].queryset = tool.scales.all()
        self.fields["scale"].empty_label = "Choose a scale"
        question = self.instance
        self.existing = list(question.options.all()) if question.pk else []
        for number, option in enumerate(self._ordinary_options(), start=1):
            self.fields[f"option_{option.key}"] = forms.CharField(
                label=f"Option {number}",
                help_text=f"Key: {option.key}. Leave empty to remove this option.",
                required=False,
                max_length=200,
                initial=option.label,
            )
        if not self.is_bound and question.pk:
            self.initial["required"] = "yes" if question.required else "no"
            self.initial["allows_not_applicable"] = (
                "yes" if question.allows_not_applicable else "no"
            )
            none = next((o for o in self.existing if o.none_of_these), None)
            self.initial["none_of_these"] = none.label if none else ""
        elif not self.is_bound:
            self.initial.setdefault("required", "yes")
            self.initial.setdefault("allows_not_applicable", "yes")
            self.initial.setdefault("answer_kind", Question.AnswerKind.SCALE)
        self.helper = page_form_helper(
            Field.textarea("text", rows=2),
            Field.textarea("guidance", rows=5),
            Field.radios("answer_kind", legend_size=Size.SMALL, small=True),
            Field.select("scale"),
            *[Field.text(name) for name in self.fields if name.startswith("option_")],
            Field.textarea("new_options", rows=4),
            Field.text("none_of_these"),
            Field.text("number_min", field_width=5),
            Field.text("number_max", field_width=5),
            Field.radios("allows_not_applicable", legend_size=Size.SMALL, small=True, inline=True),
            Field.radios("required", legend_size=Size.SMALL, small=True, inline=True),
            Field.checkboxes("cqc_statements", legend_size=Size.SMALL, small=True),
            button="Save question",
        )
        self.add_condition_fields(tool=tool, question=self.instance, theme=theme)

    def _ordinary_options(self):
        return [option for option in self.existing if not option.none_of_these]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("answer_kind")
        if cleaned.get("allows_not_applicable") is None:
            scale = cleaned.get("scale")
            cleaned["allows_not_applicable"] = bool(
                kind == Question.AnswerKind.SCALE
                and scale
                and scale.levels.filter(is_not_applicable=True).exists()
            )
        if kind == Question.AnswerKind.SCALE:
            self._clean_scale(cleaned)
        else:
            cleaned["scale"] = None
        if kind != Question.AnswerKind.NUMBER:
            cleaned["number_min"] = cleaned["number_max"] = None
        low, high = cleaned.get("number_min"), cleaned.get("number_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "number_max", "The largest number must not be smaller than the smallest."
            )
        if kind in Question.WITH_OPTIONS:
            if len(self.option_pairs()) < 2:
                self.add_error("new_options", "Give at least two answer options, one a line.")
            if kind == Question.AnswerKind.SINGLE and cleaned.get("none_of_these", "").strip():
                self.add_error(
                    "none_of_these", "Only a “tick all that apply” question has this answer."
                )
        return cleaned

    def _clean_scale(self, cleaned) -> None:
        scale = cleaned.get("scale")
        if not scale:
            self.add_error("scale", "Choose the scale this question is rated on.")
        elif (
            cleaned.get("allows_not_applicable")
            and not scale.levels.filter(is_not_applicable=True).exists()
        ):
            self.add_error(
                "allows_not_applicable",
                f"The scale “{scale}” has no Not applicable level: add one to the scale, "
                "or choose No.",
            )

    def option_pairs(self) -> list[tuple[str | None, str]]:
        """(key, label) of the options as the form now says: kept ones, then new lines."""
        data = self.cleaned_data
        kept = [
            (option.key, data.get(f"option_{option.key}", "").strip())
            for option in self._ordinary_options()
        ]
        new = [line.strip() for line in (data.get("new_options") or "").splitlines()]
        return [pair for pair in kept if pair[1]] + [(None, line) for line in new if line]

    def question_fields(self) -> dict:
        """The cleaned values that belong on the question row itself."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def save_options(self, question: Question) -> None:
        if question.answer_kind in Question.WITH_OPTIONS:
            none = self.cleaned_data.get("none_of_these", "").strip()
            if question.answer_kind != Question.AnswerKind.MULTIPLE:
                none = ""
            tool_services.set_options(
                question=question, options=self.option_pairs(), none_of_these=none
            )
        elif self.existing:
            tool_services.set_options(question=question, options=[])
        self.save_conditions(question)  # saved with the options, in the same transaction


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
