"""Coordinators keep their region's councils and people; nobody else can."""

from django.urls import reverse

from authorities.models import Authority, User
from tests.base import CastTestCase


class CouncilListTests(CastTestCase):
    def test_it_shows_the_coordinator_the_regions_fourteen_councils(self):
        response = self.sign_in(self.coordinator).get(reverse("authorities:authority-list"))
        self.assertContains(response, "14 councils")
        self.assertContains(response, "E08000027")
        self.assertNotContains(response, "Bolton")

    def test_it_shows_another_region_only_its_own_councils(self):
        response = self.sign_in(self.other_coordinator).get(reverse("authorities:authority-list"))
        self.assertContains(response, "Bolton")
        self.assertNotContains(response, "Dudley")

    def test_a_psw_reads_the_list_but_cannot_add(self):
        response = self.sign_in(self.auditor).get(reverse("authorities:authority-list"))
        self.assertNotContains(response, reverse("authorities:authority-create"))
        response = self.client.get(reverse("authorities:authority-create"))
        self.assertEqual(response.status_code, 403)


class CouncilEditTests(CastTestCase):
    def test_the_coordinator_adds_a_council_with_a_checked_ons_code(self):
        client = self.sign_in(self.coordinator)
        response = client.post(
            reverse("authorities:authority-create"),
            {"name": "Test Borough", "ons_code": "x123", "kind": "unitary"},
        )
        self.assertContains(response, "Enter the council&#x27;s ONS code")
        self.assertContains(response, 'value="Test Borough"')
        response = client.post(
            reverse("authorities:authority-create"),
            {"name": "Test Borough", "ons_code": "e06000999", "kind": "unitary"},
        )
        self.assertRedirects(response, reverse("authorities:authority-list"))
        added = Authority.objects.get(ons_code="E06000999")
        self.assertEqual(added.region, self.region)

    def test_another_regions_coordinator_cannot_see_our_council(self):
        url = reverse("authorities:authority-edit", args=["dudley"])
        self.assertEqual(self.sign_in(self.other_coordinator).get(url).status_code, 404)

    def test_a_director_cannot_change_a_council(self):
        url = reverse("authorities:authority-edit", args=["sandwell"])
        self.assertEqual(self.sign_in(self.host_director).get(url).status_code, 403)


class PeopleTests(CastTestCase):
    def test_the_coordinator_adds_a_psw_to_a_council(self):
        response = self.sign_in(self.coordinator).post(
            reverse("authorities:person-create"),
            {
                "full_name": "New Worker",
                "email": "New.Worker@Solihull.test",
                "role": "psw",
                "home_authority": Authority.objects.get(slug="solihull").pk,
                "is_active": "on",
            },
        )
        self.assertRedirects(response, reverse("authorities:person-list"))
        person = User.objects.get(email="new.worker@solihull.test")
        self.assertEqual(person.region, self.region)
        self.assertFalse(person.has_usable_password())

    def test_a_psw_needs_a_council_and_the_form_keeps_what_was_typed(self):
        response = self.sign_in(self.coordinator).post(
            reverse("authorities:person-create"),
            {"full_name": "No Council", "email": "nc@x.test", "role": "psw"},
        )
        self.assertContains(response, "Choose the council this Principal Social Worker works for")
        self.assertContains(response, 'value="No Council"')

    def test_it_refuses_a_duplicate_email_whatever_its_case(self):
        response = self.sign_in(self.coordinator).post(
            reverse("authorities:person-create"),
            {"full_name": "Dup", "email": "PSW@dudley.test", "role": "tool_owner"},
        )
        self.assertContains(response, "Someone already signs in with this e-mail address")

    def test_a_coordinator_cannot_make_a_platform_administrator(self):
        response = self.sign_in(self.coordinator).post(
            reverse("authorities:person-create"),
            {"full_name": "Sneaky", "email": "s@x.test", "role": "platform_admin"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(User.objects.filter(email="s@x.test").exists())

    def test_a_coordinator_cannot_put_someone_in_another_regions_council(self):
        response = self.sign_in(self.coordinator).post(
            reverse("authorities:person-create"),
            {
                "full_name": "Far",
                "email": "far@x.test",
                "role": "psw",
                "home_authority": self.bolton.pk,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(User.objects.filter(email="far@x.test").exists())

    def test_people_pages_are_closed_to_other_roles_and_regions(self):
        list_url = reverse("authorities:person-list")
        edit_url = reverse("authorities:person-edit", args=[self.outsider.pk])
        for person in [self.auditor, self.host_director, self.peer, self.tool_owner]:
            with self.subTest(role=person.role):
                client = self.sign_in(person)
                self.assertEqual(client.get(list_url).status_code, 403)
                self.assertEqual(client.get(edit_url).status_code, 404)
        self.assertEqual(self.sign_in(self.other_coordinator).get(edit_url).status_code, 404)

    def test_the_coordinator_stops_someone_signing_in(self):
        client = self.sign_in(self.coordinator)
        url = reverse("authorities:person-edit", args=[self.outsider.pk])
        response = client.post(
            url,
            {
                "full_name": self.outsider.full_name,
                "email": self.outsider.email,
                "role": "psw",
                "home_authority": self.coventry.pk,
            },
        )
        self.assertRedirects(response, reverse("authorities:person-list"))
        self.outsider.refresh_from_db()
        self.assertFalse(self.outsider.is_active)
