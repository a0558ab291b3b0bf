"""One date and time style (GOV.UK) across pages, PDF and Word: "11 to 12 November 2025",
"7:31am", never "11 November 2025 to 12 November 2025" or "7:31a.m."."""

import datetime
import io
import zoneinfo

import docx as python_docx
from django.template import Context, Template
from django.test import SimpleTestCase

from auditportal import dates
from reports import builder
from reports.docx import render_docx
from reports.pdf import render_html
from tests.reports.support import KnownVisitTestCase

LONDON = zoneinfo.ZoneInfo("Europe/London")


class DayTests(SimpleTestCase):
    def test_a_day_has_no_leading_zero_and_the_month_in_full(self):
        self.assertEqual(dates.day(datetime.date(2025, 11, 3)), "3 November 2025")

    def test_days_in_one_month_say_the_month_once(self):
        self.assertEqual(
            dates.days(datetime.date(2025, 11, 11), datetime.date(2025, 11, 12)),
            "11 to 12 November 2025",
        )

    def test_days_across_months_and_years(self):
        self.assertEqual(
            dates.days(datetime.date(2027, 4, 30), datetime.date(2027, 5, 1)),
            "30 April to 1 May 2027",
        )
        self.assertEqual(
            dates.days(datetime.date(2026, 12, 31), datetime.date(2027, 1, 1)),
            "31 December 2026 to 1 January 2027",
        )
        self.assertEqual(dates.days(datetime.date(2027, 3, 9), None), "9 March 2027")


class TimeTests(SimpleTestCase):
    def test_times_are_12_hour_without_full_stops(self):
        for (hour, minute), said in {
            (7, 31): "7:31am",
            (10, 0): "10am",
            (17, 30): "5:30pm",
            (12, 0): "midday",
            (0, 0): "midnight",
            (12, 5): "12:05pm",
            (0, 5): "12:05am",
        }.items():
            with self.subTest(said=said):
                self.assertEqual(dates.time(datetime.time(hour, minute)), said)

    def test_a_moment_is_in_london_time(self):
        # 06:31 UTC in summer is 7:31am in London.
        moment = datetime.datetime(2026, 7, 3, 6, 31, tzinfo=datetime.UTC)
        self.assertEqual(dates.moment(moment), "7:31am on 3 July 2026")

    def test_the_template_filters_write_the_same(self):
        template = Template(
            "{{ day|govuk_date }}|{{ first|govuk_days:last }}|{{ at|govuk_time }}|"
            "{{ at|govuk_datetime }}|{{ nothing|govuk_date }}"
        )
        context = Context(
            {
                "day": datetime.date(2025, 11, 11),
                "first": datetime.date(2025, 11, 11),
                "last": datetime.date(2025, 11, 12),
                "at": datetime.datetime(2025, 11, 11, 19, 31, tzinfo=LONDON),
                "nothing": None,
            }
        )
        self.assertEqual(
            template.render(context),
            "11 November 2025|11 to 12 November 2025|7:31pm|7:31pm on 11 November 2025|",
        )


class ReportDatesTests(KnownVisitTestCase):
    def test_the_word_report_gives_the_days_on_site_as_one_range(self):
        document = python_docx.Document(io.BytesIO(render_docx(builder.build(self.visit))))
        line = next(p.text for p in document.paragraphs if p.text.startswith("Days on site: "))
        days = line.removeprefix("Days on site: ")
        self.assertEqual(days, dates.days(self.visit.first_day, self.visit.last_day))
        self.assertRegex(days, r"^\d+ to \d+ [A-Z][a-z]+ 20\d\d$")

    def test_the_report_page_and_pdf_source_give_the_days_as_one_range(self):
        html = render_html(builder.build(self.visit))
        self.assertIn(f"<dd>{dates.days(self.visit.first_day, self.visit.last_day)}</dd>", html)
