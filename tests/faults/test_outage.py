"""A real outage on PostgreSQL: the server ends the service's connection in the middle of a
save. The person gets the 503 page, nothing of the save is left half-written, and the next
request works without anyone restarting anything."""

from contextlib import contextmanager
from unittest import skipUnless

from auditlog.models import LogEntry
from django.db import connection
from django.db.models.signals import post_save
from django.test import Client, TransactionTestCase
from django.urls import reverse

from audits.models import Recommendation
from tests.base import Cast
from tests.factories import make_tool, make_visit


@contextmanager
def connection_ended_after_saving(model):
    """Once a row of ``model`` is written, a second connection ends the first one, as
    ``pg_terminate_backend`` does when a database fails over or an operator steps in."""

    def end_the_connection(**kwargs):
        backend = connection.connection.info.backend_pid
        other = connection.get_new_connection(connection.get_connection_params())
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [backend])
        finally:
            other.close()

    post_save.connect(end_the_connection, sender=model, dispatch_uid="outage")
    try:
        yield
    finally:
        post_save.disconnect(sender=model, dispatch_uid="outage")


@skipUnless(connection.vendor == "postgresql", "ends a PostgreSQL backend; CI runs it there")
class OutageTests(TransactionTestCase):
    def setUp(self):
        Cast.build(self)
        self.visit = make_visit(
            host=self.sandwell,
            tool=make_tool(self.region),
            coordinator=self.coordinator,
            lead=self.auditor,
            auditors=[self.co_auditor],
            cases=2,
            status="drafting",
        )
        self.client = Client(raise_request_exception=False)
        self.client.force_login(self.auditor)
        self.url = reverse("audits:recommendation-create", args=[self.visit.pk])

    def test_it_shows_the_503_page_keeps_no_half_save_and_recovers_alone(self):
        with connection_ended_after_saving(Recommendation):
            response = self.client.post(self.url, {"text": "Offer carers an assessment."})
        self.assertEqual(response.status_code, 503)
        self.assertContains(response, "the service is unavailable", status_code=503)
        self.assertFalse(Recommendation.objects.exists())
        self.assertFalse(LogEntry.objects.filter(content_type__model="recommendation").exists())

        again = self.client.post(self.url, {"text": "Offer carers an assessment."})
        self.assertEqual(again.status_code, 302)
        self.assertEqual(Recommendation.objects.get().text, "Offer carers an assessment.")
