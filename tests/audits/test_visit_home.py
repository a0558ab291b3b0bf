"""Home pages say what each role should do next about visits."""

import datetime
from unittest import mock

from django.urls import reverse

from tests.base import VisitCastTestCase
from tests.factories import make_declaration

TODAY = datetime.date(2027, 2, 1)  # five weeks before the cast's visit


@mock.patch("django.utils.timezone.localdate", return_value=TODAY)
class HomeTests(VisitCastTestCase):
    def test_the_coordinator_sees_upcoming_visits_and_those_needing_attention(self, _today):
        page = self.sign_in(self.coordinator).get(reverse("home"))
        self.assertEqual(page.context["visits_needing_attention"], [self.visit])
        self.assertContains(page, "1 thing to do before sample agreed")
        self.assertContains(page, "Upcoming visits")
        self.assertContains(page, "14 councils")

    def test_a_ready_visit_needs_no_attention(self, _today):
        make_declaration(self.visit, self.auditor)
        make_declaration(self.visit, self.co_auditor)
        page = self.sign_in(self.coordinator).get(reverse("home"))
        self.assertEqual(page.context["visits_needing_attention"], [])

    def test_an_auditor_sees_their_next_visit_and_the_declaration_due(self, _today):
        page = self.sign_in(self.co_auditor).get(reverse("home"))
        self.assertContains(page, "Declarations due")
        self.assertContains(page, reverse("audits:declaration-edit", args=[self.visit.pk]))
        self.assertEqual(page.context["next_visit"], self.visit)
        make_declaration(self.visit, self.co_auditor)
        self.assertNotContains(self.client.get(reverse("home")), "Declarations due")

    def test_an_auditor_on_site_is_sent_straight_to_their_cases(self, _today):
        make_declaration(self.visit, self.co_auditor)
        self.visit.status = "on_site"
        self.visit.save()
        page = self.sign_in(self.co_auditor).get(reverse("home"))
        self.assertContains(page, "On site now")
        self.assertContains(page, reverse("audits:visit-progress", args=[self.visit.pk]))
        self.assertNotContains(page, "Your next visit")

    def test_the_host_psw_sees_the_sample_to_supply(self, _today):
        page = self.sign_in(self.host_psw).get(reverse("home"))
        self.assertContains(page, "Sample to supply")
        self.assertContains(page, "4 cases so far")

    def test_others_see_no_visit_panels(self, _today):
        page = self.sign_in(self.outsider).get(reverse("home"))
        self.assertNotContains(page, "Sample to supply")
        self.assertNotContains(page, "Declarations due")
        self.assertIsNone(page.context["next_visit"])
