"""The audit trail: who, when and what changed, never the words of free text; append-only on
PostgreSQL; and refusals of the access mechanism recorded."""

import contextlib
import importlib

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db import DatabaseError, connection, transaction
from django.test import TestCase
from django.urls import reverse

from auditportal import trail
from auditportal.models import AccessDenial
from audits.models import Answer, Recommendation, Visit
from tests.base import VisitCastTestCase
from tests.factories import declare_team

ON_POSTGRESQL = connection.vendor == "postgresql"
SQLITE_REASON = (
    "the append-only guard is a PostgreSQL trigger; SQLite, the laptop default, has none"
)


@contextlib.contextmanager
def trigger_off():
    """PostgreSQL only: as before the trail's migration made it append-only (in the test's
    transaction, so it is back on when the test ends)."""
    statement = "ALTER TABLE auditlog_logentry {} TRIGGER auditlog_logentry_append_only"
    if ON_POSTGRESQL:
        with connection.cursor() as cursor:
            # The foreign keys' checks are deferred to the commit; a table with checks still
            # pending cannot be altered, so they run now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(statement.format("DISABLE"))
    yield
    if ON_POSTGRESQL:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(statement.format("ENABLE"))
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class MaskingTests(VisitCastTestCase):
    visit_status = Visit.Status.ON_SITE

    def test_every_text_field_of_every_model_in_the_trail_is_masked(self):
        for model, options in auditlog._registry.items():
            with self.subTest(model=model.__name__):
                kept_out = set(options["exclude_fields"])  # never recorded at all
                self.assertLessEqual(
                    set(trail.text_fields(model)) - kept_out, set(options["mask_fields"])
                )
                self.assertEqual(options["mask_callable"], trail.MASK_CALLABLE)
        answer_fields = auditlog.get_model_fields(Answer)["mask_fields"]
        self.assertIn("note", answer_fields)

    def test_a_masked_value_is_its_length_and_a_keyed_hash(self):
        masked = trail.mask("Seen by a manager.")
        self.assertRegex(masked, r"^18 characters, fingerprint [0-9a-f]{12}$")
        self.assertEqual(masked, trail.mask("Seen by a manager."))
        self.assertNotEqual(masked, trail.mask("Seen by a mentor.."))
        with self.settings(AUDITPORTAL_TRAIL_KEY="another key"):
            self.assertNotEqual(masked, trail.mask("Seen by a manager."))
        self.assertEqual(trail.mask(""), "")

    def test_an_entry_names_its_object_by_id_not_by_its_text(self):
        recommendation = Recommendation.objects.create(
            visit=self.visit, text="Offer every carer an assessment.", created_by=self.auditor
        )
        entry = LogEntry.objects.get_for_object(recommendation).get()
        self.assertEqual(entry.object_repr, f"recommendation {recommendation.pk}")
        self.assertNotIn("carer", str(entry.changes) + entry.object_repr)

    def test_the_migration_scrubs_rows_written_before_the_mask(self):
        recommendation = Recommendation.objects.create(
            visit=self.visit, text="Offer every carer an assessment.", created_by=self.auditor
        )
        migration = importlib.import_module("auditportal.migrations.0002_trail_keeps_no_free_text")
        from django.apps import apps

        with trigger_off():  # the scrub runs before the trigger exists
            LogEntry.objects.filter(object_id=recommendation.pk).update(
                changes={"text": ["None", "Offer every carer an assessment."]},
                object_repr="Offer every carer an assessment.",
            )
            migration.scrub_free_text(apps, None)
        entry = LogEntry.objects.get_for_object(recommendation).get()
        self.assertEqual(
            entry.changes["text"], ["", trail.mask("Offer every carer an assessment.")]
        )
        self.assertEqual(entry.object_repr, f"recommendation {recommendation.pk}")


@pytest.mark.skipif(not ON_POSTGRESQL, reason=SQLITE_REASON)
class AppendOnlyTests(VisitCastTestCase):
    """The trigger refuses changes from the table's owner and from a role granted every
    privilege on it: neither the application nor a script can rewrite history."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Recommendation.objects.create(
            visit=cls.visit, text="Offer assessments.", created_by=cls.auditor
        )

    def refused(self, sql):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)

    def test_the_owner_can_neither_update_nor_delete_a_trail_row(self):
        self.refused("UPDATE auditlog_logentry SET object_repr = 'rewritten'")
        self.refused("DELETE FROM auditlog_logentry")
        self.assertTrue(LogEntry.objects.exists())

    def test_a_separate_role_with_every_privilege_is_refused_too(self):
        with connection.cursor() as cursor:
            cursor.execute("DROP ROLE IF EXISTS auditportal_trail_probe")
            cursor.execute("CREATE ROLE auditportal_trail_probe")
            cursor.execute("GRANT ALL ON auditlog_logentry TO auditportal_trail_probe")
            cursor.execute("SET ROLE auditportal_trail_probe")
            try:
                self.refused("UPDATE auditlog_logentry SET object_repr = 'rewritten'")
                self.refused("DELETE FROM auditlog_logentry")
                cursor.execute("SELECT count(*) FROM auditlog_logentry")
                self.assertGreater(cursor.fetchone()[0], 0)
            finally:
                cursor.execute("RESET ROLE")
        self.assertFalse(LogEntry.objects.filter(object_repr="rewritten").exists())


class DenialTests(VisitCastTestCase):
    visit_status = Visit.Status.ON_SITE

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        declare_team(cls.visit)

    def test_a_page_hidden_from_a_person_is_a_recorded_404(self):
        response = self.sign_in(self.outsider).get(self.visit.get_absolute_url())
        self.assertEqual(response.status_code, 404)
        denial = AccessDenial.objects.get()
        self.assertEqual(
            (denial.person, denial.status, denial.view_name, denial.subject, denial.lookup),
            (self.outsider, 404, "audits:visit-detail", "audits.visit", f"pk={self.visit.pk}"),
        )
        self.assertEqual(len(denial.request_id), 32)
        self.assertEqual(response["X-Request-ID"], denial.request_id)

    def test_a_change_a_person_may_not_make_is_a_recorded_403(self):
        url = reverse("audits:visit-edit", args=[self.visit.pk])
        self.assertEqual(self.sign_in(self.auditor).get(url).status_code, 403)
        self.assertEqual(AccessDenial.objects.get().status, 403)

    def test_pages_a_person_may_open_record_nothing_and_nor_does_an_anonymous_visitor(self):
        self.assertEqual(
            self.sign_in(self.auditor).get(self.visit.get_absolute_url()).status_code, 200
        )
        self.client.logout()
        self.client.get(self.visit.get_absolute_url())
        self.assertFalse(AccessDenial.objects.exists())


class AnonymousDenialTests(TestCase):
    def test_a_missing_page_outside_the_access_mechanism_is_not_a_denial(self):
        self.client.get("/no-such-page/")
        self.assertFalse(AccessDenial.objects.exists())
