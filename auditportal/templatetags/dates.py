"""The GOV.UK date and time style (auditportal.dates) as template filters, built in to every
template (settings.TEMPLATES), so pages, PDF templates and e-mails write dates one way."""

from django import template

from auditportal import dates

register = template.Library()


@register.filter
def govuk_date(value):
    """{{ visit.first_day|govuk_date }}: '9 March 2027'."""
    return dates.day(value) if value not in (None, "") else ""


@register.filter
def govuk_days(first, last=None):
    """{{ visit.first_day|govuk_days:visit.last_day }}: '9 to 10 March 2027'."""
    return dates.days(first, last or None) if first not in (None, "") else ""


@register.filter
def govuk_time(value):
    """{{ entry.at|govuk_time }}: '7:31am'."""
    return dates.time(value) if value not in (None, "") else ""


@register.filter
def govuk_datetime(value):
    """{{ entry.at|govuk_datetime }}: '7:31am on 9 March 2027'."""
    return dates.moment(value) if value not in (None, "") else ""
