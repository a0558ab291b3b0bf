"""Exports: counts per visit, theme and level, suppressed below 5 cases, neutralised, logged."""

import csv
import io
from datetime import datetime

from django.urls import reverse
from openpyxl import load_workbook

from audits.models import Answer, AuditTool, RatingLevel, RatingScale, Theme, Visit
from learning import tallies
from learning.exports import neutralise
from learning.models import ExportLog, QuestionTally, ThemeTally
from tests.base import CastTestCase
from tests.factories import make_audited_visit, make_tool, thawed
from tests.learning import scenario as learning_scenario

CSV = reverse("learning:export-csv")
XLSX = reverse("learning:export-xlsx")


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def xlsx_rows(response) -> list[dict]:
    sheet = load_workbook(io.BytesIO(response.content))["Results"]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


class ExportTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        learning_scenario.build(cls)

    def test_it_counts_answers_per_visit_theme_and_level(self):
        rows = csv_rows(self.sign_in(self.coordinator).get(CSV))
        sandwell_t1 = {
            r["Level"]: r["Count"]
            for r in rows
            if r["Council"] == "Sandwell" and r["Year"] == "2025" and r["Theme key"] == "t1"
        }
        self.assertEqual(
            sandwell_t1,
            {
                "Met": "14",
                "Partly met": "1",
                "Not met": "1",
                "Not evidenced on file": "1",
                "Not applicable": "1",
            },
        )
        judged = {
            r["Level"]: r["Count"]
            for r in rows
            if r["Council"] == "Sandwell" and r["Year"] == "2025" and r["Measure"] == "Judgements"
        }
        self.assertEqual(
            judged,
            {"Outstanding": "1", "Good": "4", "Requires improvement": "0", "Inadequate": "1"},
        )
        # The closed 2023 visit is in the export too; the draft and the other region are not.
        self.assertEqual(
            {(r["Council"], r["Year"]) for r in rows},
            {("Dudley", "2025"), ("Sandwell", "2023"), ("Sandwell", "2025"), ("Walsall", "2025")},
        )

    def test_the_excel_file_holds_the_same_rows(self):
        client = self.sign_in(self.coordinator)
        from_csv = csv_rows(client.get(CSV))
        from_xlsx = xlsx_rows(client.get(XLSX))
        as_text = [
            {k: v.date().isoformat() if isinstance(v, datetime) else str(v) for k, v in row.items()}
            for row in from_xlsx
        ]
        self.assertEqual(as_text, from_csv)
        book = load_workbook(io.BytesIO(client.get(XLSX).content))
        self.assertEqual(book.sheetnames, ["Results", "Columns", "About"])

    def test_the_csv_download_is_streamed(self):
        response = self.sign_in(self.coordinator).get(CSV)
        self.assertTrue(response.streaming)
        self.assertTrue(response.getvalue().startswith("\ufeffCouncil,".encode()))


