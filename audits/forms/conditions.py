"""The conditions part of the question form: which earlier answers show the question.

Each answer of each earlier yes/no or choice question is one checkbox, so the form works
without JavaScript; ticking answers of several questions asks whether any or all must hold.
"""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Size
from django import forms

from ..conditions import condition_words
from ..models.conditions import numbers
from ..services import conditions as services

SEPARATOR = "="  # "impairment-found=yes": question key, then option key


class ConditionFields:
    """Mixed into ``QuestionForm``: adds its fields, reads them, and saves the conditions."""

    def add_condition_fields(self, *, tool, question, theme=None) -> None:
        earlier, every = services.earlier_choice_questions(question, tool=tool, theme=theme)
        self.condition_numbers = numbers(every)
        choices = [
            (
                f"{q.key}{SEPARATOR}{choice.key}",
                f"{self.condition_numbers[q.pk]} {_short(q.text)}: {choice.label}",
            )
            for q in earlier
            for choice in q.choices
        ]
        current = list(question.conditions.all()) if question.pk else []
        self.fields["condition_answers"] = forms.MultipleChoiceField(
            label="Ask this question only when an earlier answer is (optional)",
            help_text=_summary(question, current, every, self.condition_numbers)
            or "Leave every box unticked to ask this question in every case.",
            choices=choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=[f"{c.depends_on.key}{SEPARATOR}{key}" for c in current for key in c.answers],
        )
        self.fields["condition_match"] = forms.ChoiceField(
            label="When answers of more than one question are ticked",
            choices=[
                ("all", "Ask it when all of those questions have a ticked answer"),
                ("any", "Ask it when any one of them has"),
            ],
            initial=question.show_when if question.pk else "all",
            required=False,
            widget=forms.RadioSelect,
        )
        self.helper.layout.insert(
            len(self.helper.layout) - 1,
            Field.checkboxes("condition_answers", legend_size=Size.SMALL, small=True),
        )
        self.helper.layout.insert(
            len(self.helper.layout) - 1,
            Field.radios("condition_match", legend_size=Size.SMALL, small=True),
        )

    def condition_pairs(self) -> dict[str, list[str]]:
        pairs: dict[str, list[str]] = {}
        for value in self.cleaned_data.get("condition_answers") or []:
            key, option = value.split(SEPARATOR, 1)
            pairs.setdefault(key, []).append(option)
        return pairs

    def save_conditions(self, question) -> None:
        services.set_conditions(
            question=question,
            answers=self.condition_pairs(),
            match=self.cleaned_data.get("condition_match") or "all",
        )


def _short(text: str, length: int = 70) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _summary(question, conditions, every, number_of) -> str:
    """ "Now: shown when 6.2 is ‘Yes’." for a question that has conditions."""
    if not conditions:
        return ""
    words = condition_words(question, {q.pk: q for q in every}, number_of)
    return f"Now: shown when {words}. Untick every box to ask it in every case."
