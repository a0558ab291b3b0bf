"""A host council's regional view shows how its latest issued audit moved since the one before
(audits.comparison), to its own PSW, Director and AD only."""

from django.urls import reverse

from learning.council_since import latest_since
from tests.base import CastTestCase, R, make_person
from tests.learning import scenario as learning_scenario

URL = reverse("learning:my-council")
# Sandwell 2023 → 2025 (tests.learning.scenario): theme 1 from 0% to 82% Met, theme 2 from
# 100% to 33%; cases judged Good or better from 100% (5 of 5) to 83% (5 of 6).
MOVED = ["up 82 points", "down 67 points", "down 17 points"]


class MyCouncilSinceTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        learning_scenario.build(cls)
        cls.dudley_director = make_person("director@dudley.test", R.DIRECTOR, cls.dudley)

    def section(self, person) -> str:
        response = self.sign_in(person).get(URL)
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        start = page.index('id="since-the-last-audit"')
        return page[start : page.index('id="learning-actions"')]

    def test_it_compares_the_latest_issued_audit_with_the_one_before(self):
        since = latest_since(self.host_director)
        self.assertEqual(since.visit, self.sandwell_2025)
        self.assertEqual(since.comparison.previous_visit_id, self.sandwell_2023.pk)
        t1, t2 = since.comparison.themes
        self.assertEqual((t1.before.text, t1.now.text, t1.change), ("0%", "82%", 82))
        self.assertEqual((t2.before.text, t2.now.text, t2.change), ("100%", "33%", -67))

    def test_it_shows_the_hosts_psw_director_and_ad_each_theme_moving(self):
        link = reverse("audits:visit-since-last", args=[self.sandwell_2025.pk])
        for person in (self.host_psw, self.host_director, self.host_ad):
            with self.subTest(role=person.role):
                section = self.section(person)
                for moved in MOVED:
                    self.assertIn(moved, section)
                self.assertIn("9 March 2023", section)
                self.assertIn(f'href="{link}"', section)

    def test_it_suppresses_a_theme_built_from_too_few_cases(self):
        # Three of Sandwell's six 2025 cases leave theme 2 unanswered: theme 2 now rests on
        # three cases, so it is suppressed and its movement not worked out.
        self.sandwell_2025.case_files.order_by("pk")[0].answers.filter(
            question__key__startswith="t2-"
        ).delete()
        for case in self.sandwell_2025.case_files.order_by("pk")[1:3]:
            case.answers.filter(question__key__startswith="t2-").delete()
        section = self.section(self.host_director)
        self.assertIn("up 82 points", section)
        self.assertIn("suppressed", section)
        self.assertIn("not compared", section)
        self.assertNotIn("down 67 points", section)

    def test_another_council_sees_only_its_own_first_audit(self):
        section = self.section(self.dudley_director)
        self.assertIn("Once Dudley has two issued audits", section)
        for moved in MOVED:
            self.assertNotIn(moved, section)
        self.assertIsNone(latest_since(self.outsider))  # Coventry's only visit is a draft

    def test_the_peer_team_coordinator_and_anonymous_visitors_do_not_see_it(self):
        for person in (self.peer, self.coordinator):
            with self.subTest(role=person.role):
                response = self.sign_in(person).get(URL)
                self.assertEqual(response.status_code, 403)
                self.assertNotIn(b"up 82 points", response.content)
            self.assertIsNone(latest_since(person))
        self.client.logout()
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("account_login")))