class SpreadsheetTests(CastTestCase):
    """The Excel file as an analyst opens it: real dates and numbers, a filter and a frozen
    header on every sheet, readable widths, and a sheet saying what each column holds."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        learning_scenario.build(cls)

    def book(self, person=None):
        response = self.sign_in(person or self.coordinator).get(XLSX)
        return load_workbook(io.BytesIO(response.content))

    def test_it_writes_dates_as_dates_and_counts_as_numbers(self):
        sheet = self.book()["Results"]
        header = [cell.value for cell in sheet[1]]
        row = next(
            r for r in sheet.iter_rows(min_row=2) if r[header.index("Council")].value == "Sandwell"
        )
        first_day = row[header.index("Visit first day")]
        self.assertTrue(first_day.is_date)
        self.assertEqual(first_day.number_format, "dd/mm/yyyy")
        self.assertIsInstance(first_day.value, datetime)
        for column in ("Year", "Visit", "Count", "Cases behind the cell"):
            with self.subTest(column=column):
                self.assertEqual(row[header.index(column)].data_type, "n")
                self.assertIsInstance(row[header.index(column)].value, int)

    def test_it_gives_the_time_it_was_made_as_a_date_and_time(self):
        about = {row[0].value: row[1] for row in self.book()["About"].iter_rows(min_row=2)}
        self.assertTrue(about["Made"].is_date)
        self.assertEqual(about["Made"].number_format, "dd/mm/yyyy hh:mm")

    def test_every_sheet_has_a_filter_and_a_frozen_bold_header(self):
        book = self.book()
        for sheet in book.worksheets:
            with self.subTest(sheet=sheet.title):
                last_column = sheet.cell(row=1, column=sheet.max_column).column_letter
                self.assertEqual(sheet.auto_filter.ref, f"A1:{last_column}{sheet.max_row}")
                self.assertEqual(sheet.freeze_panes, "A2")
                self.assertTrue(all(cell.font.bold for cell in sheet[1]))

    def test_every_column_has_a_width_that_fits_its_heading(self):
        for sheet in self.book().worksheets:
            for cell in sheet[1]:
                with self.subTest(sheet=sheet.title, column=cell.value):
                    width = sheet.column_dimensions[cell.column_letter].width
                    self.assertGreaterEqual(width, min(len(str(cell.value or "")), 12))

    def test_it_describes_each_column_of_the_results(self):
        for person in (self.coordinator, self.peer):
            with self.subTest(role=person.role):
                book = self.book(person)
                results = [cell.value for cell in book["Results"][1]]
                columns = list(book["Columns"].iter_rows(values_only=True))
                self.assertEqual(columns[0], ("Column", "Type", "What it holds"))
                self.assertEqual([row[0] for row in columns[1:]], results)
                self.assertTrue(all(row[1] and row[2] for row in columns[1:]))
        described = {row[0]: row[1] for row in columns[1:]}
        self.assertEqual(described["Count"], "Whole number, or the text 'suppressed'")

    def test_it_suppresses_cells_from_fewer_than_five_cases(self):
        for url, read in [(CSV, csv_rows), (XLSX, xlsx_rows)]:
            rows = read(self.sign_in(self.coordinator).get(url))
            walsall = [r for r in rows if r["Council"] == "Walsall"]
            with self.subTest(url):
                self.assertTrue(walsall)
                self.assertEqual({r["Count"] for r in walsall}, {"suppressed"})
                self.assertEqual({r["Cases behind the cell"] for r in walsall}, {"fewer than 5"})

    def test_it_gives_no_visit_dates_or_codes_to_anyone_but_coordinators(self):
        rows = csv_rows(self.sign_in(self.peer).get(CSV))
        self.assertNotIn("Visit first day", rows[0])
        self.assertTrue(all(r["Council"].startswith("Council ") for r in rows))
        coordinator_rows = csv_rows(self.sign_in(self.coordinator).get(CSV))
        self.assertIn("2025-03-09", {r["Visit first day"] for r in coordinator_rows})

    def test_downloads_are_attachments_not_stored_with_a_server_made_name(self):
        client = self.sign_in(self.coordinator)
        for url, extension in [(CSV, "csv"), (XLSX, "xlsx")]:
            response = client.get(url, {"year_from": 2025, "year_to": 2025, "filename": "x.exe"})
            with self.subTest(url):
                self.assertEqual(
                    response["Content-Disposition"],
                    f'attachment; filename="regional-learning-west-midlands-2025-2025.{extension}"',
                )
                self.assertIn("no-store", response["Cache-Control"])

    def test_every_download_is_logged(self):
        self.sign_in(self.host_director).get(CSV, {"year_from": 2025})
        self.sign_in(self.coordinator).get(XLSX)
        first, second = ExportLog.objects.order_by("pk")
        self.assertEqual(
            (first.by, first.format, first.year_from, first.year_to, first.named),
            (self.host_director, "csv", 2025, 2025, False),
        )
        self.assertEqual((second.by, second.format, second.named), (self.coordinator, "xlsx", True))
        self.assertEqual(second.rows, len(csv_rows(self.sign_in(self.coordinator).get(CSV))))
        self.assertEqual(first.region, self.region)


class FormulaTests(CastTestCase):
    """Text a tool owner typed can never run as a formula in a spreadsheet."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        tool = make_tool(cls.region, status=AuditTool.Status.DRAFT, name="@SUM(A1) tool")
        Theme.objects.filter(tool=tool, key="t1").update(title='=HYPERLINK("http://x.test")')
        Theme.objects.filter(tool=tool, key="t2").update(title="+1+2")
        RatingLevel.objects.filter(scale__tool=tool, key="not-met").update(label="-Not met")
        AuditTool.objects.filter(pk=tool.pk).update(status=AuditTool.Status.PUBLISHED)
        make_audited_visit(
            host=cls.sandwell,
            tool=tool,
            coordinator=cls.coordinator,
            year=2025,
            cases=5,
            default="not-met",
        )

    def test_it_neutralises_every_dangerous_start(self):
        for text in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]:
            with self.subTest(text=text):
                self.assertEqual(neutralise(text), "'" + text)
        self.assertEqual(neutralise("Met"), "Met")
        self.assertEqual(neutralise(-3), -3)

    def test_csv_cells_never_start_a_formula(self):
        response = self.sign_in(self.coordinator).get(CSV)
        rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
        cells = [cell for row in rows for cell in row]
        self.assertIn('\'=HYPERLINK("http://x.test")', cells)
        self.assertIn("'-Not met", cells)
        self.assertIn("'+1+2", cells)
        self.assertIn("'@SUM(A1) tool, version 1", cells)
        self.assertFalse([c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")])

    def test_excel_cells_are_text_never_formulas(self):
        response = self.sign_in(self.coordinator).get(XLSX)
        book = load_workbook(io.BytesIO(response.content))
        cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
        self.assertFalse([c.coordinate for c in cells if c.data_type == "f"])
        values = {c.value for c in cells}
        self.assertIn('\'=HYPERLINK("http://x.test")', values)
        self.assertIn("'-Not met", values)


class StoredCountsTests(CastTestCase):
    """Issued visits are exported from the counts stored when they were issued, and the
    file says exactly what counting every answer would say."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        learning_scenario.build(cls)

    def exported(self) -> list[dict]:
        return csv_rows(self.sign_in(self.coordinator).get(CSV))

    def from_answers_then_stored(self) -> tuple[list[dict], list[dict]]:
        QuestionTally.objects.all().delete()
        ThemeTally.objects.all().delete()
        from_answers = self.exported()
        tallies.rebuild(Visit.objects.all())
        self.assertTrue(QuestionTally.objects.exists())
        return from_answers, self.exported()

    def test_it_gives_the_same_figures_from_stored_counts_as_from_the_answers(self):
        from_answers, from_stored = self.from_answers_then_stored()
        self.assertTrue(from_answers)
        self.assertEqual(from_stored, from_answers)

    def test_a_scale_with_two_levels_in_one_category_is_counted_from_its_answers(self):
        scale = RatingScale.objects.get(tool=self.tool, key="question")
        with thawed(self.tool):
            barely = RatingLevel.objects.create(
                scale=scale, key="barely-met", label="Barely met", score=2, position=9
            )
        Answer.objects.filter(
            case_file__visit=self.sandwell_2025, question__key="t1-q3", level__key="met"
        ).update(level=barely)
        from_answers, from_stored = self.from_answers_then_stored()
        self.assertEqual(from_stored, from_answers)
        sandwell_t1 = {
            r["Level"]: r["Count"]
            for r in from_stored
            if r["Council"] == "Sandwell" and r["Year"] == "2025" and r["Theme key"] == "t1"
        }
        self.assertEqual((sandwell_t1["Barely met"], sandwell_t1["Partly met"]), ("5", "1"))
