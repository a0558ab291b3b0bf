"""The learning actions register: every action a person may see, by council, with filters,
overdue actions marked, and the coordinator's follow-ups."""

import datetime

from django.urls import reverse
from django.utils import timezone

from learning.models import ActionReminder, LearningFollowUp
from tests.audits.test_learning_actions import make_action
from tests.base import R, VisitCastTestCase, make_person

REGISTER = reverse("learning:action-register")


class RegisterCast(VisitCastTestCase):
    """Dudley's PSW has an overdue action and one in progress; Walsall's PSW has one done and
    one overdue; Dudley's director reads Dudley's."""

    visit_status = "issued"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        today = timezone.localdate()
        past, future = today - datetime.timedelta(days=10), today + datetime.timedelta(days=30)
        cls.dudley_director = make_person("director@dudley.test", R.DIRECTOR, cls.dudley)
        cls.dudley_late = make_action(
            cls.auditor, cls.visit, due_on=past, action="Audit our own supervision records."
        )
        cls.dudley_going = make_action(
            cls.auditor,
            cls.visit,
            due_on=future,
            status="in_progress",
            action="Run a practice forum on strengths-based assessment.",
        )
        cls.walsall_done = make_action(
            cls.co_auditor, cls.visit, due_on=past, status="done", action="Share the MCA template."
        )
        cls.walsall_late = make_action(
            cls.co_auditor, cls.visit, due_on=past, action="Review carers' assessment letters."
        )

    def page(self, person, query=""):
        self.client.force_login(person)
        return self.client.get(REGISTER + query)


class HostViewOfActionsTests(RegisterCast):
    def test_a_director_sees_how_their_councils_actions_stand_beside_its_results(self):
        self.client.force_login(self.dudley_director)
        page = self.client.get(reverse("learning:my-council"))
        status = page.context["actions"]
        # Dudley's two actions only: one open and overdue, one in progress; Walsall's not.
        self.assertEqual((status.total, status.overdue), (2, 1))
        self.assertEqual(
            status.rows(), [("Open", 1), ("In progress", 1), ("Done", 0), ("Dropped", 0)]
        )
        self.assertContains(page, "1 overdue")
        self.assertContains(page, REGISTER)

    def test_the_host_council_sees_none_of_its_visitors_actions(self):
        self.client.force_login(self.host_director)
        status = self.client.get(reverse("learning:my-council")).context["actions"]
        self.assertEqual(status.total, 0)


class RegisterTests(RegisterCast):
    def test_the_coordinator_sees_every_action_in_the_region_by_council(self):
        response = self.page(self.coordinator)
        groups = response.context["groups"]
        self.assertEqual([g.council.name for g in groups], ["Dudley", "Walsall"])
        self.assertEqual([len(g.actions) for g in groups], [2, 2])
        self.assertEqual((response.context["total"], response.context["overdue"]), (4, 2))
        self.assertContains(response, "govuk-tag--red", count=2)
        self.assertContains(response, '/follow-up/"', count=4)

    def test_a_psw_sees_only_their_own_actions_and_can_update_them(self):
        response = self.page(self.auditor)
        self.assertContains(response, "Audit our own supervision records.")
        self.assertNotContains(response, "Review carers' assessment letters.")
        edit = reverse("audits:learningaction-edit", args=[self.dudley_late.pk])
        self.assertContains(response, f'href="{edit}"')
        self.assertNotContains(response, '/follow-up/"')

    def test_a_director_sees_their_own_councils_actions_without_changing_them(self):
        response = self.page(self.dudley_director)
        self.assertEqual([g.council.name for g in response.context["groups"]], ["Dudley"])
        self.assertNotContains(response, "Share the MCA template.")
        self.assertNotContains(response, "Update the status")
        self.assertNotContains(response, '/follow-up/"')

    def test_the_host_council_does_not_see_what_its_visitors_take_home(self):
        response = self.page(self.host_director)
        self.assertEqual(response.context["total"], 0)
        self.assertContains(response, "No learning actions yet.")

    def test_filters_narrow_by_council_status_and_overdue(self):
        cases = {
            f"?council={self.walsall.pk}": {self.walsall_done, self.walsall_late},
            "?status=done": {self.walsall_done},
            "?status=in_progress": {self.dudley_going},
            "?overdue=on": {self.dudley_late, self.walsall_late},
            f"?council={self.dudley.pk}&overdue=on": {self.dudley_late},
        }
        for query, expected in cases.items():
            with self.subTest(query=query):
                groups = self.page(self.coordinator, query).context["groups"]
                shown = {action for group in groups for action in group.actions}
                self.assertEqual(shown, expected)

    def test_a_council_of_another_region_cannot_be_chosen(self):
        response = self.page(self.coordinator, f"?council={self.bolton.pk}")
        self.assertTrue(response.context["form"].errors)
        self.assertContains(response, "Select a valid choice")
        self.assertEqual(response.context["total"], 4)  # a form with errors filters nothing

    def test_it_shows_when_the_owner_was_last_reminded(self):
        ActionReminder.objects.create(
            owner=self.co_auditor, sent_on=datetime.date(2026, 3, 2), overdue=1
        )
        response = self.page(self.coordinator, f"?council={self.walsall.pk}")
        self.assertContains(response, "Owner last reminded by e-mail on 2 March 2026", count=2)

    def test_it_takes_the_same_queries_however_many_actions(self):
        self.client.force_login(self.coordinator)
        # session, user, the region's councils (filter), actions with owner, council and host,
        # each with its latest follow-up and reminder; the coordinator's region (caption)
        with self.assertNumQueries(5):
            self.client.get(REGISTER)
        for n in range(20):
            action = make_action(self.auditor if n % 2 else self.co_auditor, self.visit)
            LearningFollowUp.objects.create(action=action, by=self.coordinator, note="Chased.")
            ActionReminder.objects.create(
                owner=action.owner,
                sent_on=datetime.date(2026, 1, 1) + datetime.timedelta(n),
                overdue=1,
            )
        with self.assertNumQueries(5):
            response = self.client.get(REGISTER)
        self.assertEqual(response.context["total"], 24)
        self.assertContains(response, "Chased on", count=20)
        self.client.force_login(self.auditor)
        # session, user, their actions, their council (caption)
        with self.assertNumQueries(4):
            self.client.get(REGISTER)


