"""Every endpoint, for a token of each role that sees a different scope: a token reads what
its person may read and nothing more, and nothing in any answer is a case note."""

import datetime
import json

from django.test import override_settings
from django.urls import reverse

from api.models import ApiCall, PersonalToken
from audits.models import Answer, Conversation, LearningAction, ThemeFinding
from tests.api.support import API, ApiCastTestCase
from tests.factories import make_answers, make_conversation, make_visit

LISTS = ["/visits", "/reports", "/learning/counts", "/learning/actions"]


class ScopeTests(ApiCastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Coventry's own visit, which Sandwell's people and its auditors never see.
        cls.coventry_visit = make_visit(
            host=cls.coventry,
            tool=cls.tool,
            coordinator=cls.coordinator,
            lead=cls.host_psw,
            first_day=datetime.date(2027, 6, 8),
        )

    def visit_councils(self, person):
        return [v["council"]["name"] for v in self.read("/visits", person)["items"]]

    def test_each_role_lists_the_visits_it_may_see(self):
        expected = {
            "coordinator": ["Sandwell", "Coventry"],
            "auditor": ["Sandwell"],
            "host_psw": ["Sandwell", "Coventry"],  # the host of one, the lead of the other
            "host_director": ["Sandwell"],
            "peer": ["Sandwell"],
            "outsider": ["Coventry"],  # Coventry's PSW: their own council's, not Sandwell's
            "other_coordinator": [],
            "platform_admin": [],
        }
        for role, councils in expected.items():
            with self.subTest(role=role):
                self.assertEqual(self.visit_councils(getattr(self, role)), councils)

    def test_a_visit_beyond_the_persons_reach_is_not_found(self):
        path = f"/visits/{self.visit.pk}"
        self.assertEqual(self.read(path, self.host_director)["council"]["name"], "Sandwell")
        for person in [self.outsider, self.other_coordinator, self.platform_admin]:
            with self.subTest(person=person.email):
                response = self.call(path, self.token_of(person))
                self.assertEqual(response.status_code, 404)
                self.assertNotIn("Sandwell", response.content.decode())

    def test_the_team_shows_only_to_those_who_see_it_on_the_site(self):
        team = self.read(f"/visits/{self.visit.pk}", self.host_psw)["team"]
        self.assertEqual(
            [(m["role"], m["council"]) for m in team],
            [("Lead auditor", "Dudley"), ("Auditor", "Walsall"), ("Coordinator", None)],
        )
        self.assertEqual(self.read(f"/visits/{self.visit.pk}", self.peer)["team"], [])

    def test_each_role_lists_the_report_versions_it_may_download(self):
        for role in ["coordinator", "auditor", "host_psw", "host_director", "peer"]:
            with self.subTest(role=role):
                items = self.read("/reports", getattr(self, role))["items"]
                self.assertEqual(
                    [(r["visit_id"], r["version"]) for r in items], [(self.visit.pk, 1)]
                )
        for role in ["outsider", "other_coordinator", "platform_admin"]:
            with self.subTest(role=role):
                self.assertEqual(self.read("/reports", getattr(self, role))["items"], [])

    def test_report_files_link_to_the_sites_own_logged_download(self):
        item = self.read("/reports", self.host_director)["items"][0]
        pdf = reverse("reports:version-pdf", args=[self.visit.pk, 1])
        self.assertEqual(item["pdf"]["url"], f"http://testserver{pdf}")
        self.assertEqual(item["pdf"]["sha256"], self.issued.pdf_sha256)
        self.sign_in(self.host_director)
        download = self.client.get(pdf)
        self.assertEqual(download.status_code, 200)
        self.assertEqual(self.issued.downloads.count(), 1)
        self.sign_in(self.outsider)
        self.assertEqual(self.client.get(pdf).status_code, 404)

    def test_each_role_lists_the_learning_actions_it_may_see(self):
        def councils(person):
            return [a["council"]["name"] for a in self.read("/learning/actions", person)["items"]]

        self.assertEqual(councils(self.coordinator), ["Dudley", "Walsall"])
        self.assertEqual(councils(self.auditor), ["Dudley"])
        self.assertEqual(councils(self.co_auditor), ["Walsall"])
        for person in [self.host_psw, self.host_director, self.peer, self.other_coordinator]:
            with self.subTest(person=person.email):
                self.assertEqual(councils(person), [])

    def test_regional_learning_is_refused_to_a_role_that_does_not_read_it(self):
        response = self.call("/learning/counts", self.token_of(self.platform_admin))
        self.assertEqual(response.status_code, 403)
        self.assertIn("Regional learning is for", response.json()["detail"])
        self.assertEqual(self.read("/learning/counts", self.other_coordinator)["items"], [])


class NoCaseNotesTests(ApiCastTestCase):
    NOTE = "Mrs Q's son visits on Tuesdays; evidence note NOTE-7f3a"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        question = cls.tool.themes.first().questions.first()
        make_answers(cls.cases[0], {question.key: "met"}, by=cls.auditor)
        Answer.objects.update(note=cls.NOTE, text=cls.NOTE)
        make_conversation(cls.visit, group="leaders", by=cls.auditor, notes=cls.NOTE)
        ThemeFinding.objects.create(
            visit=cls.visit, theme=cls.tool.themes.first(), strengths=cls.NOTE
        )
        LearningAction.objects.update(status_note=cls.NOTE)

    def test_no_answer_holds_a_case_note(self):
        self.assertTrue(Answer.objects.filter(note=self.NOTE).exists())
        self.assertTrue(Conversation.objects.filter(notes=self.NOTE).exists())
        for person in [self.coordinator, self.auditor, self.host_psw]:
            for path in [*LISTS, f"/visits/{self.visit.pk}"]:
                with self.subTest(person=person.email, path=path):
                    response = self.call(path, self.token_of(person))
                    self.assertEqual(response.status_code, 200)
                    self.assertNotIn("NOTE-7f3a", response.content.decode())


class PagingTests(ApiCastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for month in (5, 7):
            make_visit(
                host=cls.sandwell,
                tool=cls.tool,
                coordinator=cls.coordinator,
                lead=cls.co_auditor,
                auditors=[cls.auditor],
                first_day=datetime.date(2027, month, 4),
            )

    def test_it_pages_with_a_total_and_next_and_previous_links(self):
        secret = self.token_of(self.coordinator)
        first = self.call("/visits", secret, limit=2).json()
        self.assertEqual(first["count"], 3)
        self.assertEqual(len(first["items"]), 2)
        self.assertIsNone(first["previous"])
        self.assertEqual(first["next"], f"http://testserver{API}/visits?limit=2&offset=2")
        second = self.client.get(first["next"], HTTP_AUTHORIZATION=f"Bearer {secret}").json()
        self.assertEqual(len(second["items"]), 1)
        self.assertIsNone(second["next"])
        self.assertEqual(second["previous"], f"http://testserver{API}/visits?limit=2&offset=0")
        days = [v["first_day"] for v in first["items"] + second["items"]]
        self.assertEqual(days, ["2027-03-09", "2027-05-04", "2027-07-04"])

    def test_a_longer_page_costs_no_more_queries(self):
        """Teams, councils and tools are read once a page, not once a visit."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        secret = self.token_of(self.coordinator)
        self.call("/visits", secret, limit=1)  # the token's first use is recorded once
        counts = []
        for limit in (1, 3):
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(
                    len(self.call("/visits", secret, limit=limit).json()["items"]), limit
                )
            counts.append(len(queries))
        self.assertGreater(counts[0], 5)  # token, rate limit, count, page, team, log
        self.assertEqual(counts[0], counts[1])

    def test_it_says_what_to_fix_in_a_bad_page_request(self):
        secret = self.token_of(self.coordinator)
        for query in [{"limit": 501}, {"limit": 0}, {"offset": -1}, {"limit": "many"}]:
            with self.subTest(query=query):
                response = self.call("/visits", secret, **query)
                self.assertEqual(response.status_code, 422)
                self.assertIn("Check the query", response.json()["detail"])
        self.assertEqual(len(self.call("/visits", secret, limit=500).json()["items"]), 3)


class CallLogTests(ApiCastTestCase):
    def test_every_call_is_logged_with_its_person_token_path_and_status(self):
        secret = self.token_of(self.host_psw)
        token = PersonalToken.objects.get()
        self.call("/visits", secret, limit=5)
        self.call(f"/visits/{self.visit.pk + 99}", secret)
        self.call("/reports", "ap_not-a-real-token")
        calls = list(ApiCall.objects.order_by("pk"))
        self.assertEqual(
            [(c.person, c.token, c.path, c.status) for c in calls],
            [
                (self.host_psw, token, f"{API}/visits?limit=5", 200),
                (self.host_psw, token, f"{API}/visits/{self.visit.pk + 99}", 404),
                (None, None, f"{API}/reports", 401),
            ],
        )
        self.assertTrue(all(c.at and c.address == "127.0.0.1" for c in calls))

    def test_answers_are_never_cached(self):
        response = self.call("/visits", self.token_of(self.host_psw))
        self.assertIn("no-store", response["Cache-Control"])


@override_settings(AUDITPORTAL_API_RATE="3/m")
class RateLimitTests(ApiCastTestCase):
    def test_it_answers_429_with_retry_after_once_a_token_has_used_its_calls(self):
        secret = self.token_of(self.host_psw)
        for _ in range(3):
            self.assertEqual(self.call("/visits", secret).status_code, 200)
        refused = self.call("/visits", secret)
        self.assertEqual(refused.status_code, 429)
        self.assertIn("Too many calls", refused.json()["detail"])
        self.assertTrue(1 <= int(refused["Retry-After"]) <= 60)
        self.assertEqual(ApiCall.objects.filter(status=429).count(), 1)
        # Counted per token: another person's token is not held back.
        self.assertEqual(self.call("/visits", self.token_of(self.coordinator)).status_code, 200)


class OpenApiTests(ApiCastTestCase):
    def test_it_serves_a_valid_openapi_description_to_signed_in_people(self):
        from openapi_spec_validator import validate

        self.sign_in(self.host_psw)
        response = self.client.get(reverse("api:v1:openapi-json"))
        self.assertEqual(response.status_code, 200)
        document = json.loads(response.content)
        validate(document)
        self.assertEqual(
            sorted(document["paths"]),
            [f"{API}{p}" for p in ["/learning/actions", "/learning/counts", "/reports", "/visits"]]
            + [f"{API}/visits/{{visit_id}}"],
        )
        self.assertEqual(
            document["components"]["securitySchemes"]["TokenBearer"]["scheme"], "bearer"
        )

    def test_anonymous_visitors_and_bare_tokens_are_sent_to_sign_in(self):
        url = reverse("api:v1:openapi-json")
        for headers in [{}, {"HTTP_AUTHORIZATION": f"Bearer {self.token_of(self.host_psw)}"}]:
            response = self.client.get(url, **headers)
            self.assertEqual(response.status_code, 302)
            self.assertTrue(response["Location"].startswith(reverse("account_login")))


class DefaultRateTests(ApiCastTestCase):
    def test_the_readme_rate_of_120_calls_a_minute_is_the_default(self):
        from django.conf import settings

        from api.security import TokenRateThrottle

        self.assertEqual(TokenRateThrottle().parse_rate(settings.AUDITPORTAL_API_RATE), (120, 60))
