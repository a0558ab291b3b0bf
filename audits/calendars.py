"""Visits in calendars: .ics files (Outlook, Google, Apple) and the month grid on the schedule.

Each visit gives two all-day events: the days on site (DTEND is the day after the last
day, as iCalendar's end dates are exclusive) and the peer challenge date. Events carry the
council, dates, team and status: never case details.

A calendar subscribed to a feed replaces an event it already holds only when the UID is the
same and the SEQUENCE is higher (RFC 5545 and 5546), so UIDs are stable and end in the
service's own domain (``SITE_DOMAIN``), and SEQUENCE is the visit's count of changes to its
dates and status. A cancelled visit stays in the feed as STATUS:CANCELLED, which is how a
subscribed calendar learns to take it away.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vDuration

from audits.models import Visit

ONE_DAY = datetime.timedelta(days=1)
# How often a subscribed calendar should fetch the feed again (Outlook reads X-PUBLISHED-TTL,
# Apple and RFC 7986 clients REFRESH-INTERVAL). Proxies may keep the feed for less (its
# Cache-Control), never more.
FEED_REFRESH = datetime.timedelta(hours=1)


def event_uid(visit: Visit, part: str) -> str:
    """The stable identifier of one of a visit's events, unique to this installation."""
    return f"visit-{visit.pk}-{part}@{settings.SITE_DOMAIN}"


def _event(visit: Visit, part: str, summary: str, start: datetime.date, description: str):
    days = (visit.last_day - visit.first_day).days + 1 if part == "on-site" else 1
    cancelled = visit.status == Visit.Status.CANCELLED
    event = Event()
    event.add("uid", event_uid(visit, part))
    event.add("dtstamp", timezone.now())
    event.add("created", visit.created_at)
    event.add("last-modified", visit.calendar_changed_at)
    event.add("sequence", visit.calendar_sequence)
    event.add("dtstart", start)
    event.add("dtend", start + days * ONE_DAY)
    # Some programs ignore STATUS, so the title says it too.
    event.add("summary", f"Cancelled: {summary}" if cancelled else summary)
    event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
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
        _event(visit, "on-site", f"Case file audit at {visit.host}", visit.first_day, description)
    ]
    if visit.peer_challenge_date:
        events.append(
            _event(
                visit,
                "peer-challenge",
                f"Peer challenge at {visit.host}",
                visit.peer_challenge_date,
                description,
            )
        )
    return events


def calendar_file(
    visits: Iterable[tuple[Visit, list, str]], *, name: str, feed: bool = False
) -> bytes:
    """An .ics file for ``(visit, team, url)`` triples; ``feed`` adds the refresh hints."""
    cal = Calendar()
    cal.add("prodid", f"-//{settings.SERVICE_NAME}//Visits//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # PUBLISH: a read-only copy of the events, not an invitation to answer.
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    if feed:
        cal.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
        # icalendar knows no type for this one: without vDuration it would write "1:00:00".
        cal.add("x-published-ttl", vDuration(FEED_REFRESH))
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
