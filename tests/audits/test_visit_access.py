"""Every visit page, download and feed, for every role: 404 where unseen, 403 where unchangeable."""

import datetime

from django.urls import reverse

from audits.services.visits import renew_calendar_feed
from tests.base import VisitCastTestCase
from tests.factories import make_declaration, make_visit

ROLES = [
    "coordinator",
    "auditor",
    "co_auditor",
    "host_psw",
    "host_director",
    "host_ad",
    "peer",
    "outsider",
    "other_coordinator",
    "platform_admin",
    "tool_owner",
]


def expect(**statuses):
    """Statuses by role; roles not named expect 404 (they may not know the visit exists)."""
    return {role: statuses.get(role, 404) for role in ROLES}


SEES_VISIT = {
    "coordinator": 200,
    "auditor": 200,
    "co_auditor": 200,
    "host_psw": 200,
    "host_director": 200,
    "host_ad": 200,
    "peer": 200,
}
COORDINATOR_ONLY = {**{role: 403 for role in SEES_VISIT}, "coordinator": 200}
SAMPLE_SUPPLIERS = {**COORDINATOR_ONLY, "host_psw": 200}
EVERYONE_WITH_VISITS = {
    **SEES_VISIT,
    "outsider": 200,
    "other_coordinator": 200,
    "platform_admin": 403,
    "tool_owner": 403,
}

# (url name, arguments: "visit" or "case", method, expected statuses)
MATRIX = [
    ("visit-list", None, "get", expect(**EVERYONE_WITH_VISITS)),
    ("visit-calendar", None, "get", expect(**EVERYONE_WITH_VISITS)),
    (
        "visit-create",
        None,
        "get",
        {**{role: 403 for role in ROLES}, "coordinator": 200, "other_coordinator": 200},
    ),
    ("visit-detail", "visit", "get", expect(**SEES_VISIT)),
    ("visit-edit", "visit", "get", expect(**COORDINATOR_ONLY)),
    ("visit-advance", "visit", "get", expect(**COORDINATOR_ONLY)),
    ("visit-ics", "visit", "get", expect(**SEES_VISIT)),
    (
        "declaration-edit",
        "visit",
        "get",
        expect(**{**COORDINATOR_ONLY, "coordinator": 403, "auditor": 200, "co_auditor": 200}),
    ),
    (
        "visit-allocate",
        "visit",
        "post",
        expect(**{**COORDINATOR_ONLY, "coordinator": 302, "auditor": 302}),
    ),
    ("casefile-add", "visit", "get", expect(**SAMPLE_SUPPLIERS)),
    ("casefile-sample-upload", "visit", "get", expect(**SAMPLE_SUPPLIERS)),
    ("casefile-sample-template", "visit", "get", expect(**SAMPLE_SUPPLIERS)),
    # Case details: only the coordinator, the host PSW and auditors who have declared see them.
    ("casefile-edit", "case", "get", expect(coordinator=200, host_psw=200, auditor=403)),
    ("casefile-remove", "case", "get", expect(coordinator=200, host_psw=200, auditor=403)),
    ("casefile-allocation", "case", "get", expect(coordinator=200, auditor=200, host_psw=403)),
    (
        "calendar-feed-settings",
        None,
        "get",
        {role: 200 for role in ROLES} | {"platform_admin": 403, "tool_owner": 403},
    ),
]


class VisitAccessMatrixTests(VisitCastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # The Dudley lead has declared; the Walsall auditor has not yet.
        make_declaration(cls.visit, cls.auditor)
        # The outsider is the host PSW of Coventry's own visit: a host, but not of this one.
        cls.coventry_visit = make_visit(
            host=cls.coventry,
            tool=cls.tool,
            coordinator=cls.coordinator,
            lead=cls.host_psw,
            first_day=datetime.date(2027, 6, 8),
            cases=2,
        )

    def url(self, name, args):
        if args == "visit":
            return reverse(f"audits:{name}", args=[self.visit.pk])
        if args == "case":
            return reverse(f"audits:{name}", args=[self.visit.pk, self.cases[0].pk])
        return reverse(f"audits:{name}")

    def test_every_role_gets_what_the_rules_say_on_every_page(self):
        for name, args, method, statuses in MATRIX:
            url = self.url(name, args)
            for role in ROLES:
                with self.subTest(page=name, role=role):
                    client = self.sign_in(getattr(self, role))
                    response = getattr(client, method)(url)
                    self.assertEqual(response.status_code, statuses[role])

    def test_anonymous_visitors_are_sent_to_sign_in(self):
        self.client.logout()
        for name, args, method, _ in MATRIX:
            with self.subTest(page=name):
                response = getattr(self.client, method)(self.url(name, args))
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(reverse("account_login")))

    def test_lists_never_show_a_visit_beyond_the_persons_reach(self):
        for role in ["outsider", "other_coordinator"]:
            with self.subTest(role=role):
                client = self.sign_in(getattr(self, role))
                for name in ["visit-list", "visit-calendar"]:
                    page = client.get(reverse(f"audits:{name}"), {"month": "2027-03"})
                    self.assertNotContains(page, "Sandwell</a>")

    def test_another_councils_host_psw_reaches_none_of_this_visits_urls(self):
        client = self.sign_in(self.outsider)
        self.assertEqual(client.get(self.coventry_visit.get_absolute_url()).status_code, 200)
        for name, args, method, _ in MATRIX:
            if args is None:
                continue
            with self.subTest(page=name):
                response = getattr(client, method)(self.url(name, args))
                self.assertEqual(response.status_code, 404)

    def test_the_personal_feed_answers_its_token_only(self):
        feed = renew_calendar_feed(person=self.auditor)
        self.client.logout()
        url = reverse("audits:calendar-feed", args=[feed.token])
        self.assertEqual(self.client.get(url).status_code, 200)
        wrong = reverse("audits:calendar-feed", args=["not-the-token"])
        self.assertEqual(self.client.get(wrong).status_code, 404)
