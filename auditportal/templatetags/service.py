"""Template tags the whole service uses."""

import copy

from crispy_forms.utils import render_crispy_form
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout
from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def form_body(context, form):
    """A form's fields and buttons, crispy-rendered, for a page that writes its own <form>.

    Pages own the <form> tag (novalidate, so the GOV.UK error summary speaks instead of the
    browser's bubbles); a helper's own form tag would nest a second form inside it. Buttons
    added with ``helper.add_input`` join the layout, where crispy-forms-gds renders them as
    GOV.UK buttons (outside a form tag it would render them as bare inputs).
    """
    # Not ``helper or FormHelper()``: a helper without a layout has no length, so it is
    # falsy, and its buttons would be dropped with it.
    helper = getattr(form, "helper", None)
    helper = copy.copy(helper) if helper is not None else FormHelper()
    fields = list(helper.layout.fields) if helper.layout else list(form.fields)
    helper.layout = Layout(*fields, *helper.inputs)
    helper.inputs = []
    helper.form_tag = False
    return render_crispy_form(form, helper, context.flatten())
