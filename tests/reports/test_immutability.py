"""An issued report never changes: not through the model, not through a queryset, not through
raw SQL on PostgreSQL. A correction adds a version; the first one's bytes stay as issued."""

import hashlib

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from reports.models import ImmutableRecordError, IssuedReport, Supersession

from .support import KnownVisitTestCase, store_version

ON_POSTGRESQL = connection.vendor == "postgresql"
SQLITE_REASON = (
    "the database-level guard is a PostgreSQL trigger; SQLite, the laptop default, relies on "
    "the model and queryset guards"
)


class ModelGuardTests(KnownVisitTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.first = store_version(cls.visit, 1, by=cls.coordinator)
        cls.second = store_version(cls.visit, 2, by=cls.coordinator)

    def test_it_refuses_to_save_an_issued_version_again(self):
        issued = IssuedReport.objects.get(pk=self.first.pk)
        issued.pdf_sha256 = "0" * 64
        with pytest.raises(ImmutableRecordError):
            issued.save()
        self.assertEqual(
            IssuedReport.objects.get(pk=self.first.pk).pdf_sha256, self.first.pdf_sha256
        )

    def test_it_refuses_to_delete_an_issued_version(self):
        with pytest.raises(ImmutableRecordError):
            IssuedReport.objects.get(pk=self.first.pk).delete()
        self.assertTrue(IssuedReport.objects.filter(pk=self.first.pk).exists())

    def test_it_refuses_bulk_changes_and_deletes(self):
        with pytest.raises(ImmutableRecordError):
            IssuedReport.objects.filter(visit=self.visit).update(correction_note="Quietly changed")
        with pytest.raises(ImmutableRecordError):
            IssuedReport.objects.all().delete()
        with pytest.raises(ImmutableRecordError):
            IssuedReport.objects.bulk_update([self.first], ["correction_note"])
        self.assertEqual(IssuedReport.objects.count(), 2)

    def test_supersession_is_written_once_too(self):
        supersession = Supersession.objects.get()
        with pytest.raises(ImmutableRecordError):
            supersession.save()
        with pytest.raises(ImmutableRecordError):
            Supersession.objects.all().delete()

    def test_the_visit_cannot_be_deleted_from_under_its_issued_reports(self):
        from django.db.models import ProtectedError

        with pytest.raises(ProtectedError):
            self.visit.delete()

    def test_a_version_number_is_used_once_per_visit(self):
        from django.db import IntegrityError

        with transaction.atomic(), pytest.raises(IntegrityError):
            store_version(self.visit, 2, by=self.coordinator)


@pytest.mark.skipif(not ON_POSTGRESQL, reason=SQLITE_REASON)
class DatabaseGuardTests(KnownVisitTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.first = store_version(cls.visit, 1, by=cls.coordinator)
        cls.second = store_version(cls.visit, 2, by=cls.coordinator)

    def raw(self, sql, params=()):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)

    def test_postgresql_refuses_a_raw_update(self):
        with pytest.raises(DatabaseError, match="Issued reports cannot be changed or deleted"):
            self.raw(
                "UPDATE reports_issuedreport SET pdf_sha256 = %s WHERE id = %s",
                ["0" * 64, self.first.pk],
            )
        self.assertEqual(
            IssuedReport.objects.get(pk=self.first.pk).pdf_sha256, self.first.pdf_sha256
        )

    def test_postgresql_refuses_a_raw_delete(self):
        with pytest.raises(DatabaseError, match="Issued reports cannot be changed or deleted"):
            self.raw("DELETE FROM reports_issuedreport WHERE id = %s", [self.first.pk])
        self.assertTrue(IssuedReport.objects.filter(pk=self.first.pk).exists())

    def test_postgresql_refuses_to_undo_a_supersession(self):
        with pytest.raises(DatabaseError, match="Issued reports cannot be changed or deleted"):
            self.raw("DELETE FROM reports_supersession")
        self.assertEqual(Supersession.objects.count(), 1)


class StoredBytesTests(KnownVisitTestCase):
    """Version 1 as the director downloaded it is what they can download after a correction."""

    def test_version_one_is_byte_for_byte_the_same_after_a_correction(self):
        from reports import services

        from .support import quick_render

        services.send_for_accuracy_check(report=self.report, by=self.auditor)
        with quick_render():
            first = services.issue_report(visit=self.visit, by=self.coordinator)
        client = self.sign_in(self.host_director)
        url = reverse("reports:version-pdf", args=[self.visit.pk, 1])
        downloaded = b"".join(client.get(url))
        self.assertEqual(hashlib.sha256(downloaded).hexdigest(), first.pdf_sha256)

        # The team changes the text and the coordinator issues a correction.
        services.reopen_for_correction(report=self.report, by=self.coordinator)
        self.report.refresh_from_db()
        services.save_draft(
            report=self.report,
            by=self.auditor,
            expected_version=self.report.version,
            summary="A different summary.",
            sections={},
        )
        with quick_render():
            second = services.issue_report(
                visit=self.visit, by=self.coordinator, correction_note="New summary."
            )

        again = b"".join(client.get(url))
        self.assertEqual(again, downloaded)
        self.assertEqual(hashlib.sha256(again).hexdigest(), first.pdf_sha256)
        self.assertNotEqual(second.pdf_sha256, first.pdf_sha256)
        latest = b"".join(client.get(reverse("reports:version-pdf", args=[self.visit.pk, 2])))
        self.assertEqual(hashlib.sha256(latest).hexdigest(), second.pdf_sha256)

    def test_a_stored_file_that_no_longer_matches_its_digest_is_never_served(self):
        from reports.views import StoredFileChanged

        issued = store_version(self.visit, 1, by=self.coordinator)
        with open(issued.pdf_file.path, "ab") as tampered:
            tampered.write(b"%% appended later")
        client = self.sign_in(self.host_director)
        with pytest.raises(StoredFileChanged):
            client.get(reverse("reports:version-pdf", args=[self.visit.pk, 1]))
