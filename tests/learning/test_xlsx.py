"""The exports' own XLSX writer (learning/xlsx.py) as a spreadsheet program reads it back."""

import datetime
import io
import zipfile

from django.test import SimpleTestCase
from openpyxl import load_workbook

from learning import xlsx


def read(sheets):
    return load_workbook(io.BytesIO(xlsx.workbook(sheets)))


class XlsxWriterTests(SimpleTestCase):
    def test_it_keeps_markup_characters_and_spaces_and_drops_control_characters(self):
        rows = [["<b>Smith & Jones</b>", "  two spaces  ", "bell\x07 gone", 'say "hi"']]
        sheet = read([xlsx.Sheet("Results", ["A", "B", "C", "D"], rows, [10] * 4)])["Results"]
        self.assertEqual(
            [c.value for c in sheet[2]],
            ["<b>Smith & Jones</b>", "  two spaces  ", "bell gone", 'say "hi"'],
        )

    def test_it_writes_numbers_dates_and_times_as_themselves(self):
        made = datetime.datetime(2026, 3, 9, 10, 30)
        rows = [[7, 2.5, datetime.date(2025, 3, 9), made]]
        sheet = read([xlsx.Sheet("Results", ["N", "X", "D", "T"], rows, [10] * 4)])["Results"]
        n, x, day, time = sheet[2]
        self.assertEqual((n.value, x.value), (7, 2.5))
        self.assertEqual(day.value, datetime.datetime(2025, 3, 9))
        self.assertEqual(day.number_format, "dd/mm/yyyy")
        self.assertEqual(time.value, made)
        self.assertEqual(time.number_format, "dd/mm/yyyy hh:mm")

    def test_it_gives_an_empty_sheet_its_header_filter_and_frozen_row(self):
        sheet = read([xlsx.Sheet("Results", ["Council", "Year"], [], [18, 7])])["Results"]
        self.assertEqual([c.value for c in sheet[1]], ["Council", "Year"])
        self.assertEqual(sheet.auto_filter.ref, "A1:B1")
        self.assertEqual(sheet.freeze_panes, "A2")
        self.assertEqual(sheet.column_dimensions["A"].width, 18)

    def test_it_names_each_filter_range_for_excel_even_with_an_apostrophe(self):
        data = xlsx.workbook([xlsx.Sheet("Council's", ["A"], [[1], [2]], [10])])
        workbook = zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml").decode()
        self.assertIn("'Council''s'!$A$1:$A$3", workbook)
        self.assertEqual(load_workbook(io.BytesIO(data)).sheetnames, ["Council's"])
