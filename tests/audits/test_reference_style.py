"""Hints and messages about case references show the host council's own style (its latest
reference, else the first letters of its name), never another council's."""

from django.test import SimpleTestCase
from django.urls import reverse

from audits.identifiers import example_reference
from audits.models import CaseFile
from tests.audits.test_sample_upload import HEADER, upload
from tests.base import VisitCastTestCase


class ExampleReferenceTests(SimpleTestCase):
    def test_it_follows_the_councils_latest_reference(self):
        self.assertEqual(example_reference("Sandwell", "SW-0012"), "SW-0007")
        self.assertEqual(example_reference("Dudley", "dud/31"), "DUD/07")
        self.assertEqual(example_reference("Walsall", "WAL3"), "WAL7")

    def test_it_falls_back_on_the_councils_name(self):
        self.assertEqual(example_reference("Sandwell"), "SAN-07")
        self.assertEqual(example_reference("St Helens", "an odd one"), "STH-07")


class HostStyleTests(VisitCastTestCase):
    """Sandwell's references look like SW-0012 here: its own style, not Dudley's DUD-07."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        CaseFile.objects.create(
            visit=cls.visit,
            reference="SW-0012",
            case_type=CaseFile.CaseType.values[0],
            primary_support_reason=CaseFile.SupportReason.values[0],
            age_band=CaseFile.AgeBand.values[0],
        )

    def test_the_upload_hint_shows_the_hosts_own_style(self):
        url = reverse("audits:casefile-sample-upload", args=[self.visit.pk])
        page = self.sign_in(self.host_psw).get(url)
        self.assertContains(page, "such as SW-0007.")
        self.assertNotContains(page, "DUD-07")

    def test_a_bad_reference_in_the_file_is_explained_in_the_hosts_style(self):
        url = reverse("audits:casefile-sample-upload", args=[self.visit.pk])
        row = "Mary Smith,Review,,Physical support,65 to 84\r\n"
        page = self.sign_in(self.host_psw).post(url, {"file": upload(HEADER + row)})
        self.assertContains(page, "pseudonymous keys such as SW-0007 do not.")
        self.assertNotContains(page, "DUD-07")

    def test_the_one_case_form_hints_and_explains_in_the_hosts_style(self):
        url = reverse("audits:casefile-add", args=[self.visit.pk])
        client = self.sign_in(self.host_psw)
        self.assertContains(client.get(url), "such as SW-0007. Never a name")
        page = client.post(url, {"reference": "", "case_type": "review"})
        self.assertContains(page, "Enter the case&#x27;s pseudonymous reference, such as SW-0007")
        self.assertNotContains(page, "SAN-07")
        self.assertNotContains(page, "DUD-07")
