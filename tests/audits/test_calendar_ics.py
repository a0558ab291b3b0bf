"""A visit's dates land in Outlook: an .ics file with the days on site and the peer challenge."""

import datetime

from django.urls import reverse
from icalendar import Calendar

from audits.models import Visit
from tests.base import VisitCastTestCase


def events(response):
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


class VisitCalendarFileTests(VisitCastTestCase):
    def setUp(self):
        self.url = reverse("audits:visit-ics", args=[self.visit.pk])

    def test_it_parses_with_all_day_events_for_the_days_on_site_and_the_peer_challenge(self):
        response = self.sign_in(self.auditor).get(self.url)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertIn('filename="audit-sandwell-2027-03-09.ics"', response["Content-Disposition"])
        found = events(response)
        on_site = found[f"visit-{self.visit.pk}-on-site@localhost"]
        self.assertEqual(on_site["SUMMARY"], "Case file audit at Sandwell")
        self.assertEqual(on_site.decoded("DTSTART"), datetime.date(2027, 3, 9))
        # iCalendar's end date is exclusive: the day after the last day on site.
        self.assertEqual(on_site.decoded("DTEND"), datetime.date(2027, 3, 11))
        peer = found[f"visit-{self.visit.pk}-peer-challenge@localhost"]
        self.assertEqual(peer.decoded("DTSTART"), datetime.date(2027, 4, 6))
        self.assertEqual(peer.decoded("DTEND"), datetime.date(2027, 4, 7))
        self.assertIn(str(self.co_auditor), str(on_site["DESCRIPTION"]))

    def test_it_carries_no_case_details(self):
        content = self.sign_in(self.coordinator).get(self.url).content.decode()
        self.assertNotIn("SAN-01", content)

    def test_a_peer_challenge_member_gets_the_dates_without_the_team(self):
        found = events(self.sign_in(self.peer).get(self.url))
        self.assertEqual(len(found), 2)
        self.assertNotIn(
            str(self.auditor),
            str(found[f"visit-{self.visit.pk}-on-site@localhost"]["DESCRIPTION"]),
        )

    def test_a_cancelled_visit_is_marked_cancelled(self):
        Visit.objects.filter(pk=self.visit.pk).update(status=Visit.Status.CANCELLED)
        found = events(self.sign_in(self.coordinator).get(self.url))
        self.assertEqual({str(event["STATUS"]) for event in found.values()}, {"CANCELLED"})
