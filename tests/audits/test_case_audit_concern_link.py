"""The case audit page offers the visit's auditors a way to raise an immediate concern about
the case they are reading, and nobody else."""

from django.urls import reverse

from audits.models import Visit
from tests.base import VisitCastTestCase
from tests.factories import declare_team


class ConcernLinkTests(VisitCastTestCase):
    visit_status = Visit.Status.ON_SITE

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        declare_team(cls.visit)
        cls.case = cls.cases[0]
        cls.url = reverse("audits:caseaudit-detail", args=[cls.visit.pk, cls.case.pk])
        cls.raise_url = (
            reverse("audits:concern-raise", args=[cls.visit.pk]) + f"?case={cls.case.pk}"
        )

    def test_it_offers_the_auditor_a_concern_about_this_case(self):
        response = self.sign_in(self.auditor).get(self.url)
        self.assertContains(response, f'href="{self.raise_url}"')
        self.assertContains(response, "Raise an immediate concern about SAN-01")

    def test_it_does_not_offer_the_coordinator_what_only_auditors_do(self):
        response = self.sign_in(self.coordinator).get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Raise an immediate concern")

    def test_it_stops_offering_once_the_report_is_issued(self):
        Visit.objects.filter(pk=self.visit.pk).update(status=Visit.Status.ISSUED)
        response = self.sign_in(self.auditor).get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Raise an immediate concern")
