"""The cast with tokens: a visit of Sandwell's with an issued report, and a way to call the API."""

import datetime
import json

from django.core.cache import cache

from api.tokens import make_token
from audits.models import LearningAction
from tests.base import VisitCastTestCase
from tests.reports.support import TemporaryMedia, store_version

API = "/api/v1"


class ApiCastTestCase(TemporaryMedia, VisitCastTestCase):
    """Sandwell's issued visit (Dudley's PSW leads, Walsall's audits, the peer is on the peer
    challenge team) with version 1 of its report, and a learning action of each auditor."""

    visit_status = "issued"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.issued = store_version(cls.visit, 1, by=cls.coordinator)
        cls.actions = {
            person: LearningAction.objects.create(
                owner=person,
                council=person.home_authority,
                visit=cls.visit,
                action=f"Share the strengths toolkit in {person.home_authority.name}.",
                due_on=datetime.date(2027, 6, 30),
            )
            for person in (cls.auditor, cls.co_auditor)
        }

    def setUp(self):
        super().setUp()
        cache.clear()  # the rate limit's counts

    def token_of(self, person, **options) -> str:
        return make_token(owner=person, name="Power BI", **options).secret

    def call(self, path, secret=None, **query):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
        return self.client.get(f"{API}{path}", query, **headers)

    def read(self, path, person, **query) -> dict:
        response = self.call(path, self.token_of(person), **query)
        assert response.status_code == 200, (path, person.email, response.content)
        return json.loads(response.content)
