"""The fields of one question's answer, by its kind, and how they read back.

A rated question is a radio per level (the scale's Not applicable level only where the
question allows it) with an evidence note; a single choice or yes/no question is a radio per
option, a tick-all-that-apply question a checkbox per option; numbers and dates are short text
inputs; free text is a text area. Kinds without a scale say "Not applicable" with a checkbox
of their own, offered only where the question allows it.
"""

from __future__ import annotations

from django import forms

from ..answer_words import NOT_ANSWERED, NOT_APPLICABLE, chosen_labels, date_words
from ..models import Question

K = Question.AnswerKind
NOTE_ROWS = 4
DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%Y-%m-%d"]
ANSWER_FIELDS = ("level", "choice", "choices", "number", "date", "text", "not_applicable")


def offered_levels(question, levels) -> list:
    """The scale's levels this question offers: Not applicable only where it is allowed."""
    return [
        level for level in levels if question.allows_not_applicable or not level.is_not_applicable
    ]


def answer_fields(question, levels) -> dict[str, forms.Field]:
    """The form fields that hold one question's answer, by its kind."""
    kind = question.answer_kind
    fields: dict[str, forms.Field] = {}
    if kind == K.SCALE:
        fields["level"] = forms.ChoiceField(
            label=question.text,
            choices=[(level.key, level.label) for level in offered_levels(question, levels)],
            required=False,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": "Choose one of the answers offered"},
        )
    elif kind in (K.SINGLE, K.YES_NO):
        fields["choice"] = forms.ChoiceField(
            label=question.text,
            choices=[(choice.key, choice.label) for choice in question.choices],
            required=False,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": "Choose one of the answers offered"},
        )
    elif kind == K.MULTIPLE:
        fields["choices"] = forms.MultipleChoiceField(
            label=question.text,
            choices=[(choice.key, choice.label) for choice in question.choices],
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": "Tick only the answers offered"},
        )
    elif kind == K.NUMBER:
        fields["number"] = _number_field(question)
    elif kind == K.DATE:
        fields["date"] = forms.DateField(
            label=question.text,
            required=False,
            input_formats=DATE_FORMATS,
            error_messages={"invalid": "Enter the date as day/month/year, for example 27/3/2026"},
        )
    else:
        fields["text"] = forms.CharField(
            label="Answer", required=False, widget=forms.Textarea(attrs={"rows": NOTE_ROWS})
        )
    if kind != K.SCALE and question.allows_not_applicable:
        fields["not_applicable"] = forms.BooleanField(label=NOT_APPLICABLE, required=False)
    return fields


def _number_field(question) -> forms.IntegerField:
    low, high = question.number_min, question.number_max
    if low is not None and high is not None:
        limits = f"a whole number from {low} to {high}"
    elif low is not None:
        limits = f"a whole number of {low} or more"
    elif high is not None:
        limits = f"a whole number of {high} or fewer"
    else:
        limits = "a whole number"
    return forms.IntegerField(
        label=question.text,
        required=False,
        min_value=low,
        max_value=high,
        error_messages={
            "invalid": f"Enter {limits}, in figures, like 12",
            "min_value": f"Enter {limits}",
            "max_value": f"Enter {limits}",
        },
    )


def check_together(question, cleaned: dict) -> str | None:
    """What is wrong with the answer's fields together, or None."""
    chosen = cleaned.get("choices") or []
    none_keys = {choice.key for choice in question.choices if choice.none_of_these}
    if len(chosen) > 1 and none_keys & set(chosen):
        label = next(c.label for c in question.choices if c.key in none_keys)
        return f"“{label}” cannot be ticked with another answer: untick one of them"
    given = any(
        cleaned.get(name) not in (None, "", [])
        for name in ("choice", "choices", "number", "date", "text")
    )
    if cleaned.get("not_applicable") and given:
        return "Give an answer or tick Not applicable, not both"
    return None


def stored_values(question, answer, level_keys: dict[int, str]) -> dict:
    """A stored answer as the form's field values (dates as the auditor types them)."""
    if answer is None:
        return {}
    values = {"note": answer.note, "text": answer.text}
    if question.answer_kind == K.SCALE:
        values["level"] = level_keys.get(answer.level_id, "")
    elif question.answer_kind == K.MULTIPLE:
        values["choices"] = list(answer.choices or [])
    elif question.answer_kind in (K.SINGLE, K.YES_NO):
        values["choice"] = (answer.choices or [""])[0]
    values["number"] = "" if answer.number is None else str(answer.number)
    values["date"] = (
        f"{answer.date.day}/{answer.date.month}/{answer.date.year}" if answer.date else ""
    )
    values["not_applicable"] = answer.not_applicable
    return values


def shown(question, values: dict, levels: dict) -> str:
    """The answer held in ``values`` (stored or typed) in words, for a conflict's rows."""
    if values.get("not_applicable") in (True, "on"):
        return NOT_APPLICABLE
    kind = question.answer_kind
    if kind == K.SCALE:
        level = levels.get(values.get("level") or "")
        return level.label if level else NOT_ANSWERED
    if kind in (K.SINGLE, K.YES_NO, K.MULTIPLE):
        keys = values.get("choices") or ([values["choice"]] if values.get("choice") else [])
        return "; ".join(chosen_labels(question, keys)) or NOT_ANSWERED
    value = values.get({K.NUMBER: "number", K.DATE: "date"}.get(kind, "text"))
    if hasattr(value, "year"):
        return date_words(value)
    return str(value) if value not in (None, "") else NOT_ANSWERED
