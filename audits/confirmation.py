"""Steps that cannot be undone are taken only from the page that says what will happen.

Each such step has a page: GET shows what the step does and a button; the button's form
carries ``STEP_CONFIRMED``. A POST without it (a button on another page, an old bookmark, a
script) changes nothing and shows the confirmation page, saying so.
"""

STEP_CONFIRMED = "step_confirmed"
NOT_CONFIRMED = "Nothing has changed yet. Read what will happen on this page, then confirm."


def is_confirmed(data) -> bool:
    """Whether ``data`` (a POST) came from a confirmation page's form."""
    return data is not None and data.get(STEP_CONFIRMED) == "yes"
