"""The header marks the one area the page belongs to."""

from django.urls import reverse

from tests.base import CastTestCase


class NavigationTests(CastTestCase):
    def current(self, person, url):
        self.client.force_login(person)
        items = self.client.get(url).context["navigation"]
        return [item["label"] for item in items if item["active"]]

    def test_a_visits_report_belongs_to_reports_not_visits(self):
        self.assertEqual(self.current(self.coordinator, "/visits/1/report/"), ["Reports"])
        self.assertEqual(self.current(self.coordinator, reverse("audits:visit-list")), ["Visits"])

    def test_the_register_belongs_to_learning_actions_not_regional_learning(self):
        register = reverse("learning:action-register")
        self.assertEqual(self.current(self.coordinator, register), ["Learning actions"])
        dashboard = reverse("learning:dashboard")
        self.assertEqual(self.current(self.coordinator, dashboard), ["Regional learning"])

    def test_home_is_current_only_on_the_home_page(self):
        self.assertEqual(self.current(self.auditor, reverse("home")), ["Home"])
        self.assertEqual(self.current(self.auditor, reverse("audits:tool-list")), ["Audit tool"])
