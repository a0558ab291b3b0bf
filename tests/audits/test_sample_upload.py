"""The host PSW uploads the sample as a CSV file: all of it or none, every problem listed."""

import io
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase
from django.urls import reverse

from audits import sampling
from audits.models import CaseFile, Visit
from tests.base import VisitCastTestCase

HEADER = "reference,case_type,team,primary_support_reason,age_band\r\n"
TYPES = list(CaseFile.CaseType.labels)


def good_rows(count=12, start=11):
    return "".join(
        f"SAN-{n:02d},{TYPES[n % len(TYPES)]},Locality team North,Physical support,65 to 84\r\n"
        for n in range(start, start + count)
    )


def upload(content: bytes | str, name="sample.csv"):
    if isinstance(content, str):
        content = content.encode("utf-8")
    return SimpleUploadedFile(name, content, content_type="text/csv")


class SampleUploadTests(VisitCastTestCase):
    def setUp(self):
        self.url = reverse("audits:casefile-sample-upload", args=[self.visit.pk])

    def post(self, content, *, person=None, name="sample.csv"):
        client = self.sign_in(person or self.host_psw)
        return client.post(self.url, {"file": upload(content, name)})

    def assertNothingSaved(self):
        self.assertEqual(self.visit.case_files.count(), 4)

    def test_the_host_psw_uploads_twelve_cases(self):
        response = self.post(HEADER + good_rows())
        self.assertRedirects(response, self.visit.get_absolute_url() + "#sample")
        self.assertEqual(self.visit.case_files.count(), 16)
        case = CaseFile.objects.get(visit=self.visit, reference="SAN-11")
        self.assertEqual(
            (case.case_type, case.primary_support_reason, case.age_band, case.allocated_to),
            (CaseFile.CaseType.values[11 % len(TYPES)], "physical", "65-84", None),
        )

    def test_it_reads_excels_csv_utf8_with_its_byte_order_mark_and_codes_in_any_case(self):
        content = (
            "\ufeffReference,Case type,Team,Primary support reason,Age band\r\n"
            "SAN-20,SECTION_42,Safeguarding hub,MENTAL_HEALTH,85+\r\n"
            "SAN-21,carer,,support for a carer,26-64\r\n"
            ",,,,\r\n"
        )
        self.post(content)
        self.assertEqual(
            list(
                self.visit.case_files.filter(reference__in=["SAN-20", "SAN-21"]).values_list(
                    "case_type", "primary_support_reason", "age_band"
                )
            ),
            [("section_42", "mental_health", "85+"), ("carer", "carer", "26-64")],
        )

    def test_one_bad_row_saves_nothing_and_names_the_row_column_and_fix(self):
        rows = good_rows().splitlines(keepends=True)
        rows[3] = "SAN-14,Asessment,Locality team North,Physical support,65 to 84\r\n"
        response = self.post(HEADER + "".join(rows))
        self.assertNothingSaved()
        self.assertContains(
            response,
            "The file has 1 problem, shown with its row under “Problems in the file”. "
            "Nothing has been saved",
        )
        self.assertNotContains(response, "listed below")
        self.assertContains(response, "“Asessment” is not a case type. Use one of: New assessment")
        problems = response.context["form"].problems
        self.assertEqual([(p.row, p.column) for p in problems], [(5, "case_type")])
        # Fixed, it goes in whole.
        rows[3] = "SAN-14,New assessment,Locality team North,Physical support,65 to 84\r\n"
        self.post(HEADER + "".join(rows))
        self.assertEqual(self.visit.case_files.count(), 16)

    def test_it_lists_every_bad_row(self):
        content = (
            HEADER
            + "SAN-11,Review,,Physical support,65 to 84\r\n"
            + "SAN-11,Review,,Physical support,65 to 84\r\n"  # duplicate in the file
            + "san-01,Review,,Physical support,65 to 84\r\n"  # already in the sample
            + "943 476 5919,Review,,Physical support,65 to 84\r\n"  # an NHS number
            + "John Smith,Review,,Physical support,65 to 84\r\n"  # a name
            + "SAN-15,Review,,Flying,eighty\r\n"  # two unknown values
            + "SAN-16,Review,Mrs Patel's team,Physical support,65 to 84\r\n"  # a name in team
            + "SAN-17,Review\r\n"  # too few values
        )
        response = self.post(content)
        self.assertNothingSaved()
        self.assertContains(response, "problems, each shown with its row under “Problems in the")
        problems = [(p.row, p.column) for p in response.context["form"].problems]
        self.assertEqual(
            problems,
            [
                (3, "reference"),
                (4, "reference"),
                (5, "reference"),
                (6, "reference"),
                (7, "primary_support_reason"),
                (7, "age_band"),
                (8, "team"),
                (9, None),
            ],
        )
        self.assertContains(response, "SAN-11 is already in row 2 of this file")
        self.assertContains(response, "san-01 is already in this visit&#x27;s sample")
        self.assertContains(response, "looks like an NHS number")
        self.assertContains(response, "must not contain spaces")
        self.assertContains(response, "Use one of: 18 to 25, 26 to 64, 65 to 84, 85 and over")
        self.assertContains(response, "Row 9 has 2 values but there are 5 columns")

    def test_it_says_which_columns_are_missing_or_not_allowed(self):
        response = self.post("reference,case_type,name\r\nSAN-11,Review,Jo\r\n")
        self.assertNothingSaved()
        self.assertContains(
            response, "The file has no team, primary_support_reason, age_band columns"
        )
        self.assertContains(response, "Remove the column “name”")

    def test_it_refuses_an_empty_file(self):
        response = self.post("")
        self.assertContains(response, "The file is empty: choose the CSV file with the sample")
        response = self.post("\r\n\r\n")
        self.assertContains(response, "The file is empty")
        response = self.post(HEADER)
        self.assertContains(response, "The file names the columns but has no cases")
        self.assertNothingSaved()

    def test_it_says_when_a_file_is_not_utf8(self):
        content = (HEADER + "SAN-11,Review,Équipe Nord,Physical support,65 to 84\r\n").encode(
            "cp1252"
        )
        response = self.post(content)
        self.assertContains(response, "The file is not saved as UTF-8: line 2")
        self.assertContains(response, "CSV UTF-8 (Comma delimited)")
        self.assertNothingSaved()

    def test_it_names_a_spreadsheet_or_an_image_uploaded_by_mistake(self):
        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
        self.assertContains(
            self.post(png, name="sample.png"), "The file is an image (PNG), not a CSV file"
        )
        xlsx = b"PK\x03\x04" + b"\x00" * 64
        self.assertContains(
            self.post(xlsx, name="sample.xlsx"),
            "an Excel workbook or another zipped file, not a CSV",
        )
        self.assertNothingSaved()

    def test_it_refuses_a_50000_row_file_quickly(self):
        content = HEADER + good_rows(count=50_000, start=1000)
        started = time.perf_counter()
        response = self.post(content)
        self.assertLess(time.perf_counter() - started, 5)
        self.assertContains(response, "a sample file can be at most 512 KB (500 cases)")
        self.assertNothingSaved()

    def test_only_the_host_psw_while_planned_and_the_coordinator_upload(self):
        content = HEADER + good_rows(count=1)
        for person, status in [
            (self.auditor, 403),
            (self.host_director, 403),
            (self.peer, 403),
            (self.outsider, 404),
            (self.other_coordinator, 404),
            (self.platform_admin, 404),
        ]:
            with self.subTest(person=person.email):
                self.assertEqual(self.post(content, person=person).status_code, status)
        Visit.objects.filter(pk=self.visit.pk).update(status=Visit.Status.SAMPLE_AGREED)
        self.assertEqual(self.post(content).status_code, 403)
        self.assertNothingSaved()
        self.assertEqual(self.post(content, person=self.coordinator).status_code, 302)


