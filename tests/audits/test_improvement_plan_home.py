"""Overdue improvement plan actions are on the attention list of the host's people and the
region's coordinator; the host's people find their plans from home."""

import datetime

from django.urls import reverse
from freezegun import freeze_time

from audits.services.improvement import add_plan_action
from tests.audits.test_improvement_plan import recommend
from tests.base import VisitCastTestCase


@freeze_time("2027-07-01 09:00")
class PlanOnHomePageTests(VisitCastTestCase):
    visit_status = "issued"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        carers = recommend(cls.visit, by=cls.auditor)
        add_plan_action(
            recommendation=carers, by=cls.host_psw, action="Report carers' audits to DMT.",
            due_on=datetime.date(2027, 6, 1), owner=cls.host_director,
        )  # fmt: skip
        add_plan_action(
            recommendation=carers, by=cls.host_psw, action="Train duty staff on carers.",
            due_on=datetime.date(2027, 9, 1), owner_role="Head of Service",
        )  # fmt: skip

    def home(self, person):
        return self.sign_in(person).get(reverse("home"))

    def test_it_shows_the_hosts_people_the_overdue_action_and_their_plan(self):
        for person in (self.host_director, self.host_ad, self.host_psw):
            with self.subTest(person=person.email):
                page = self.home(person)
                self.assertContains(page, "Improvement plan actions overdue")
                self.assertContains(page, "Report carers&#x27; audits to DMT.")
                self.assertNotContains(page, "Train duty staff")
                self.assertContains(page, reverse("audits:plan-detail", args=[self.visit.pk]))

    def test_it_shows_the_coordinator_the_overdue_action(self):
        page = self.home(self.coordinator)
        self.assertContains(page, "Sandwell: Report carers&#x27; audits to DMT.")

    def test_it_does_not_show_auditors_or_other_councils_the_hosts_overdue_actions(self):
        for person in (self.auditor, self.outsider, self.peer, self.other_coordinator):
            with self.subTest(person=person.email):
                self.assertNotContains(self.home(person), "Report carers")
