"""The dashboard's headline names the theme that fell short most often, and says so plainly
when several themes tied rather than naming one of them as if it stood alone."""

from django.test import SimpleTestCase

from learning.cells import Counts
from learning.dashboard import Recurrence, _recurrence_summary


def theme(title, short, assessed):
    return Recurrence(title.lower(), title, title, assessed, short, Counts())


def ranked(*themes):
    return sorted(themes, key=lambda r: -r.rate)


class HeadlineTests(SimpleTestCase):
    def test_it_names_one_theme_when_one_stands_out(self):
        summary = _recurrence_summary(ranked(theme("Safeguarding", 3, 4), theme("Carers", 1, 4)))
        self.assertEqual(summary, "Safeguarding fell short most often: at 3 of 4 visits (75%).")

    def test_it_says_how_many_themes_tied_and_which(self):
        tied = [theme(name, 2, 3) for name in ("Voice", "Carers", "Safeguarding")]
        summary = _recurrence_summary(ranked(*tied, theme("Reviews", 1, 3)))
        self.assertEqual(
            summary,
            "Three themes tied for falling short most often, each at 2 of 3 visits (67%): "
            "Voice, Carers and Safeguarding.",
        )

    def test_seven_tied_themes_are_counted_and_the_list_stays_short(self):
        names = ["Voice", "Carers", "Safeguarding", "Reviews", "Capacity", "Risk", "Outcomes"]
        summary = _recurrence_summary(ranked(*(theme(name, 1, 2) for name in names)))
        self.assertTrue(summary.startswith("Seven themes tied for falling short most often"))
        self.assertTrue(summary.endswith(": Voice, Carers, Safeguarding and 4 others."))

    def test_the_same_rate_from_different_visit_counts_is_a_tie_in_shares(self):
        summary = _recurrence_summary(ranked(theme("Voice", 1, 2), theme("Carers", 2, 4)))
        self.assertEqual(
            summary,
            "Two themes tied for falling short most often, each at 50% of the visits where "
            "it was judged: Voice and Carers.",
        )

    def test_no_theme_is_named_when_none_fell_short(self):
        summary = _recurrence_summary(ranked(theme("Voice", 0, 2), theme("Carers", 0, 3)))
        self.assertEqual(
            summary, "No theme fell short at any visit where it had enough cases to judge."
        )
