"""Form pieces the whole service shares."""

import datetime

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django.core.exceptions import ValidationError


def page_form_helper(*layout, button: str | None = None) -> FormHelper:
    """A helper for a form inside the page's own <form> tag, its button part of the layout.

    The page writes <form novalidate> and the CSRF token; a button in the layout renders as
    a GOV.UK <button> (``add_input`` outside a form tag renders ``<input type="">``, which
    browsers show as a text box that submits nothing).
    """
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout, *([Button("submit", button)] if button else []))
    return helper


class DayMonthYearField(DateInputField):
    """A GOV.UK date input (day, month, year boxes) that turns any impossible date into a
    message: a year of twenty digits overflows Python's date, and a year outside
    ``years`` is a typing slip rather than a date anyone means here."""

    def __init__(self, *, years: tuple[int, int] = (2000, 2100), **kwargs):
        self.years = years
        super().__init__(**kwargs)

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            value = datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError) as error:
            raise ValidationError(
                "Enter a real date as numbers, such as 9 3 2027", code="invalid"
            ) from error
        low, high = self.years
        if not low <= value.year <= high:
            raise ValidationError(f"Enter a year from {low} to {high}", code="invalid")
        return value
