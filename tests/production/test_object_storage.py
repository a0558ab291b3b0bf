"""Issued files on S3-compatible object storage (django-storages), against moto's S3 server
started here: the real S3 API over HTTP, not a stand-in inside this process."""

import hashlib

import pytest
from django.test import override_settings
from django.urls import reverse

from reports import services
from reports.models import IssuedReport
from tests.production.live import moto_or_skip
from tests.reports.support import KnownVisitTestCase

BUCKET = "auditportal-issued"


@pytest.fixture(scope="class")
def s3(request):
    moto = moto_or_skip()
    moto.make_bucket(BUCKET)
    request.cls.moto = moto
    yield moto
    moto.stop()


def s3_storages(moto, bucket=BUCKET) -> dict:
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": moto.url,
                "region_name": moto.region,
                "access_key": "testing",
                "secret_key": "testing",
                "file_overwrite": False,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.mark.usefixtures("s3")
class ObjectStorageTests(KnownVisitTestCase):
    def setUp(self):
        override = override_settings(STORAGES=s3_storages(self.moto))
        override.enable()
        self.addCleanup(override.disable)

    def objects(self) -> dict[str, bytes]:
        client = self.moto.client()
        listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
        return {
            item["Key"]: client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
            for item in listed
        }

    def test_it_stores_the_issued_files_in_the_bucket_with_their_sha256(self):
        before = set(self.objects())
        services.send_for_accuracy_check(report=self.report, by=self.auditor)
        issued = services.issue_report(visit=self.visit, by=self.coordinator)
        stored = {key: body for key, body in self.objects().items() if key not in before}
        self.assertEqual(set(stored), {issued.pdf_file.name, issued.docx_file.name})
        pdf = stored[issued.pdf_file.name]
        self.assertTrue(pdf.startswith(b"%PDF-"))
        self.assertEqual(hashlib.sha256(pdf).hexdigest(), issued.pdf_sha256)
        docx = stored[issued.docx_file.name]
        self.assertEqual(hashlib.sha256(docx).hexdigest(), issued.docx_sha256)

        self.client.force_login(self.host_director)
        response = self.client.get(reverse("reports:version-pdf", args=[self.visit.pk, 1]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response), pdf)

    def test_it_never_replaces_an_object_already_in_the_bucket(self):
        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        first = default_storage.save("reports/visit-0/same-name.pdf", ContentFile(b"first"))
        second = default_storage.save("reports/visit-0/same-name.pdf", ContentFile(b"second"))
        self.assertNotEqual(first, second)
        self.assertEqual(self.objects()[first], b"first")

    def test_the_health_endpoint_checks_the_bucket(self):
        self.assertEqual(self.client.get(reverse("health")).status_code, 200)
        with override_settings(STORAGES=s3_storages(self.moto, bucket="no-such-bucket")):
            response = self.client.get(reverse("health"))
        self.assertEqual((response.status_code, response.content), (503, b"fail\n"))

    def test_the_files_of_a_failed_issue_are_not_left_in_the_bucket(self):
        from unittest import mock

        before = set(self.objects())
        services.send_for_accuracy_check(report=self.report, by=self.auditor)
        with (
            mock.patch.object(IssuedReport.objects, "create", side_effect=RuntimeError("lost")),
            pytest.raises(services.ReportWorkflowError, match="Try issuing it again"),
        ):
            services.issue_report(visit=self.visit, by=self.coordinator)
        self.assertEqual(set(self.objects()), before)
