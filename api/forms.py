from django import forms

from auditportal.forms import page_form_helper

from .tokens import DEFAULT_DAYS, MAX_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        help_text="A name you will recognise, such as Power BI performance report.",
        max_length=80,
        error_messages={
            "required": "Enter what the token is for",
            "max_length": "Keep the name to 80 characters or fewer",
        },
    )
    days = forms.IntegerField(
        label="How many days should it last?",
        help_text=f"From 1 to {MAX_DAYS} days. It stops working after that; make a new one then.",
        initial=DEFAULT_DAYS,
        min_value=1,
        max_value=MAX_DAYS,
        error_messages={
            "required": f"Enter how many days the token should last, from 1 to {MAX_DAYS}",
            "invalid": f"Enter the number of days as a whole number, from 1 to {MAX_DAYS}",
            "min_value": f"Enter a number of days from 1 to {MAX_DAYS}",
            "max_value": f"A token can last at most {MAX_DAYS} days: enter {MAX_DAYS} or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].widget.attrs.update(
            {"inputmode": "numeric", "class": "govuk-input--width-3"}
        )
        self.helper = page_form_helper("name", "days", button="Make the token")
