"""Coordinators see names; a host sees its own council named; everyone else sees letters."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from learning.anonymity import label_councils, letters
from learning.source import Filters, options_for, resolve, scope_of
from tests.base import CastTestCase
from tests.learning import scenario as learning_scenario
from tests.learning.scenario import WEST_MIDLANDS

URL = reverse("learning:dashboard")


def csv_text(response) -> str:
    return response.getvalue().decode("utf-8-sig")


def xlsx_text(response) -> str:
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return "\n".join(
        " | ".join("" if v is None else str(v) for v in row)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


class AnonymityTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        learning_scenario.build(cls)

    def everything(self, person) -> dict[str, str]:
        client = self.sign_in(person)
        html = client.get(URL).content.decode()
        # The account bar names the person's own council; the rest of the page is what counts.
        main = html[html.index("<main") :]
        return {
            "html": main,
            "csv": csv_text(client.get(reverse("learning:export-csv"))),
            "xlsx": xlsx_text(client.get(reverse("learning:export-xlsx"))),
        }

    def test_the_coordinator_sees_every_council_named(self):
        for kind, text in self.everything(self.coordinator).items():
            with self.subTest(kind):
                for name in ["Sandwell", "Dudley", "Walsall"]:
                    self.assertIn(name, text)
                self.assertNotIn("Council A", text)

    def test_people_without_a_council_see_only_letters(self):
        for person in [self.tool_owner, self.peer]:
            for kind, text in self.everything(person).items():
                with self.subTest(role=person.role, kind=kind):
                    for name in WEST_MIDLANDS:
                        self.assertNotIn(name, text)
                    for letter in "ABC":
                        self.assertIn(f"Council {letter}", text)
                    self.assertNotIn("Council D", text)

    def test_a_host_sees_their_own_council_named_against_letters(self):
        for person in [self.host_director, self.host_ad, self.host_psw]:
            for kind, text in self.everything(person).items():
                with self.subTest(role=person.role, kind=kind):
                    self.assertIn("Sandwell", text)
                    for name in set(WEST_MIDLANDS) - {"Sandwell"}:
                        self.assertNotIn(name, text)
                    self.assertIn("Council A", text)
                    self.assertIn("Council B", text)
                    self.assertNotIn("Council C", text)

    def test_an_auditing_psw_sees_their_own_council_and_letters_for_the_rest(self):
        texts = self.everything(self.auditor)  # Dudley's PSW
        for kind, text in texts.items():
            with self.subTest(kind):
                self.assertIn("Dudley", text)
                for name in set(WEST_MIDLANDS) - {"Dudley"}:
                    self.assertNotIn(name, text)

    def test_the_host_is_listed_first_and_the_letters_in_order(self):
        response = self.sign_in(self.host_director).get(URL)
        columns = [c.label for c in response.context["board"].columns]
        self.assertEqual(columns, ["Sandwell", "Council A", "Council B"])

    def test_exports_use_the_letters_of_the_page_for_the_same_filters(self):
        client = self.sign_in(self.peer)
        query = {"year_from": 2025, "year_to": 2025}
        page = client.get(URL, query).context["board"]
        by_year = {c.year: c.label for c in page.columns}
        rows = list(
            csv.DictReader(io.StringIO(csv_text(client.get(reverse("learning:export-csv"), query))))
        )
        labels = {(row["Council"]) for row in rows}
        self.assertEqual(labels, {c.label for c in page.columns})
        self.assertEqual(set(by_year), {2025})
        # Dudley is the only council with 5 cases and 0% on theme 2: the same letter in both.
        dudley_letter = next(
            c.label
            for c, cell in zip(page.columns, page.grid[1].cells, strict=True)
            if cell.text == "0%"
        )
        dudley_rows = [r for r in rows if r["Theme key"] == "t2" and r["Council"] == dudley_letter]
        self.assertEqual({r["Level"] for r in dudley_rows}, {"Not evidenced on file"})

    def test_letters_are_dealt_afresh_for_another_year_range(self):
        councils = {pk: f"Council {pk}" for pk in range(1, 15)}
        first = label_councils(self.peer, councils, scope="1|2024-2024|all")
        again = label_councils(self.peer, councils, scope="1|2024-2024|all")
        other = label_councils(self.peer, councils, scope="1|2025-2025|all")
        self.assertEqual(first.labels, again.labels)
        self.assertNotEqual(first.labels, other.labels)
        self.assertEqual(sorted(first.labels.values()), sorted(other.labels.values()))

    def test_a_page_for_another_year_range_deals_other_letters(self):
        # Six councils with enough cases in two years, so letters can be compared.
        from tests.factories import make_audited_visit

        names = [
            "Birmingham",
            "Coventry",
            "Solihull",
            "Wolverhampton",
            "Shropshire",
            "Herefordshire",
        ]
        councils = [a for a in self.region.authorities.all() if a.name in names]
        for year in (2020, 2021):
            for council in councils:
                make_audited_visit(
                    host=council, tool=self.tool, coordinator=self.coordinator, year=year, cases=5
                )
        options = options_for(self.peer)
        scopes = [
            scope_of(self.peer, resolve(Filters(year, year), options)) for year in (2020, 2021)
        ]
        ids = {c.pk: c.name for c in councils}
        first, second = (label_councils(self.peer, ids, scope=s).labels for s in scopes)
        self.assertNotEqual(first, second)

    def test_letters_run_past_z(self):
        self.assertEqual(
            [letters(n) for n in (0, 25, 26, 27, 51, 52)], ["A", "Z", "AA", "AB", "AZ", "BA"]
        )

    def test_no_free_text_from_case_audits_reaches_the_page(self):
        from audits.models import Answer, CaseJudgement

        Answer.objects.filter(case_file__visit=self.sandwell_2025).update(
            note="Secret evidence note"
        )
        CaseJudgement.objects.filter(case_file__visit=self.sandwell_2025).update(
            rationale="Secret rationale", strength="Secret strength"
        )
        for kind, text in self.everything(self.coordinator).items():
            with self.subTest(kind):
                self.assertNotIn("Secret", text)
                self.assertNotIn("SAN-01", text)
