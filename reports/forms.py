"""Forms of the covering report: compose, comment, respond, issue, correct."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size
from django import forms

from audits.notes import IdentifierCheckedForm, NoteForm

from . import builder
from .models import ReportComment

STARTED_FROM_FINDINGS = (
    "Started from the team's theme findings, as nothing has been written here yet. Edit it "
    "into the report's words; it is saved only when you save the draft."
)


class ComposeForm(IdentifierCheckedForm, forms.Form):
    """The summary and every theme's narrative and lines of enquiry, on one page.

    ``version`` is the report's version when the page was opened; saving from an older one
    is refused so that nobody's text is silently overwritten.
    """

    summary = forms.CharField(
        label="Summary of findings",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What the council's directors and the peer challenge team should know first.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, sections=(), evidence=None, **kwargs):
        """``evidence`` maps a theme's key to its part of the built report: where the team has
        written nothing yet, the text starts from the theme's findings, and the lines of
        enquiry from where the three sources differ."""
        super().__init__(*args, **kwargs)
        self.sections = list(sections)
        evidence = evidence or {}
        checked = ["summary"]
        for section in self.sections:
            narrative, lines = self.narrative_name(section), self.lines_name(section)
            theme = evidence.get(section.theme.key)
            narrative_hint = builder.suggested_narrative(theme) if theme else ""
            lines_hint = builder.suggested_lines_of_enquiry(theme) if theme else ""
            self.fields[narrative] = forms.CharField(
                label=f"The team's findings on {section.theme.title}",
                required=False,
                initial=section.narrative or narrative_hint,
                help_text=STARTED_FROM_FINDINGS if narrative_hint and not section.narrative else "",
                widget=forms.Textarea(attrs={"rows": 8}),
            )
            self.fields[lines] = forms.CharField(
                label="Lines of enquiry for the peer challenge team",
                required=False,
                initial=section.lines_of_enquiry or lines_hint,
                help_text="One line of enquiry on each line."
                + (
                    " Suggested from where the sources differ: keep, change or remove it."
                    if lines_hint and not section.lines_of_enquiry
                    else ""
                ),
                widget=forms.Textarea(attrs={"rows": 4}),
            )
            checked += [narrative, lines]
        self.identifier_checked_fields = tuple(checked)
        self.helper = FormHelper()
        self.helper.form_tag = False

    @staticmethod
    def narrative_name(section) -> str:
        return f"narrative_{section.pk}"

    @staticmethod
    def lines_name(section) -> str:
        return f"lines_{section.pk}"

    def section_values(self) -> dict[int, dict[str, str]]:
        return {
            section.pk: {
                "narrative": self.cleaned_data[self.narrative_name(section)],
                "lines_of_enquiry": self.cleaned_data[self.lines_name(section)],
            }
            for section in self.sections
        }


class CommentForm(NoteForm, forms.Form):
    identifier_checked_fields = ("text",)
    submit_label = "Add comment"

    section_key = forms.ChoiceField(label="Which part of the report is your comment about?")
    text = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Say what is not accurate and what it should say.",
        error_messages={"required": "Enter your comment."},
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section_key"].choices = [("", "Choose a part"), *sections]
        self.fields["section_key"].error_messages["required"] = (
            "Choose the part of the report your comment is about."
        )


class ResponseForm(NoteForm, forms.ModelForm):
    identifier_checked_fields = ("response",)
    submit_label = "Save response"

    class Meta:
        model = ReportComment
        fields = ["response", "resolved"]
        labels = {"resolved": "The draft has been amended, or no change is needed"}
        widgets = {"response": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response"].required = True
        self.fields["response"].error_messages["required"] = "Enter the team's response."


class IssueForm(forms.Form):
    """Check your answers, then issue: the version checked is the version issued."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    correction_note = forms.CharField(
        label="What does this correction change?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown beside the new version, so readers know why there is one.",
    )

    def __init__(self, *args, is_correction: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_correction:
            del self.fields["correction_note"]
        else:
            self.fields["correction_note"].required = True
            self.fields["correction_note"].error_messages["required"] = (
                "Say what this correction changes."
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL


class ConfirmForm(forms.Form):
    """Nothing to fill in: the page's button confirms a move, and refusals show as errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