class FollowUpTests(RegisterCast):
    def url(self, action):
        return reverse("learning:action-follow-up", args=[action.pk])

    def test_the_coordinator_records_a_follow_up_that_the_owner_sees(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(
            self.url(self.walsall_late), {"note": "Chased by e-mail; due again in June."}
        )
        self.assertRedirects(response, f"{REGISTER}?council={self.walsall.pk}")
        follow_up = LearningFollowUp.objects.get()
        self.assertEqual((follow_up.action, follow_up.by), (self.walsall_late, self.coordinator))
        owner_view = self.page(self.co_auditor)
        self.assertContains(owner_view, "Chased by e-mail; due again in June.")
        self.assertContains(owner_view, f"by {self.coordinator.full_name}")

    def test_it_keeps_the_text_and_asks_again_when_it_looks_like_an_identifier(self):
        self.client.force_login(self.coordinator)
        text = "Spoke to the owner about the case at B69 3DE."
        response = self.client.post(self.url(self.walsall_late), {"note": text})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, text)
        self.assertContains(response, "govuk-error-summary")
        self.assertFalse(LearningFollowUp.objects.exists())

    def test_an_empty_note_says_what_to_enter(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url(self.walsall_late), {"note": " "})
        self.assertContains(response, "Enter what you asked or agreed")

    def test_nobody_but_the_regions_coordinator_records_follow_ups(self):
        people = {
            self.auditor: 403,  # sees their own action, but does not chase it
            self.co_auditor: 404,
            self.dudley_director: 403,
            self.host_director: 404,
            self.host_psw: 404,
            self.outsider: 404,
            self.peer: 404,
            self.tool_owner: 404,
            self.platform_admin: 404,
            self.other_coordinator: 404,
        }
        for person, expected in people.items():
            for method in ("get", "post"):
                with self.subTest(person=person.email, method=method):
                    self.client.force_login(person)
                    response = getattr(self.client, method)(
                        self.url(self.dudley_late), {"note": "Chased."}
                    )
                    self.assertEqual(response.status_code, expected)
        self.assertFalse(LearningFollowUp.objects.exists())


class RegisterAccessTests(RegisterCast):
    def test_it_sends_anonymous_visitors_to_sign_in(self):
        for url in [REGISTER, reverse("learning:action-follow-up", args=[self.dudley_late.pk])]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertTrue(response["Location"].startswith(reverse("account_login")))

    def test_roles_without_learning_actions_are_refused(self):
        for person in [self.peer, self.tool_owner, self.platform_admin]:
            with self.subTest(person=person.email):
                self.assertEqual(self.page(person).status_code, 403)

    def test_outsiders_and_other_regions_see_none_of_the_regions_actions(self):
        for person in [self.outsider, self.host_psw, self.other_coordinator]:
            with self.subTest(person=person.email):
                response = self.page(person)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.context["total"], 0)
                for action in [self.dudley_late, self.walsall_late]:
                    self.assertNotContains(response, action.action)
