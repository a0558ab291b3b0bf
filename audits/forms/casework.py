"""Forms for a case audit's later steps: submitting it, the review that agrees, asks for
changes or moderates the judgement, and double rating (calibration). Answering the case is
in ``answers``; every note field goes through the identifier check (``audits.notes``).
"""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.db.models import Q

from auditportal.forms import page_form_helper

from ..models import CaseFile
from ..notes import IdentifierCheckedForm
from ..services import casework as services
from ..services import double_rating
from .answers import level_choices


class SubmitForm(forms.Form):
    """Check your answers, then submit: nothing to fill in but the button."""


class ReviewForm(IdentifierCheckedForm, forms.Form):
    """The reviewer agrees, requests changes, or agrees with a moderated judgement."""

    AGREE, CHANGES, MODERATE = "agree", "changes", "moderate"
    identifier_checked_fields = ("reason",)

    decision = forms.ChoiceField(
        label="Your review",
        choices=[
            (AGREE, "Agree the case as audited"),
            (CHANGES, "Request changes from the auditor"),
            (MODERATE, "Agree it with a different overall judgement"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you agree, request changes or moderate"},
    )
    level = forms.ChoiceField(
        label="Moderated judgement",
        required=False,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Needed to request changes or to moderate the judgement. "
        "The auditor and the coordinator see it.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = {level.key: level for level in levels}
        layout = [Field.radios("decision", legend_size=Size.MEDIUM)]
        if levels:
            self.fields["level"].choices = level_choices(levels)
            layout.append(Field.radios("level", legend_size=Size.SMALL, small=True))
        else:
            # A tool with no overall judgement: there is no judgement to moderate.
            del self.fields["level"]
            self.fields["decision"].choices = self.fields["decision"].choices[:2]
            self.fields[
                "reason"
            ].help_text = "Needed to request changes. The auditor and the coordinator see it."
        self.helper = page_form_helper(
            *layout, Field.textarea("reason"), "confirm_not_identifiers", button="Record the review"
        )

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision in (self.CHANGES, self.MODERATE) and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Give a reason for the auditor")
        if decision == self.MODERATE and not cleaned.get("level"):
            self.add_error("level", "Choose the moderated judgement")
        return cleaned

    def save(self, *, case, by):
        data = self.cleaned_data
        decision, reason = data["decision"], data.get("reason", "")
        if decision == self.AGREE:
            event = services.agree_case(case=case, by=by)
        elif decision == self.CHANGES:
            event = services.request_changes(case=case, by=by, reason=reason)
        else:
            level = self.levels[data["level"]]
            event = services.moderate_case(case=case, by=by, level=level, reason=reason)
        self.record_confirmations(event, by)
        return event


class CalibrationMarkForm(forms.Form):
    """The coordinator picks the cases both auditors rate blind."""

    cases = forms.ModelMultipleChoiceField(
        label="Cases to rate blind",
        help_text="Both auditors rate each of these on every rated question without seeing "
        "each other's ratings. Only cases nobody has started can be chosen.",
        queryset=CaseFile.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, visit, marked, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit = visit
        self.marked = {calibration.case_file_id: calibration for calibration in marked}
        eligible = CaseFile.objects.filter(visit=visit).filter(
            Q(status=CaseFile.Status.NOT_STARTED) | Q(pk__in=list(self.marked))
        )
        self.fields["cases"].queryset = eligible.order_by("reference")
        self.fields["cases"].label_from_instance = lambda case: (
            f"{case.reference}, {case.get_case_type_display().lower()}"
        )
        self.initial.setdefault("cases", list(self.marked))
        self.helper = page_form_helper(
            Field.checkboxes("cases", legend_size=Size.MEDIUM, small=True),
            button="Save the cases to rate blind",
        )

    def save(self, *, by):
        chosen = list(self.cleaned_data["cases"])
        chosen_ids = {case.pk for case in chosen}
        for case_id, calibration in self.marked.items():
            if case_id not in chosen_ids:
                double_rating.unmark_calibration(calibration=calibration, by=by)
        new = [case for case in chosen if case.pk not in self.marked]
        return double_rating.mark_for_calibration(visit=self.visit, cases=new, by=by)


class LevelsForm(forms.Form):
    """A level for each rated question: a rater's blind ratings, or the agreed answers."""

    def __init__(self, *args, questions, scale_levels, initial_levels=None, required=False, **kw):
        super().__init__(*args, **kw)
        self.questions = questions
        self.scale_levels = scale_levels
        initial_levels = initial_levels or {}
        for question in questions:
            levels = scale_levels.get(question.scale_id, [])
            name = f"q-{question.key}"
            self.fields[name] = forms.ChoiceField(
                label=question.text,
                choices=level_choices(levels),
                required=required,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose an answer for: {question.text}"},
            )
            level = initial_levels.get(question.pk)
            if level is not None:
                self.initial[name] = level.key

    def rows(self):
        """(question, bound field) in the tool's order, for the template."""
        return [(question, self[f"q-{question.key}"]) for question in self.questions]

    def levels(self) -> dict:
        chosen = {}
        for question in self.questions:
            key = self.cleaned_data.get(f"q-{question.key}")
            levels = {level.key: level for level in self.scale_levels.get(question.scale_id, [])}
            chosen[question.pk] = levels.get(key) if key else None
        return chosen


class DoubleRatingForm(LevelsForm):
    """A rater's blind ratings of a double-rated case; once both have finished, the agreed
    answers, starting from where the two agreed."""

    def __init__(self, data=None, *, calibration, ratings, rater):
        self.calibration = calibration
        self.rater = rater
        tool_id = calibration.case_file.visit.tool_id
        _, scale_levels, _ = services.tool_levels(tool_id)
        self.pairs = (
            double_rating.rating_pairs(calibration, ratings) if calibration.is_revealed else {}
        )
        if calibration.is_revealed:
            initial = {qid: a for qid, (a, b) in self.pairs.items() if a.pk == b.pk}
        else:
            initial = {r.question_id: r.level for r in ratings if r.rater_id == rater.pk}
        super().__init__(
            data,
            questions=double_rating.rated_questions(tool_id),
            scale_levels=scale_levels,
            initial_levels=initial,
            required=calibration.is_revealed,
        )
        self.agreement = (
            double_rating.case_agreement(calibration, ratings) if calibration.is_revealed else None
        )

    def rows_compared(self):
        return [(question, self.pairs.get(question.pk)) for question in self.questions]

    def save(self) -> str:
        """Store the ratings or the agreed answers; a sentence for the notification banner."""
        if self.calibration.is_revealed:
            double_rating.record_agreed_answers(
                calibration=self.calibration, levels=self.levels(), by=self.rater
            )
            return "The agreed answers are now the case's answers."
        left = double_rating.save_ratings(
            calibration=self.calibration, rater=self.rater, levels=self.levels()
        )
        if left > 0:
            return (
                f"Your ratings are saved. {left} question{'s' if left != 1 else ''} still to rate."
            )
        return "Your ratings are saved and complete."
