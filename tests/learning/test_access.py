"""Who may open regional learning's pages and downloads, and who sees nothing of the region."""

from django.urls import reverse

from learning.models import ExportLog
from tests.base import CastTestCase
from tests.learning import scenario as learning_scenario

DASHBOARD = reverse("learning:dashboard")
MY_COUNCIL = reverse("learning:my-council")
CSV = reverse("learning:export-csv")
XLSX = reverse("learning:export-xlsx")
EVERY_URL = [DASHBOARD, MY_COUNCIL, CSV, XLSX]


class LearningAccessTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        learning_scenario.build(cls)

    def test_anonymous_visitors_are_sent_to_sign_in_everywhere(self):
        for url in EVERY_URL:
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(reverse("account_login")))

    def test_platform_administrators_see_nothing(self):
        client = self.sign_in(self.platform_admin)
        for url in EVERY_URL:
            with self.subTest(url):
                self.assertEqual(client.get(url).status_code, 403)
        self.assertFalse(ExportLog.objects.exists())

    def test_every_role_of_the_region_opens_the_dashboard_and_downloads(self):
        people = [
            self.coordinator,
            self.tool_owner,
            self.auditor,
            self.host_psw,
            self.host_director,
            self.host_ad,
            self.peer,
            self.outsider,
        ]
        for person in people:
            client = self.sign_in(person)
            for url in [DASHBOARD, CSV, XLSX]:
                with self.subTest(role=person.role, email=person.email, url=url):
                    self.assertEqual(client.get(url).status_code, 200)
        self.assertEqual(ExportLog.objects.count(), 2 * len(people))

    def test_only_a_councils_own_people_open_my_council(self):
        for person in [
            self.host_psw,
            self.host_director,
            self.host_ad,
            self.auditor,
            self.outsider,
        ]:
            with self.subTest(email=person.email):
                self.assertEqual(self.sign_in(person).get(MY_COUNCIL).status_code, 200)
        for person in [self.coordinator, self.tool_owner, self.peer]:
            with self.subTest(role=person.role):
                self.assertEqual(self.sign_in(person).get(MY_COUNCIL).status_code, 403)

    def test_another_regions_people_see_nothing_of_this_region(self):
        for person in [self.other_coordinator, self.bolton_psw]:
            client = self.sign_in(person)
            for url in [DASHBOARD, CSV, XLSX] + ([MY_COUNCIL] if person.home_authority else []):
                with self.subTest(email=person.email, url=url):
                    response = client.get(url)
                    self.assertEqual(response.status_code, 200)
                    body = response.getvalue()
                    for name in [b"Sandwell", b"Dudley", b"Walsall", b"Test audit tool"]:
                        self.assertNotIn(name, body)
            board = client.get(DASHBOARD).context["board"]
            self.assertEqual([v.pk for v in board.source.visits], [self.bolton_2025.pk])

    def test_the_outsider_sees_letters_and_never_their_own_councils_draft(self):
        response = self.sign_in(self.outsider).get(DASHBOARD)
        board = response.context["board"]
        self.assertNotIn(self.coventry_draft.pk, [v.pk for v in board.source.visits])
        self.assertEqual([c.label for c in board.columns], ["Council A", "Council B", "Council C"])

    def test_a_tool_from_another_region_is_not_a_filter_choice(self):
        response = self.sign_in(self.coordinator).get(DASHBOARD, {"tool": self.bolton_2025.tool_id})
        self.assertContains(response, "Select a valid choice")
        self.assertEqual(len(response.context["board"].source.visits), 4)

    def test_the_year_range_must_run_forwards(self):
        response = self.sign_in(self.coordinator).get(
            DASHBOARD, {"year_from": 2025, "year_to": 2023}
        )
        self.assertContains(response, "Choose a year that is the same as or after the first year")
        self.assertContains(response, "govuk-error-summary")

    def test_the_navigation_offers_regional_learning_to_the_roles_that_read_it(self):
        for person in [
            self.coordinator,
            self.tool_owner,
            self.auditor,
            self.host_director,
            self.host_ad,
            self.peer,
        ]:
            with self.subTest(role=person.role):
                self.assertContains(self.sign_in(person).get(reverse("home")), "Regional learning")
        self.assertNotContains(
            self.sign_in(self.platform_admin).get(reverse("home")), "Regional learning"
        )
