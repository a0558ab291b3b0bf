"""Each auditor records what they take back to their own council, and later how it went."""

import datetime

from django.urls import reverse
from django.utils import timezone

from audits.models import LearningAction
from tests.base import R, VisitCastTestCase, make_person
from tests.factories import make_visit


def action_data(visit, **overrides) -> dict:
    data = {
        "visit": str(visit.pk),
        "action": "Bring the visit's supervision template to our practice forum.",
        "due_on_0": "30",
        "due_on_1": "6",
        "due_on_2": "2027",
    }
    data.update(overrides)
    return data


def make_action(owner, visit, *, due_on=None, status="open", action="Share the template."):
    return LearningAction.objects.create(
        owner=owner,
        council=owner.home_authority,
        visit=visit,
        action=action,
        due_on=due_on or datetime.date(2027, 6, 30),
        status=status,
    )


class LearningActionTests(VisitCastTestCase):
    visit_status = "drafting"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dudley_director = make_person("director@dudley.test", R.DIRECTOR, cls.dudley)
        cls.add_url = reverse("audits:learningaction-create")
        cls.list_url = reverse("learning:action-register")

    def test_it_records_an_action_for_the_auditors_own_council(self):
        response = self.sign_in(self.auditor).post(self.add_url, action_data(self.visit))
        self.assertRedirects(response, self.list_url)
        action = LearningAction.objects.get()
        self.assertEqual((action.owner, action.council), (self.auditor, self.dudley))
        self.assertEqual(action.visit_id, self.visit.pk)
        self.assertEqual(action.due_on, datetime.date(2027, 6, 30))
        self.assertEqual(action.status, "open")

    def test_it_offers_only_the_visits_the_auditor_has_been_on_site_for(self):
        planned = make_visit(
            host=self.coventry,
            tool=self.tool,
            coordinator=self.coordinator,
            lead=self.auditor,
            first_day=datetime.date(2027, 9, 7),
        )
        someone_elses = make_visit(
            host=self.coventry,
            tool=self.tool,
            coordinator=self.coordinator,
            lead=self.co_auditor,
            first_day=datetime.date(2027, 10, 5),
            status="issued",
        )
        page = self.sign_in(self.auditor).get(self.add_url)
        self.assertContains(page, f'value="{self.visit.pk}"')
        self.assertNotContains(page, f'value="{planned.pk}"')
        self.assertNotContains(page, f'value="{someone_elses.pk}"')
        response = self.client.post(self.add_url, action_data(someone_elses))
        self.assertContains(response, "Select a valid choice")
        self.assertFalse(LearningAction.objects.exists())

    def test_it_keeps_what_was_typed_when_the_date_is_missing(self):
        data = action_data(self.visit, due_on_0="", due_on_1="", due_on_2="")
        response = self.sign_in(self.auditor).post(self.add_url, data)
        self.assertContains(response, "Enter the due by")
        self.assertContains(response, "supervision template to our practice forum")

    def test_it_updates_the_status_with_a_note(self):
        action = make_action(self.auditor, self.visit)
        url = reverse("audits:learningaction-edit", args=[action.pk])
        self.sign_in(self.auditor).post(
            url,
            {
                "action": action.action,
                "due_on_0": "30",
                "due_on_1": "6",
                "due_on_2": "2027",
                "status": "done",
                "status_note": "Presented at the May forum.",
            },
        )
        action.refresh_from_db()
        self.assertEqual(
            (action.status, action.status_note), ("done", "Presented at the May forum.")
        )

    def test_it_asks_why_an_action_was_dropped(self):
        action = make_action(self.auditor, self.visit)
        url = reverse("audits:learningaction-edit", args=[action.pk])
        data = {
            "action": action.action,
            "due_on_0": "30",
            "due_on_1": "6",
            "due_on_2": "2027",
            "status": "dropped",
            "status_note": "",
        }
        response = self.sign_in(self.auditor).post(url, data)
        self.assertContains(response, "Say why the action was dropped")
        action.refresh_from_db()
        self.assertEqual(action.status, "open")

    def test_psws_directors_and_the_coordinator_find_it_in_the_menu(self):
        link = f'href="{self.list_url}"'
        for person in [self.auditor, self.dudley_director, self.coordinator]:
            with self.subTest(person=person.email):
                self.assertContains(self.sign_in(person).get(reverse("home")), link)
        for person in [self.peer, self.platform_admin, self.tool_owner]:
            with self.subTest(person=person.email):
                self.assertNotContains(self.sign_in(person).get(reverse("home")), link)

    def test_it_flags_an_open_action_past_its_due_date_as_overdue(self):
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        make_action(self.auditor, self.visit, due_on=yesterday)
        make_action(self.auditor, self.visit, due_on=yesterday, status="done")
        response = self.sign_in(self.auditor).get(self.list_url)
        self.assertContains(response, "Overdue", count=1)


class LearningActionAccessTests(VisitCastTestCase):
    visit_status = "drafting"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dudley_director = make_person("director@dudley.test", R.DIRECTOR, cls.dudley)
        cls.action = make_action(cls.auditor, cls.visit)
        cls.edit_url = reverse("audits:learningaction-edit", args=[cls.action.pk])

    def status(self, person, method, url, data=None):
        self.client.logout()
        if person:
            self.client.force_login(person)
        return getattr(self.client, method)(url, data or {}).status_code

    def test_it_sends_anonymous_visitors_to_sign_in(self):
        for url in [reverse("audits:learningaction-create"), self.edit_url]:
            response = self.client.get(url)
            self.assertTrue(response["Location"].startswith(reverse("account_login")))

    def test_only_the_owner_changes_an_action(self):
        people = {
            self.co_auditor: 404,
            self.outsider: 404,
            self.host_psw: 404,
            self.host_director: 404,
            self.peer: 404,
            self.platform_admin: 404,
            self.other_coordinator: 404,
            self.coordinator: 403,
            self.dudley_director: 403,
        }
        for person, expected in people.items():
            for method in ["get", "post"]:
                with self.subTest(person=person.email, method=method):
                    self.assertEqual(self.status(person, method, self.edit_url), expected)
        self.assertEqual(self.status(self.auditor, "get", self.edit_url), 200)
        self.action.refresh_from_db()
        self.assertEqual(self.action.status, "open")

    def test_only_psws_record_actions(self):
        url = reverse("audits:learningaction-create")
        for person in [self.coordinator, self.dudley_director, self.peer, self.platform_admin]:
            for method in ["get", "post"]:
                with self.subTest(person=person.email, method=method):
                    self.assertEqual(self.status(person, method, url, action_data(self.visit)), 403)
        self.assertEqual(LearningAction.objects.count(), 1)
