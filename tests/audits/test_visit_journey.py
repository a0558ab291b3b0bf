"""The journey from the issue: Sandwell's visit from scheduling to both auditors' calendars."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from icalendar import Calendar

from audits.models import CalendarFeed, Visit
from tests.base import CastTestCase
from tests.factories import make_tool

HEADER = "reference,case_type,team,primary_support_reason,age_band\r\n"
TYPES = [
    "New assessment",
    "Review",
    "Carer",
    "Section 42 enquiry",
    "Capacity and best-interest decision",
    "Transition to adulthood",
    "Hospital discharge",
    "Direct payment",
    "Closed with no further action",
    "Review",
    "New assessment",
    "Carer",
]


class SandwellJourneyTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tool = make_tool(cls.region)

    def test_from_scheduling_to_the_auditors_calendars(self):
        # The coordinator tries a Sandwell PSW first, and is told why not.
        coordinator = self.sign_in(self.coordinator)
        form = {
            "host": self.sandwell.pk,
            "tool": self.tool.pk,
            "first_day_0": "9",
            "first_day_1": "3",
            "first_day_2": "2027",
            "data_sharing_reference": "DSA-2027-SAN",
            "lead": self.auditor.pk,
            "auditors": [self.host_psw.pk],
        }
        response = coordinator.post(reverse("audits:visit-create"), form)
        self.assertContains(response, "works for Sandwell, the host council")
        form["auditors"] = [self.co_auditor.pk]
        response = coordinator.post(reverse("audits:visit-create"), form)
        visit = Visit.objects.get()
        self.assertRedirects(response, visit.get_absolute_url(), fetch_redirect_response=False)

        # The Sandwell PSW uploads twelve cases; one row is wrong, so nothing goes in.
        rows = [
            f"SAN-{n:02d},{case_type},Locality team,Physical support,65 to 84\r\n"
            for n, case_type in enumerate(TYPES, start=1)
        ]
        rows[6] = "SAN-07,Hospital discharge,Locality team,Physical support,over 65\r\n"
        host = self.sign_in(self.host_psw)
        upload_url = reverse("audits:casefile-sample-upload", args=[visit.pk])
        response = host.post(
            upload_url, {"file": SimpleUploadedFile("s.csv", (HEADER + "".join(rows)).encode())}
        )
        self.assertContains(response, "“over 65” is not an age band")
        self.assertEqual(visit.case_files.count(), 0)
        rows[6] = "SAN-07,Hospital discharge,Locality team,Physical support,65 to 84\r\n"
        host.post(
            upload_url, {"file": SimpleUploadedFile("s.csv", (HEADER + "".join(rows)).encode())}
        )
        self.assertEqual(visit.case_files.count(), 12)

        # The coordinator allocates: six each.
        self.sign_in(self.coordinator).post(reverse("audits:visit-allocate", args=[visit.pk]))
        for auditor in (self.auditor, self.co_auditor):
            self.assertEqual(visit.case_files.filter(allocated_to=auditor).count(), 6)

        # Both auditors find the visit in "my visits" and in their own calendar.
        for auditor in (self.auditor, self.co_auditor):
            client = self.sign_in(auditor)
            self.assertContains(client.get(reverse("audits:visit-list")), "9 to 10 March 2027")
            client.post(reverse("audits:calendar-feed-settings"), {"action": "renew"})
            token = CalendarFeed.objects.get(person=auditor).token
            client.logout()
            feed = Calendar.from_ical(
                self.client.get(reverse("audits:calendar-feed", args=[token])).content
            )
            starts = [event.decoded("DTSTART") for event in feed.walk("VEVENT")]
            self.assertIn(datetime.date(2027, 3, 9), starts)
