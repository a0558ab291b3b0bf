"""A moved or cancelled visit updates in the calendars that hold it, read by three libraries.

Calendar programs replace an event they already hold only when its UID is the same and its
SEQUENCE is higher, so these tests follow a subscribed feed through a coordinator moving
the visit and then cancelling it, as the feed's subscribers would see it.
"""

import datetime

import vobject
from django.test import override_settings
from django.urls import reverse
from freezegun import freeze_time
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from audits.confirmation import STEP_CONFIRMED
from audits.models import CalendarFeed, Visit
from tests.audits.test_visit_team import date_fields
from tests.base import VisitCastTestCase

DOMAIN = "audits.wm.example.gov.uk"

# The visit's moves are taken from their confirmation page (audits.confirmation).
CONFIRMED = {STEP_CONFIRMED: "yes"}


def by_uid(content: bytes) -> dict:
    return {str(event["UID"]): event for event in Calendar.from_ical(content).walk("VEVENT")}


@override_settings(SITE_DOMAIN=DOMAIN)
class CalendarRevisionTests(VisitCastTestCase):
    def setUp(self):
        self.on_site_uid = f"visit-{self.visit.pk}-on-site@{DOMAIN}"
        self.peer_uid = f"visit-{self.visit.pk}-peer-challenge@{DOMAIN}"

    def feed(self, person) -> bytes:
        """What a calendar program subscribed to ``person``'s link fetches (it never signs in)."""
        self.sign_in(person).post(reverse("audits:calendar-feed-settings"), {"action": "renew"})
        self.client.logout()
        token = CalendarFeed.objects.get(person=person).token
        return self.client.get(reverse("audits:calendar-feed", args=[token])).content

    def move_visit(self, first_day: datetime.date, reference: str = "DSA-TEST-1"):
        response = self.sign_in(self.coordinator).post(
            reverse("audits:visit-edit", args=[self.visit.pk]),
            {
                "tool": self.tool.pk,
                **date_fields("first_day", first_day),
                **date_fields("peer_challenge_date", first_day + datetime.timedelta(days=28)),
                "data_sharing_reference": reference,
                "lead": self.auditor.pk,
                "auditors": [self.co_auditor.pk],
                "peer_team": [self.peer.pk],
            },
        )
        self.assertRedirects(response, self.visit.get_absolute_url(), fetch_redirect_response=False)

    def test_it_publishes_events_named_by_the_services_own_domain(self):
        calendar = Calendar.from_ical(self.feed(self.auditor))
        self.assertEqual(calendar["METHOD"], "PUBLISH")
        uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
        self.assertEqual(uids, {self.on_site_uid, self.peer_uid})
        on_site = by_uid(self.feed(self.auditor))[self.on_site_uid]
        self.assertEqual(on_site["SEQUENCE"], 0)
        self.assertEqual(str(on_site["STATUS"]), "CONFIRMED")
        self.assertIsInstance(on_site.decoded("LAST-MODIFIED"), datetime.datetime)

    def test_the_feed_tells_subscribers_to_fetch_it_again_within_the_hour(self):
        calendar = Calendar.from_ical(self.feed(self.auditor))
        self.assertEqual(calendar.decoded("REFRESH-INTERVAL"), datetime.timedelta(hours=1))
        self.assertEqual(calendar["REFRESH-INTERVAL"].params["VALUE"], "DURATION")
        # Outlook reads the raw text: it must be an ISO 8601 duration.
        self.assertIn(b"\r\nX-PUBLISHED-TTL:PT1H\r\n", calendar.to_ical())

    def test_a_downloaded_file_is_published_but_asks_for_no_refresh(self):
        content = self.sign_in(self.auditor).get(reverse("audits:visit-ics", args=[self.visit.pk]))
        calendar = Calendar.from_ical(content.content)
        self.assertEqual(calendar["METHOD"], "PUBLISH")
        self.assertNotIn("REFRESH-INTERVAL", calendar)
        self.assertNotIn("X-PUBLISHED-TTL", calendar)

    def test_it_moves_a_visit_so_the_subscribed_calendar_replaces_the_old_entry(self):
        before = by_uid(self.feed(self.auditor))[self.on_site_uid]
        # A calendar reads LAST-MODIFIED to the second: the move comes a minute later.
        with freeze_time(before.decoded("LAST-MODIFIED") + datetime.timedelta(minutes=1)):
            self.move_visit(datetime.date(2027, 4, 13))
        after = by_uid(self.feed(self.auditor))[self.on_site_uid]
        self.assertEqual(after.decoded("DTSTART"), datetime.date(2027, 4, 13))
        self.assertEqual(after.decoded("DTEND"), datetime.date(2027, 4, 15))
        self.assertGreater(after["SEQUENCE"], before["SEQUENCE"])
        self.assertGreater(after.decoded("LAST-MODIFIED"), before.decoded("LAST-MODIFIED"))

    def test_it_keeps_the_sequence_when_nothing_a_calendar_shows_changed(self):
        self.move_visit(datetime.date(2027, 3, 9), reference="DSA-TEST-2")
        self.visit.refresh_from_db()
        self.assertEqual(self.visit.data_sharing_reference, "DSA-TEST-2")
        self.assertEqual(by_uid(self.feed(self.auditor))[self.on_site_uid]["SEQUENCE"], 0)

    def test_each_change_of_dates_or_status_counts_one_revision(self):
        self.move_visit(datetime.date(2027, 4, 13))
        self.move_visit(datetime.date(2027, 4, 20))
        self.client.post(
            reverse("audits:visit-advance", args=[self.visit.pk]),
            {"to": Visit.Status.CANCELLED, "note": "Postponed to next year", **CONFIRMED},
        )
        self.visit.refresh_from_db()
        self.assertEqual(self.visit.status, Visit.Status.CANCELLED)
        self.assertEqual(self.visit.calendar_sequence, 3)

    def test_it_sends_a_cancelled_visit_as_cancelled_so_calendars_take_it_away(self):
        before = by_uid(self.feed(self.host_psw))
        self.sign_in(self.coordinator).post(
            reverse("audits:visit-advance", args=[self.visit.pk]),
            {"to": Visit.Status.CANCELLED, "note": "Postponed to next year", **CONFIRMED},
        )
        after = by_uid(self.feed(self.host_psw))
        self.assertEqual(set(after), {self.on_site_uid, self.peer_uid})
        for uid, event in after.items():
            self.assertEqual(str(event["STATUS"]), "CANCELLED")
            self.assertGreater(event["SEQUENCE"], before[uid]["SEQUENCE"])
        self.assertEqual(
            str(after[self.on_site_uid]["SUMMARY"]), "Cancelled: Case file audit at Sandwell"
        )

    def test_two_other_calendar_libraries_read_the_same_revisions(self):
        self.move_visit(datetime.date(2027, 4, 13))
        self.sign_in(self.coordinator).post(
            reverse("audits:visit-advance", args=[self.visit.pk]),
            {"to": Visit.Status.CANCELLED, "note": "Postponed to next year", **CONFIRMED},
        )
        content = self.feed(self.auditor).decode()
        strict = IcsCalendarStream.calendar_from_ics(content)
        seen = {(e.uid, e.sequence, e.status.value, e.dtstart) for e in strict.events}
        self.assertEqual(
            seen,
            {
                (self.on_site_uid, 2, "CANCELLED", datetime.date(2027, 4, 13)),
                (self.peer_uid, 2, "CANCELLED", datetime.date(2027, 5, 11)),
            },
        )
        lenient = vobject.readOne(content)
        self.assertEqual(lenient.method.value, "PUBLISH")
        self.assertEqual(
            {(e.uid.value, int(e.sequence.value), e.status.value) for e in lenient.vevent_list},
            {(self.on_site_uid, 2, "CANCELLED"), (self.peer_uid, 2, "CANCELLED")},
        )
