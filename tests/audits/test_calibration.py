"""Percentage agreement and Cohen's kappa, on worked examples and against the textbook
confusion-matrix formula."""

import random
from itertools import product

from django.test import SimpleTestCase

from audits.agreement import agreement, cohens_kappa, kappa_band, percentage_agreement


def pairs_from(table: dict[tuple[str, str], int]) -> list[tuple[str, str]]:
    """Expand a confusion table {(first rater, second rater): count} into rating pairs."""
    return [pair for pair, count in table.items() for _ in range(count)]


def kappa_from_matrix(pairs) -> float:
    """Cohen's kappa the textbook way: a k×k matrix of proportions, its diagonal and margins."""
    labels = sorted({label for pair in pairs for label in pair})
    n = len(pairs)
    matrix = {(a, b): 0 for a, b in product(labels, labels)}
    for pair in pairs:
        matrix[pair] += 1
    p_o = sum(matrix[(label, label)] for label in labels) / n
    rows = {a: sum(matrix[(a, b)] for b in labels) / n for a in labels}
    cols = {b: sum(matrix[(a, b)] for a in labels) / n for b in labels}
    p_e = sum(rows[label] * cols[label] for label in labels)
    return (p_o - p_e) / (1 - p_e)


class WorkedExampleTests(SimpleTestCase):
    def test_the_two_reader_grant_proposal_example(self):
        """50 proposals: both yes 20, A yes B no 5, A no B yes 10, both no 15.
        p_o = 35/50 = 0.7; p_e = 0.5 × 0.6 + 0.5 × 0.4 = 0.5; κ = 0.2 / 0.5 = 0.4."""
        pairs = pairs_from(
            {("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10, ("no", "no"): 15}
        )
        self.assertAlmostEqual(percentage_agreement(pairs), 70.0)
        self.assertAlmostEqual(cohens_kappa(pairs), 0.4)

    def test_the_same_observed_agreement_can_mean_different_kappas(self):
        """Both tables agree on 60 of 100, but chance agreement differs: 0.54 and 0.46."""
        balanced = pairs_from({("y", "y"): 45, ("y", "n"): 15, ("n", "y"): 25, ("n", "n"): 15})
        skewed = pairs_from({("y", "y"): 25, ("y", "n"): 35, ("n", "y"): 5, ("n", "n"): 35})
        self.assertAlmostEqual(percentage_agreement(balanced), percentage_agreement(skewed))
        self.assertAlmostEqual(cohens_kappa(balanced), 0.06 / 0.46)
        self.assertAlmostEqual(cohens_kappa(skewed), 0.14 / 0.54)

    def test_a_three_level_scale_worked_by_hand(self):
        """Rows are the first auditor, columns the second, on 30 questions:

                     met  partly  not met
            met       10     3       1       (14)
            partly     2     8       2       (12)
            not met    0     1       3        (4)
                     (12)  (12)     (6)

        p_o = 21/30 = 0.7; p_e = (14×12 + 12×12 + 4×6) / 900 = 336/900; κ = 0.52128 to 5 places.
        """
        table = {
            ("met", "met"): 10, ("met", "partly"): 3, ("met", "not"): 1,
            ("partly", "met"): 2, ("partly", "partly"): 8, ("partly", "not"): 2,
            ("not", "met"): 0, ("not", "partly"): 1, ("not", "not"): 3,
        }  # fmt: skip
        pairs = pairs_from(table)
        self.assertAlmostEqual(percentage_agreement(pairs), 70.0)
        self.assertAlmostEqual(cohens_kappa(pairs), (0.7 - 336 / 900) / (1 - 336 / 900))
        self.assertAlmostEqual(cohens_kappa(pairs), 0.52128, places=5)


class EdgeTests(SimpleTestCase):
    def test_perfect_agreement_over_several_levels_is_one(self):
        pairs = [("met", "met"), ("not", "not"), ("partly", "partly")]
        self.assertEqual(cohens_kappa(pairs), 1.0)
        self.assertEqual(percentage_agreement(pairs), 100.0)

    def test_it_is_undefined_when_both_used_one_level_throughout(self):
        self.assertIsNone(cohens_kappa([("met", "met")] * 5))
        self.assertEqual(percentage_agreement([("met", "met")] * 5), 100.0)

    def test_systematic_disagreement_is_below_zero(self):
        self.assertAlmostEqual(cohens_kappa([("met", "not"), ("not", "met")] * 3), -1.0)

    def test_no_pairs_give_no_numbers(self):
        self.assertIsNone(cohens_kappa([]))
        self.assertIsNone(percentage_agreement([]))
        self.assertEqual(agreement([]).pairs, 0)

    def test_it_reads_kappa_in_plain_words(self):
        self.assertEqual(kappa_band(0.4), "fair")
        self.assertEqual(kappa_band(0.52), "moderate")
        self.assertEqual(kappa_band(0.9), "almost perfect")
        self.assertEqual(kappa_band(-0.1), "poor")
        self.assertEqual(kappa_band(None), "not defined")

    def test_it_matches_the_matrix_formula_on_random_ratings(self):
        generator = random.Random(20270309)
        levels = ["met", "partly", "not", "not-evidenced", "n/a"]
        for _ in range(200):
            pairs = [
                (generator.choice(levels), generator.choice(levels))
                for _ in range(generator.randint(2, 80))
            ]
            if len({p for pair in pairs for p in pair}) < 2:
                continue
            with self.subTest(pairs=pairs):
                self.assertAlmostEqual(cohens_kappa(pairs), kappa_from_matrix(pairs))