class ReaderTests(SimpleTestCase):
    """The reader itself, without the web: it stops at the cap and never reads the rest."""

    def test_it_stops_reading_at_the_row_cap(self):
        short = "".join(f"S-{n},review,,physical,85+\n" for n in range(2000))
        data = io.BytesIO((HEADER + short).encode())
        self.assertLess(len(data.getvalue()), sampling.MAX_BYTES)

        class Counting(io.BytesIO):
            read_bytes = 0

            def readline(self, size=-1):
                line = super().readline(size)
                Counting.read_bytes += len(line)
                return line

        stream = Counting(data.getvalue())
        stream.size = len(data.getvalue())
        result = sampling.read_sample(stream)
        self.assertEqual(result.rows, [])
        self.assertEqual(len(result.problems), 1)
        self.assertIn("more than 500 cases; reading stopped at row 502", result.problems[0].message)
        self.assertLess(Counting.read_bytes, len(data.getvalue()) / 3)

    def test_the_template_has_the_columns_and_no_example_case(self):
        self.assertEqual(sampling.template_csv(), HEADER)


class TemplateDownloadTests(VisitCastTestCase):
    def test_the_host_psw_downloads_the_template(self):
        url = reverse("audits:casefile-sample-template", args=[self.visit.pk])
        response = self.sign_in(self.host_psw).get(url)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertEqual(response.content.decode(), HEADER)
        for person, status in [
            (self.auditor, 403),
            (self.host_director, 403),
            (self.outsider, 404),
            (self.other_coordinator, 404),
            (self.platform_admin, 404),
        ]:
            with self.subTest(person=person.email):
                self.assertEqual(self.sign_in(person).get(url).status_code, status)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)
