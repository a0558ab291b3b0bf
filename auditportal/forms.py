"""Form pieces the whole service shares."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout


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
