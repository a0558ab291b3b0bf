"""Each person's visits at a secret calendar address they can revoke."""

import datetime

from django.urls import reverse
from icalendar import Calendar

from audits.models import CalendarFeed, Visit
from tests.base import VisitCastTestCase
from tests.factories import make_visit


def summaries(response):
    return sorted(
        (str(event["SUMMARY"]), event.decoded("DTSTART"))
        for event in Calendar.from_ical(response.content).walk("VEVENT")
    )


class CalendarFeedTests(VisitCastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # A visit the auditor is not on, and one they are on that was cancelled.
        make_visit(
            host=cls.walsall,
            tool=cls.tool,
            coordinator=cls.coordinator,
            lead=cls.outsider,
            first_day=datetime.date(2027, 5, 4),
        )
        cancelled = make_visit(
            host=cls.coventry,
            tool=cls.tool,
            coordinator=cls.coordinator,
            lead=cls.auditor,
            first_day=datetime.date(2027, 6, 8),
        )
        Visit.objects.filter(pk=cancelled.pk).update(status=Visit.Status.CANCELLED)

    def make_link(self, person):
        self.sign_in(person).post(reverse("audits:calendar-feed-settings"), {"action": "renew"})
        return CalendarFeed.objects.get(person=person)

    def test_an_auditor_makes_a_link_and_outlook_reads_their_visits_from_it(self):
        client = self.sign_in(self.auditor)
        self.assertContains(
            client.get(reverse("audits:calendar-feed-settings")), "Make my calendar link"
        )
        feed = self.make_link(self.auditor)
        page = client.get(reverse("audits:calendar-feed-settings"))
        self.assertContains(page, f"/calendar/{feed.token}.ics")
        self.client.logout()  # calendar programs do not sign in
        response = self.client.get(reverse("audits:calendar-feed", args=[feed.token]))
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        # The cancelled visit stays, marked cancelled, so calendars that held it remove it.
        self.assertEqual(
            summaries(response),
            [
                ("Cancelled: Case file audit at Coventry", datetime.date(2027, 6, 8)),
                ("Cancelled: Peer challenge at Coventry", datetime.date(2027, 7, 6)),
                ("Case file audit at Sandwell", datetime.date(2027, 3, 9)),
                ("Peer challenge at Sandwell", datetime.date(2027, 4, 6)),
            ],
        )

    def test_revoking_makes_a_new_link_and_the_old_one_stops_working(self):
        old = self.make_link(self.auditor).token
        new = self.make_link(self.auditor).token
        self.assertNotEqual(old, new)
        self.client.logout()
        self.assertEqual(
            self.client.get(reverse("audits:calendar-feed", args=[old])).status_code, 404
        )
        self.assertEqual(
            self.client.get(reverse("audits:calendar-feed", args=[new])).status_code, 200
        )

    def test_turning_the_link_off_stops_it(self):
        token = self.make_link(self.host_psw).token
        self.client.post(reverse("audits:calendar-feed-settings"), {"action": "stop"})
        self.assertFalse(CalendarFeed.objects.exists())
        self.assertEqual(
            self.client.get(reverse("audits:calendar-feed", args=[token])).status_code, 404
        )

    def test_the_host_psw_and_coordinator_feeds_hold_their_visits(self):
        host = self.make_link(self.host_psw)
        self.client.logout()
        self.assertIn(
            ("Case file audit at Sandwell", datetime.date(2027, 3, 9)),
            summaries(self.client.get(reverse("audits:calendar-feed", args=[host.token]))),
        )
        coordinator = self.make_link(self.coordinator)
        self.client.logout()
        response = self.client.get(reverse("audits:calendar-feed", args=[coordinator.token]))
        self.assertIn(
            ("Case file audit at Walsall", datetime.date(2027, 5, 4)), summaries(response)
        )

    def test_a_person_who_has_left_has_no_feed(self):
        feed = self.make_link(self.co_auditor)
        self.co_auditor.is_active = False
        self.co_auditor.save()
        self.client.logout()
        self.assertEqual(
            self.client.get(reverse("audits:calendar-feed", args=[feed.token])).status_code, 404
        )

    def test_a_person_sees_only_their_own_link(self):
        feed = self.make_link(self.auditor)
        page = self.sign_in(self.co_auditor).get(reverse("audits:calendar-feed-settings"))
        self.assertNotContains(page, feed.token)
