"""Faults lose nothing and leave a trace a person can quote: every response has a request id,
the 500 and 503 pages print it without touching the database, an oversized body is refused
before it is read, case pages are never stored by browsers, and logs are JSON lines."""

import io
import json
import logging

from django.core.handlers.wsgi import WSGIHandler
from django.test import Client, override_settings
from django.urls import reverse

from auditportal import logs
from audits.models import Visit
from tests.base import VisitCastTestCase
from tests.factories import declare_team


class ExplodingStream(io.RawIOBase):
    """A request body that must never be read."""

    read_calls = 0

    def read(self, *args):
        type(self).read_calls += 1
        raise AssertionError("the body was read")

    readline = read


@override_settings(ROOT_URLCONF="tests.faults.urls")
class ErrorPageTests(VisitCastTestCase):
    def client_that_keeps_going(self, person=None):
        client = Client(raise_request_exception=False)
        if person:
            client.force_login(person)
        return client

    def test_every_response_carries_a_request_id(self):
        response = self.sign_in(self.coordinator).get(reverse("home"))
        self.assertRegex(response["X-Request-ID"], r"^[0-9a-f]{32}$")
        again = self.client.get(reverse("home"))
        self.assertNotEqual(again["X-Request-ID"], response["X-Request-ID"])

    def test_a_500_page_shows_its_request_id_and_reads_no_database(self):
        client = self.client_that_keeps_going(self.coordinator)
        client.get(reverse("home"))  # the session and person are loaded once before
        with self.assertLogs("django.request", "ERROR"):
            response = client.get("/test-faults/broken/", {"q": "SENTINEL-7f3a"})
        self.assertEqual(response.status_code, 500)
        self.assertContains(response, "Sorry, there is a problem with the service", status_code=500)
        self.assertContains(response, response["X-Request-ID"], status_code=500)
        self.assertNotContains(response, "SENTINEL-7f3a", status_code=500)
        self.assertIn("no-store", response["Cache-Control"])

    def test_a_lost_database_gives_the_503_page_and_the_next_request_works(self):
        client = self.client_that_keeps_going(self.coordinator)
        with self.assertLogs("auditportal.faults", "ERROR") as logged:
            response = client.get("/test-faults/unreachable/")
        self.assertEqual(response.status_code, 503)
        self.assertContains(response, "the service is unavailable", status_code=503)
        self.assertContains(response, response["X-Request-ID"], status_code=503)
        self.assertEqual(response["Retry-After"], "30")
        self.assertIn("database unavailable", logged.output[0])
        self.assertEqual(client.get(reverse("home")).status_code, 200)

    def test_the_503_page_is_rendered_without_a_query(self):
        client = self.client_that_keeps_going()
        with self.assertNumQueries(0), self.assertLogs("auditportal.faults", "ERROR"):
            response = client.get("/test-faults/public-unreachable/")
        self.assertEqual(response.status_code, 503)


class BodySizeTests(VisitCastTestCase):
    def test_an_oversized_body_is_refused_with_a_413_page_before_it_is_read(self):
        ExplodingStream.read_calls = 0
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": reverse("audits:casefile-sample-upload", args=[self.visit.pk]),
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "wsgi.url_scheme": "http",
            "wsgi.input": ExplodingStream(),
            "CONTENT_TYPE": "multipart/form-data; boundary=x",
            "CONTENT_LENGTH": str(50 * 1024 * 1024),
        }
        started = {}

        def start_response(status, headers):
            started["status"], started["headers"] = status, dict(headers)

        body = b"".join(WSGIHandler()(environ, start_response))
        self.assertEqual(started["status"], "413 Request Entity Too Large")
        self.assertEqual(ExplodingStream.read_calls, 0)
        self.assertIn(b"What you sent is too large", body)
        self.assertIn(b"50.0 MB", body)
        self.assertIn(b"10.0 MB", body)
        self.assertEqual(started["headers"]["Connection"], "close")

    def test_a_body_under_the_limit_goes_through(self):
        response = self.sign_in(self.host_psw).post(
            reverse("audits:casefile-sample-upload", args=[self.visit.pk]), {"file": ""}
        )
        self.assertEqual(response.status_code, 200)


class NoStoreTests(VisitCastTestCase):
    visit_status = Visit.Status.ON_SITE

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        declare_team(cls.visit)

    def test_pages_with_case_content_fieldwork_reports_and_learning_are_never_stored(self):
        case = self.cases[0]
        pages = {
            self.auditor: [
                reverse("audits:caseaudit-detail", args=[self.visit.pk, case.pk]),
                reverse("audits:caseaudit-trail", args=[self.visit.pk, case.pk]),
                reverse("audits:conversation-list", args=[self.visit.pk]),
                reverse("audits:themefinding-list", args=[self.visit.pk]),
                reverse("learning:dashboard"),
                reverse("home"),
            ],
            self.coordinator: [
                self.visit.get_absolute_url(),
                reverse("reports:report-detail", args=[self.visit.pk]),
                reverse("authorities:person-list"),
            ],
        }
        for person, urls in pages.items():
            client = self.sign_in(person)
            for url in urls:
                with self.subTest(url=url):
                    response = client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertIn("no-store", response["Cache-Control"])
                    self.assertIn("private", response["Cache-Control"])

    def test_a_public_statement_may_be_cached(self):
        response = self.client.get(reverse("accessibility"))
        self.assertNotIn("no-store", response.get("Cache-Control", ""))


class NonceTests(VisitCastTestCase):
    def test_the_policy_carries_a_nonce_and_the_page_s_scripts_carry_the_same(self):
        response = self.sign_in(self.coordinator).get(reverse("home"))
        policy = response["Content-Security-Policy"]
        script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
        nonce = script_src.split("'nonce-")[1].split("'")[0]
        self.assertIn(f'nonce="{nonce}"', response.content.decode())
        self.assertNotIn("unsafe", script_src)


class LogTests(VisitCastTestCase):
    def test_a_log_line_is_json_in_utc_with_the_request_and_the_person(self):
        handler = logging.StreamHandler(io.StringIO())
        handler.setFormatter(logs.JSONFormatter())
        handler.addFilter(logs.ContextFilter())
        logger = logging.getLogger("auditportal.access")
        logger.addHandler(handler)
        try:
            response = self.sign_in(self.outsider).get(self.visit.get_absolute_url())
        finally:
            logger.removeHandler(handler)
        line = json.loads(handler.stream.getvalue().splitlines()[-1])
        self.assertEqual(line["message"], "access refused")
        self.assertEqual(line["request_id"], response["X-Request-ID"])
        self.assertEqual(line["person_id"], self.outsider.pk)
        self.assertTrue(line["time"].endswith("+00:00"))
        self.assertEqual((line["status"], line["view"]), (404, "audits:visit-detail"))

    def test_an_exception_is_logged_by_type_and_place_not_by_its_words(self):
        try:
            int("SENTINEL-7f3a")
        except ValueError:
            record = logging.getLogger("x").makeRecord(
                "x", logging.ERROR, __file__, 1, "failed", (), exc_info=__import__("sys").exc_info()
            )
        line = json.loads(logs.JSONFormatter().format(record))
        self.assertEqual(line["exception"]["type"], "builtins.ValueError")
        self.assertNotIn("SENTINEL-7f3a", json.dumps(line))
        self.assertIn("test_faults.py", line["exception"]["at"][-1])
