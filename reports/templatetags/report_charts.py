"""Report template tags: charts as SVG (`{% distribution_bar dist "id" "title" %}`), fields."""

from crispy_forms.utils import render_crispy_form
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout
from django import template

from reports import charts

register = template.Library()


@register.simple_tag
def distribution_bar(distribution, chart_id, title):
    return charts.distribution_bar(distribution, chart_id=chart_id, title=title)


@register.simple_tag
def themes_overview(themes, chart_id, title):
    return charts.themes_overview(themes, chart_id=chart_id, title=title)


@register.simple_tag
def judgement_columns(distribution, chart_id, title):
    return charts.judgement_columns(distribution, chart_id=chart_id, title=title)


register.filter("percent_or_dash", charts.percent_or_dash)


@register.simple_tag(takes_context=True)
def form_fields(context, form, *names):
    """Some of a form's fields, crispy-rendered in GOV.UK style, for pages that lay a form out
    in parts (the compose page puts each theme's text beside its evidence)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*names)
    return render_crispy_form(form, helper, context.flatten())
