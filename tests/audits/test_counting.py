"""One way of counting ratings: percentages, categories, distributions, the agreed judgement."""

from django.test import SimpleTestCase

from audits.counting import (
    CategoryCounts,
    Distribution,
    Level,
    categorise,
    percent,
    share_percent,
)
from audits.models import CaseFile, CaseJudgement, RatingLevel
from audits.models.casework import agreed_level_id
from tests.base import VisitCastTestCase
from tests.factories import level_of, make_judgement


def question_scale(scale_id: int = 1, first_pk: int = 1) -> list[RatingLevel]:
    """The default tool's question scale, unsaved: Met, Partly met, Not met, Not evidenced on
    file, Not applicable."""
    rows = [
        ("met", "Met", 3, False, False),
        ("partly-met", "Partly met", 2, False, False),
        ("not-met", "Not met", 1, False, False),
        ("not-evidenced", "Not evidenced on file", 0, False, True),
        ("not-applicable", "Not applicable", 0, True, False),
    ]
    return [
        RatingLevel(
            pk=first_pk + n,
            scale_id=scale_id,
            key=key,
            label=label,
            colour="#0b0c0c",
            score=score,
            position=n,
            is_not_applicable=na,
            is_not_evidenced=ne,
        )
        for n, (key, label, score, na, ne) in enumerate(rows)
    ]


class PercentTests(SimpleTestCase):
    def test_it_rounds_a_half_up_where_pythons_round_goes_to_even(self):
        self.assertEqual(percent(1, 8), 13)  # 12.5
        self.assertEqual(percent(5, 8), 63)  # 62.5
        self.assertEqual(percent(1, 200), 1)  # 0.5
        self.assertEqual(percent(2, 3), 67)
        self.assertEqual(percent(1, 3), 33)

    def test_it_gives_no_percentage_of_nothing(self):
        self.assertIsNone(percent(0, 0))
        self.assertEqual(percent(0, 4), 0)

    def test_it_reads_a_share_as_written_not_as_the_float_below_it(self):
        # 0.145 is held as 0.14499999999999999: read as a float it would round to 14.
        self.assertEqual(share_percent(0.145), 15)
        self.assertEqual(share_percent(29 / 200), 15)
        self.assertEqual(share_percent(0.125), 13)
        self.assertEqual(share_percent(1 / 3), 33)
        self.assertEqual(share_percent(0.63), 63)


class CategoryTests(SimpleTestCase):
    def test_it_sorts_a_scale_into_categories_by_flags_and_scores(self):
        self.assertEqual(
            categorise(question_scale()),
            {1: "met", 2: "partly", 3: "not_met", 4: "not_evidenced", 5: "not_applicable"},
        )

    def test_it_finds_the_best_level_of_each_scale_apart(self):
        two_scales = question_scale(scale_id=1) + question_scale(scale_id=2, first_pk=11)
        best = {pk for pk, name in categorise(two_scales).items() if name == "met"}
        self.assertEqual(best, {1, 11})

    def test_it_reads_plain_rows_as_well_as_levels(self):
        rows = [Level(7, 1, 4, False, False), Level(8, 1, 1, False, False)]
        self.assertEqual(categorise(rows), {7: "met", 8: "not_met"})

    def test_it_gives_a_tie_to_the_level_made_first_and_one_level_is_the_best(self):
        tied = [Level(3, 1, 2, False, False), Level(2, 1, 2, False, False)]
        self.assertEqual(categorise(tied), {2: "met", 3: "not_met"})
        self.assertEqual(categorise([Level(5, 1, 1, False, False)]), {5: "met"})

    def test_it_counts_by_category_with_not_applicable_out_of_the_denominator(self):
        counts = CategoryCounts.of(
            {1: 6, 2: 2, 3: 1, 4: 1, 5: 2, 99: 7}, categorise(question_scale())
        )
        self.assertEqual(counts, CategoryCounts(6, 2, 1, 1, 2))  # level 99 is not on the scale
        self.assertEqual((counts.applicable, counts.below_best), (10, 4))
        counts.add(CategoryCounts(met=1, not_applicable=1))
        self.assertEqual((counts.met, counts.applicable, counts.not_applicable), (7, 11, 3))


class DistributionTests(SimpleTestCase):
    def test_it_counts_not_evidenced_as_a_shortfall_and_leaves_not_applicable_out(self):
        found = Distribution.of(question_scale(), {1: 6, 2: 2, 3: 1, 4: 1, 5: 2})
        self.assertEqual(
            [(level.key, level.count, level.percent) for level in found.levels],
            [
                ("met", 6, 60),
                ("partly-met", 2, 20),
                ("not-met", 1, 10),
                ("not-evidenced", 1, 10),
                ("not-applicable", 2, None),
            ],
        )
        self.assertEqual((found.counted, found.not_applicable, found.total), (10, 2, 12))
        self.assertEqual((found.best, found.shortfall, found.not_evidenced), (6, 4, 1))
        self.assertEqual((found.best_percent, found.shortfall_percent), (60, 40))
        self.assertEqual(found.best_level.key, "met")
        self.assertEqual([level.key for level in found.counted_levels][-1], "not-evidenced")

    def test_it_rounds_each_level_half_up(self):
        found = Distribution.of(question_scale(), {1: 1, 3: 7})
        self.assertEqual([level.percent for level in found.counted_levels], [13, 0, 88, 0])

    def test_it_gives_no_percentages_when_only_not_applicable_was_answered(self):
        found = Distribution.of(question_scale(), {5: 3})
        self.assertEqual((found.counted, found.total, found.best_percent), (0, 3, None))
        self.assertEqual({level.percent for level in found.levels}, {None})


class AgreedJudgementTests(VisitCastTestCase):
    visit_status = "drafting"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        first, second, third, _fourth = cls.cases
        make_judgement(first, "good")
        make_judgement(second, "good", moderated_key="requires-improvement")
        CaseJudgement.objects.create(case_file=third, rationale="Not judged yet.")

    def test_it_takes_the_first_judgement_where_nobody_moderated_it(self):
        agreed = dict(
            CaseJudgement.objects.with_agreed_level().values_list("case_file", "agreed_level_id")
        )
        self.assertEqual(agreed[self.cases[0].pk], level_of(self.tool, "good", "judgement").pk)

    def test_it_takes_the_moderated_judgement_over_the_first(self):
        agreed = dict(
            CaseJudgement.objects.with_agreed_level().values_list("case_file", "agreed_level_id")
        )
        moderated = level_of(self.tool, "requires-improvement", "judgement")
        self.assertEqual(agreed[self.cases[1].pk], moderated.pk)
        self.assertIsNone(agreed[self.cases[2].pk])

    def test_it_reaches_the_agreed_judgement_from_the_case_file(self):
        agreed = dict(
            CaseFile.objects.filter(visit=self.visit)
            .annotate(agreed=agreed_level_id("judgement__"))
            .values_list("reference", "agreed")
        )
        self.assertEqual(
            agreed,
            {
                "SAN-01": level_of(self.tool, "good", "judgement").pk,
                "SAN-02": level_of(self.tool, "requires-improvement", "judgement").pk,
                "SAN-03": None,
                "SAN-04": None,  # no judgement at all
            },
        )
