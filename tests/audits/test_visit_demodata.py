"""The demo programme obeys every rule and is the same after a second run."""

import io

from django.utils import timezone

from audits.demodata import visits as demo
from audits.models import CaseFile, Declaration, StatusChange, Visit
from audits.services.visits import reciprocal_pairs
from authorities import demo as people
from tests.base import CastTestCase
from tests.factories import make_tool


class DemoProgrammeTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        people.seed(password="demo-password-2026", out=io.StringIO())

    def seed(self):
        out = io.StringIO()
        self.assertEqual(demo.seed(password="x", out=out), [])
        return out.getvalue()

    def test_without_a_published_tool_it_skips_visits_and_says_so(self):
        self.assertIn("skipped", self.seed())
        self.assertFalse(Visit.objects.exists())

    def test_it_builds_the_first_round_and_the_next_and_runs_twice_to_the_same_result(self):
        make_tool(self.region, name=demo.TOOL_NAME)
        self.seed()
        snapshot = (
            Visit.objects.count(),
            CaseFile.objects.count(),
            Declaration.objects.count(),
            StatusChange.objects.count(),
        )
        self.seed()
        self.assertEqual(
            snapshot,
            (
                Visit.objects.count(),
                CaseFile.objects.count(),
                Declaration.objects.count(),
                StatusChange.objects.count(),
            ),
        )
        past = Visit.objects.filter(status__in=["issued", "closed"])
        self.assertEqual(
            sorted(past.values_list("host__name", flat=True)),
            sorted(
                [
                    "Walsall",
                    "Coventry",
                    "Wolverhampton",
                    "Telford and Wrekin",
                    "Dudley",
                    "Dudley",  # audited again a year later
                    "Birmingham",
                    "Staffordshire",
                ]
            ),
        )
        self.assertTrue(all(v.first_day.year < 2027 for v in past))
        # Whenever the demo is seeded, one visit is on site, so auditors have work to try.
        on_site = Visit.objects.get(status="on_site")
        self.assertEqual((on_site.host.slug, on_site.first_day), ("sandwell", timezone.localdate()))
        self.assertEqual(Visit.objects.filter(first_day__year=2027).count(), 6)

    def test_every_visit_has_a_valid_team_declarations_and_an_allocated_mixed_sample(self):
        make_tool(self.region, name=demo.TOOL_NAME)
        self.seed()
        for visit in Visit.objects.select_related("host"):
            with self.subTest(visit=str(visit)):
                links = list(visit.auditor_links.select_related("auditor"))
                self.assertEqual([link.is_lead for link in links], [True, False])
                for link in links:
                    link.full_clean()  # own council, overlaps, PSW only
                    self.assertTrue(link.auditor.email.startswith("psw@"))
                self.assertEqual(visit.declarations.count(), 2)
                self.assertTrue(visit.data_sharing_reference)
                cases = list(visit.case_files.all())
                self.assertTrue(10 <= len(cases) <= 14)
                self.assertEqual(len({c.case_type for c in cases}), 9)
                self.assertTrue(all(c.allocated_to_id for c in cases))
                self.assertTrue(
                    all(c.reference.startswith(visit.host.name[:3].upper()) for c in cases)
                )
                self.assertEqual(reciprocal_pairs(visit), [])
                history = list(visit.status_history.values_list("to_status", flat=True))
                self.assertEqual(history[-1], visit.status)

    def test_a_declared_link_took_the_case_off_that_auditor(self):
        make_tool(self.region, name=demo.TOOL_NAME)
        self.seed()
        declaration = Declaration.objects.get(
            knows_someone=True, visit__host__slug="stoke-on-trent"
        )
        case = declaration.conflicted_cases.get()
        self.assertNotEqual(case.allocated_to, declaration.auditor)
