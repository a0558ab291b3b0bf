"""A Button added to a form helper with add_input renders as a real submit button, also on
pages that write their own <form> tag (``{% form_body %}``).

crispy-forms-gds's own template writes <input type=""> for it: a text box with no label,
which does not submit the form. templates/gds/layout/baseinput.html puts that right."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Hidden
from django import forms
from django.template import Context, Template
from django.test import SimpleTestCase


class ReviewLikeForm(forms.Form):
    reason = forms.CharField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Button("review", "Record the review"))
        self.helper.add_input(Hidden("step", "2"))


class FormButtonTests(SimpleTestCase):
    def render(self) -> str:
        template = Template("{% load crispy_forms_tags %}{% crispy form %}")
        return template.render(Context({"form": ReviewLikeForm()}))

    def test_it_renders_an_added_button_as_a_submit_button(self):
        html = self.render()
        self.assertInHTML(
            '<button name="review" class="govuk-button" id="id_review" data-module="govuk-button">'
            "Record the review</button>",
            html,
        )
        self.assertNotIn('type=""', html)

    def test_a_page_that_writes_its_own_form_tag_keeps_the_button(self):
        # The helper has buttons but no layout, like the accuracy-check comment form's.
        template = Template("{% load service %}{% form_body form %}")
        html = template.render(Context({"form": ReviewLikeForm()}))
        self.assertIn(">Record the review</button>", html)
        self.assertIn('name="reason"', html)

    def test_other_inputs_still_render_as_inputs(self):
        self.assertInHTML('<input type="hidden" name="step" value="2">', self.render())
