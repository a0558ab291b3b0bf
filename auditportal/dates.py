"""Dates and times as GOV.UK writes them, in one place for pages, PDFs, Word files and e-mails.

- a day: "9 March 2027" (no leading zero, the month in full);
- days: "9 to 10 March 2027", "30 April to 1 May 2027", "30 December 2026 to 2 January 2027"
  (one month and year, said once; "to", never a dash);
- a time: "7:31am", "10am", "5:30pm", "midday", "midnight" (12-hour, no full stops);
- a moment: "7:31am on 9 March 2027", in the service's time zone (Europe/London).

Templates use the filters of ``auditportal.templatetags.dates`` (built in to every
template: ``govuk_date``, ``govuk_days``, ``govuk_time``, ``govuk_datetime``); Python
code calls these functions. Machine formats (ISO dates in files, logs) are not for people
and stay as they are.
"""

from __future__ import annotations

import datetime

from django.utils import timezone


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def day(value: datetime.date | datetime.datetime | None) -> str:
    """'9 March 2027'; nothing for no date."""
    if value is None:
        return ""
    value = _local(value)
    return f"{value.day} {value:%B %Y}"


def days(first: datetime.date, last: datetime.date | None = None) -> str:
    """A run of days: '9 to 10 March 2027', '30 April to 1 May 2027', or one day."""
    if last is None or first == last:
        return day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {day(last)}"
    if first.year == last.year:
        return f"{first.day} {first:%B} to {day(last)}"
    return f"{day(first)} to {day(last)}"


def time(value: datetime.time | datetime.datetime | None) -> str:
    """'7:31am', '10am', '5:30pm', 'midday' or 'midnight'; nothing for no time."""
    if value is None:
        return ""
    value = _local(value)
    if (value.hour, value.minute) == (0, 0):
        return "midnight"
    if (value.hour, value.minute) == (12, 0):
        return "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def moment(value: datetime.datetime | None) -> str:
    """'7:31am on 9 March 2027', in local time; nothing for no moment."""
    if value is None:
        return ""
    value = _local(value)
    return f"{time(value)} on {day(value)}"
