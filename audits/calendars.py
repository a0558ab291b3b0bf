"""Visits in calendars: .ics files (Outlook, Google, Apple) and the month grid on the schedule.

Each visit gives two all-day events: the days on site (DTEND is the day after the last
day, as iCalendar's end dates are exclusive) and the peer challenge date. UIDs are stable,
so a calendar subscribed to a feed updates an event when its dates change rather than
adding a second one. Events carry the council, dates, team and status: never case details.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from audits.models import Visit

UID_DOMAIN = "auditportal"
ONE_DAY = datetime.timedelta(days=1)


def _event(uid: str, summary: str, start: datetime.date, end: datetime.date, description: str):
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "OPAQUE")
    return event


def visit_events(visit: Visit, *, team: Iterable = (), url: str = "") -> list[Event]:
    """The on-site days and the peer challenge date of one visit, as all-day events."""
    names = ", ".join(str(person) for person in team)
    lines = [f"Status: {visit.get_status_display()}"]
    if names:
        lines.append(f"Team: {names}")
    if url:
        lines.append(url)
    description = "\n".join(lines)
    events = [
        _event(
            f"visit-{visit.pk}-on-site",
            f"Case file audit at {visit.host}",
            visit.first_day,
            visit.last_day + ONE_DAY,
            description,
        )
    ]
    if visit.peer_challenge_date:
        events.append(
            _event(
                f"visit-{visit.pk}-peer-challenge",
                f"Peer challenge at {visit.host}",
                visit.peer_challenge_date,
                visit.peer_challenge_date + ONE_DAY,
                description,
            )
        )
    if visit.status == Visit.Status.CANCELLED:
        for event in events:
            event.add("status", "CANCELLED")
    return events


def calendar_file(visits: Iterable[tuple[Visit, list, str]], *, name: str) -> bytes:
    """An .ics file for ``(visit, team, url)`` triples."""
    cal = Calendar()
    cal.add("prodid", f"-//{settings.SERVICE_NAME}//Visits//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for visit, team, url in visits:
        for event in visit_events(visit, team=team, url=url):
            cal.add_component(event)
    return cal.to_ical()


# --- The month grid on the schedule -----------------------------------------------------


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    on_site: list[Visit] = field(default_factory=list)
    peer_challenge: list[Visit] = field(default_factory=list)


def month_span(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day shown: whole weeks, Monday to Sunday."""
    weeks = stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return weeks[0][0], weeks[-1][-1]


def month_grid(year: int, month: int, visits: Iterable[Visit]) -> list[list[Day]]:
    """Weeks of days, each listing the visits on site and the peer challenges that day."""
    weeks = stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    days = {day: Day(day, day.month == month) for week in weeks for day in week}
    by_day: dict[datetime.date, list] = defaultdict(list)
    for visit in visits:
        day = visit.first_day
        while day <= visit.last_day:
            by_day[day].append(visit)
            day += ONE_DAY
        if visit.peer_challenge_date in days:
            days[visit.peer_challenge_date].peer_challenge.append(visit)
    for day, on_site in by_day.items():
        if day in days:
            days[day].on_site = on_site
    return [[days[day] for day in week] for week in weeks]
