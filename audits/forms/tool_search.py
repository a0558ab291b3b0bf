"""The draft editor's search box: a question's wording or key, sent by GET."""

from django import forms

from ..services.tool_outline import SEARCH_MAX_LENGTH


class QuestionSearchForm(forms.Form):
    q = forms.CharField(
        label="Search the questions",
        help_text="A word from the question, or its key, for example “carer” or “t2-q1”.",
        max_length=SEARCH_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": (
                f"Search for {SEARCH_MAX_LENGTH} characters or fewer: a few words of the "
                "question are enough."
            )
        },
    )
