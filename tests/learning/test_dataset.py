"""generate_dataset makes marked synthetic data, fast, and the same again for the same seed."""

import sys
import types
from io import StringIO
from unittest import mock

from django.core.management import call_command

from audits.models import Answer, AuditTool, CaseFile, CaseJudgement, Visit
from authorities.models import Authority, Region
from bench import dataset
from tests.base import CastTestCase
from tests.factories import make_tool


def tool_for(region):
    """Like the default tool's loader: made and published once per region, then reused."""
    return AuditTool.objects.filter(region=region).first() or make_tool(
        region, themes=3, questions=4
    )


class GenerateDatasetTests(CastTestCase):
    def test_it_makes_synthetic_regions_councils_and_a_visit_a_year(self):
        result = dataset.generate(councils=12, years=3, tool_for=tool_for, seed=7, end_year=2025)
        self.assertEqual(result.regions, 9)
        self.assertEqual(result.councils, 12)
        synthetic = Authority.objects.filter(ons_code__startswith="E99")
        self.assertEqual(synthetic.count(), 12)
        self.assertTrue(all(a.name.startswith("Synthetic council") for a in synthetic))
        self.assertTrue(
            all(
                r.name.startswith("Synthetic ")
                for r in Region.objects.filter(authorities__in=synthetic)
            )
        )
        for authority in synthetic:
            authority.full_clean()  # the E99 range passes the ONS code check
        visits = Visit.objects.filter(host__in=synthetic)
        self.assertEqual(visits.count(), 36)
        self.assertEqual(
            sorted(visits.dates("first_day", "year")), sorted(visits.dates("first_day", "year"))
        )
        self.assertEqual({d.year for d in visits.dates("first_day", "year")}, {2023, 2024, 2025})
        cases = CaseFile.objects.filter(visit__in=visits)
        per_visit = [v.case_files.count() for v in visits]
        self.assertTrue(all(12 <= n <= 16 for n in per_visit))
        # Every question of the tool is answered for every case, and every case is judged.
        self.assertEqual(Answer.objects.filter(case_file__in=cases).count(), cases.count() * 12)
        self.assertEqual(CaseJudgement.objects.filter(case_file__in=cases).count(), cases.count())
        self.assertEqual(result.answers, cases.count() * 12)
        self.assertGreater(result.rows_per_second, 0)

    def test_it_puts_every_council_in_one_region_when_asked(self):
        """make bench's regional size: one region of 14 councils, not 14 spread over nine."""
        result = dataset.generate(councils=4, years=1, regions=1, tool_for=tool_for, end_year=2025)
        self.assertEqual(result.regions, 1)
        synthetic = Authority.objects.filter(ons_code__startswith="E99")
        self.assertEqual(synthetic.values("region").distinct().count(), 1)
        self.assertEqual(Visit.objects.filter(host__in=synthetic).count(), 4)

    def test_it_leaves_the_real_region_alone_and_repeats_itself_for_a_seed(self):
        west_midlands = list(
            Authority.objects.filter(region=self.region).values_list("pk", "name", "ons_code")
        )
        dataset.generate(councils=3, years=2, tool_for=tool_for, seed=3, end_year=2025)
        first = sorted(
            Answer.objects.values_list(
                "case_file__visit__host__ons_code",
                "case_file__reference",
                "question__key",
                "level__key",
            )
        )
        dataset.generate(councils=3, years=2, tool_for=tool_for, seed=3, end_year=2025)
        second = sorted(
            Answer.objects.values_list(
                "case_file__visit__host__ons_code",
                "case_file__reference",
                "question__key",
                "level__key",
            )
        )
        self.assertEqual(first, second)
        self.assertEqual(Visit.objects.count(), 6)
        self.assertEqual(
            west_midlands,
            list(
                Authority.objects.filter(region=self.region).values_list("pk", "name", "ons_code")
            ),
        )

    def test_the_command_reports_rows_a_second(self):
        out = StringIO()
        # The real loader comes with the tool pages; any loader of a published tool will do.
        loader = types.SimpleNamespace(load_default_tool=tool_for)
        with mock.patch.dict(sys.modules, {"audits.toolfile": loader}):
            call_command("generate_dataset", councils=2, years=1, seed=1, stdout=out)
        self.assertIn("rows a second", out.getvalue())
        self.assertEqual(Visit.objects.filter(host__ons_code__startswith="E99").count(), 2)
