"""Regional learning's cells count and round as the covering report does."""

from django.test import SimpleTestCase

from learning.cells import Counts, Judgements, share_text


class CellRoundingTests(SimpleTestCase):
    def test_it_rounds_a_theme_at_twelve_and_a_half_percent_up(self):
        """1 Met of 8 applicable answers reads 13%, as in the covering report (not 12%)."""
        self.assertEqual(Counts(met=1, not_met=7, cases=8).text, "13%")
        self.assertEqual(Counts(met=1, not_met=5, not_evidenced=2, cases=8).shortfall_text, "88%")

    def test_it_rounds_judgements_good_or_better_half_up(self):
        self.assertEqual(Judgements({4: 1, 3: 4, 2: 3}).text, "63%")  # 62.5

    def test_it_writes_a_share_half_up_and_nothing_of_nothing(self):
        self.assertEqual(share_text(0.625), "63%")
        self.assertEqual(share_text(None), "")

    def test_it_adds_cases_with_the_answers(self):
        pooled = Counts(met=3, partly=1, cases=4).add(Counts(not_met=2, not_applicable=1, cases=2))
        self.assertEqual(pooled, Counts(3, 1, 2, 0, 1, 6))
        self.assertEqual((pooled.applicable, pooled.shortfall, pooled.text), (6, 2, "50%"))
