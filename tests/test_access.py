"""The one access mechanism: 404 for what a person may not see, 403 for what they may not change."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.http import Http404

from auditportal import access
from authorities.models import Authority, Region
from tests.base import CastTestCase


class FetchTests(CastTestCase):
    def test_it_returns_what_the_person_may_see(self):
        self.assertEqual(access.fetch(self.auditor, Authority, slug="dudley"), self.dudley)

    def test_it_hides_what_the_person_may_not_see(self):
        with pytest.raises(Http404):
            access.fetch(self.other_coordinator, Authority, slug="dudley")

    def test_it_refuses_a_change_the_person_may_not_make(self):
        with pytest.raises(PermissionDenied):
            access.fetch(self.auditor, Authority, edit=True, slug="dudley")

    def test_it_hides_everything_from_a_person_who_has_left(self):
        self.assertEqual(list(access.visible(self.coordinator, Region)), [self.region])
        self.coordinator.is_active = False
        self.assertEqual(list(access.visible(self.coordinator, Region)), [])
        with pytest.raises(Http404):
            access.fetch(self.coordinator, Region, pk=self.region.pk)


class ModelWithoutAPolicyTests(CastTestCase):
    """Sessions have no access policy: nobody reaches a row of them through ``access``,
    however powerful, even though the table has rows."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        session = SessionStore()
        session["note"] = "A session row the policy must hide."
        session.create()
        cls.session = Session.objects.get(session_key=session.session_key)

    def everyone(self):
        return [
            self.coordinator,
            self.other_coordinator,
            self.tool_owner,
            self.auditor,
            self.host_director,
            self.peer,
            self.platform_admin,
        ]

    def test_it_has_no_policy_of_its_own(self):
        self.assertIs(type(access.policy_for(Session)), access.Policy)

    def test_it_lists_no_rows_to_anyone(self):
        for person in self.everyone():
            with self.subTest(person=person.email):
                self.assertEqual(list(access.visible(person, Session)), [])
                self.assertEqual(list(access.visible(person, Session.objects.all())), [])

    def test_it_fetches_no_row_for_anyone(self):
        for person in self.everyone():
            with self.subTest(person=person.email), pytest.raises(Http404):
                access.fetch(person, Session, session_key=self.session.session_key)

    def test_it_lets_nobody_change_or_add_one(self):
        for person in self.everyone():
            with self.subTest(person=person.email):
                self.assertFalse(access.can_change(person, self.session))
                self.assertFalse(access.can_create(person, Session))
