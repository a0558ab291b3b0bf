"""The one access mechanism: 404 for what a person may not see, 403 for what they may not change."""

import pytest
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

    def test_it_sees_nothing_for_a_model_without_a_policy(self):
        from django.contrib.sessions.models import Session

        self.assertFalse(access.visible(self.coordinator, Session).exists() and True)
        self.assertEqual(
            str(access.visible(self.coordinator, Session).query.__class__.__name__), "Query"
        )
        self.assertEqual(list(access.visible(self.platform_admin, Session)), [])

    def test_it_hides_everything_from_a_person_who_has_left(self):
        self.coordinator.is_active = False
        self.assertEqual(access.visible(self.coordinator, Region).count(), 0)
