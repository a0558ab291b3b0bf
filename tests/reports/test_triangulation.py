"""Triangulation: the rule on plain numbers, then four hand-made themes whose right verdicts are
known (all agree, one source a level off, sources far apart, a source missing)."""

from django.test import SimpleTestCase

from reports import builder
from reports import triangulation as rule
from tests.base import CastTestCase
from tests.factories import make_conversation, make_tool, make_visit, record_answers

SCALE = [
    rule.Level("Outstanding", 4),
    rule.Level("Good", 3),
    rule.Level("Requires improvement", 2),
    rule.Level("Inadequate", 1),
]


def label(level):
    return level.label if level else None


class TheRuleTests(SimpleTestCase):
    def test_it_reads_the_case_files_with_cqcs_bands(self):
        readings = {p: label(rule.level_for_percent(p, SCALE)) for p in (100, 88, 87, 63, 62)}
        readings |= {p: label(rule.level_for_percent(p, SCALE)) for p in (39, 38, 0)}
        self.assertEqual(
            readings,
            {
                100: "Outstanding",
                88: "Outstanding",
                87: "Good",
                63: "Good",
                62: "Requires improvement",
                39: "Requires improvement",
                38: "Inadequate",
                0: "Inadequate",
            },
        )
        self.assertIsNone(rule.level_for_percent(None, SCALE))

    def test_it_takes_views_to_the_nearest_level_and_midway_to_the_lower(self):
        self.assertEqual(label(rule.level_for_views([3, 3, 4], SCALE)), "Good")  # 3.33
        self.assertEqual(label(rule.level_for_views([3, 4, 4], SCALE)), "Outstanding")  # 3.67
        self.assertEqual(label(rule.level_for_views([3, 4], SCALE)), "Good")  # midway
        self.assertEqual(label(rule.level_for_views([1, 2], SCALE)), "Inadequate")  # midway
        self.assertIsNone(rule.level_for_views([], SCALE))

    def verdict(self, files, leaders, practitioners):
        def source(name, level):
            return rule.Source(name, SCALE[level] if level is not None else None, "")

        return rule.verdict(
            files=source("the case files", files),
            leaders=source("leaders", leaders),
            practitioners=source("practitioners", practitioners),
            levels=SCALE,
        ).verdict

    def test_it_gives_the_verdict_from_how_far_apart_the_sources_are(self):
        self.assertEqual(self.verdict(1, 1, 1), "Agree")
        self.assertEqual(self.verdict(1, 0, 1), "Partly agree")
        self.assertEqual(self.verdict(0, 1, 1), "Partly agree")
        self.assertEqual(self.verdict(0, 1, 2), "Diverge")
        self.assertEqual(self.verdict(3, 0, 3), "Diverge")
        self.assertEqual(self.verdict(1, None, 1), "Not enough evidence")
        self.assertEqual(self.verdict(None, 1, 1), "Not enough evidence")

    def test_the_rule_the_report_prints_says_all_of_it(self):
        for words in ("88% or more", "63 to 87%", "39 to 62%", "38% or less", "midway"):
            self.assertIn(words, rule.TRIANGULATION_RULE)
        for words in ("agree when", "partly agree", "diverge", "not enough evidence"):
            self.assertIn(words, rule.TRIANGULATION_RULE)


class FourThemesTests(CastTestCase):
    """Four themes of three questions, four cases each (12 ratings a theme):

    theme   case files          leaders                 practitioners and team managers
    t1      9 of 12 met: Good   good, good: Good        good, managers good: Good        agree
    t2      9 of 12 met: Good   outstanding             good                             partly
    t3      12 of 12: Outst.    outstanding             inadequate, managers RI: Inad.   diverge
    t4      9 of 12 met: Good   good                    (none)                           missing
    """

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        tool = make_tool(cls.region, themes=4, questions=3)
        cls.visit = make_visit(
            host=cls.sandwell,
            tool=tool,
            coordinator=cls.coordinator,
            lead=cls.auditor,
            auditors=[cls.co_auditor],
            cases=4,
            status="drafting",
        )
        three_of_four = ["met", "not-met", "partly-met", "not-evidenced"]
        record_answers(
            cls.visit,
            {"t1-q3": three_of_four, "t2-q3": three_of_four, "t4-q3": three_of_four},
            default="met",
        )
        by = cls.auditor
        make_conversation(
            cls.visit,
            group="leaders",
            by=by,
            views={
                "t1": ("good", "Practice is steady."),
                "t2": ("outstanding", "The best in the region."),
                "t3": ("outstanding", "Safeguarding is exemplary."),
                "t4": ("good", "Carers are well supported."),
            },
        )
        make_conversation(cls.visit, group="leaders", by=by, views={"t1": ("good", "Improving.")})
        make_conversation(
            cls.visit,
            group="practitioners",
            by=by,
            views={
                "t1": ("good", "We have time for people."),
                "t2": ("good", "Mostly fine."),
                "t3": ("inadequate", "We cannot keep up."),
            },
        )
        make_conversation(
            cls.visit,
            group="managers",
            by=by,
            views={"t1": ("good", "Supervision happens."), "t3": ("requires-improvement", "Busy.")},
        )
        cls.themes = {theme.key: theme for theme in builder.build(cls.visit).themes}

    def test_all_three_sources_on_one_level_agree(self):
        theme = self.themes["t1"]
        self.assertEqual(theme.triangulation.verdict, "Agree")
        self.assertEqual(
            theme.triangulation.sources,
            (
                ("the case files", "Good", "75% of 12 ratings at the best level"),
                ("leaders", "Good", "2 views"),
                ("practitioners and team managers", "Good", "2 views"),
            ),
        )
        self.assertIn("All three are on the same level.", theme.triangulation.explanation)

    def test_one_source_a_level_off_partly_agrees(self):
        theme = self.themes["t2"]
        self.assertEqual(theme.triangulation.verdict, "Partly agree")
        self.assertEqual(theme.triangulation.sources[1], ("leaders", "Outstanding", "1 view"))

    def test_sources_far_apart_diverge_with_managers_read_with_practitioners(self):
        theme = self.themes["t3"]
        self.assertEqual(theme.triangulation.verdict, "Diverge")
        self.assertEqual(
            [source[1] for source in theme.triangulation.sources],
            ["Outstanding", "Outstanding", "Inadequate"],  # (1 + 2) / 2 is midway: the lower
        )
        self.assertIn("They are 3 levels apart.", theme.triangulation.explanation)
        practitioners = theme.practitioners
        self.assertEqual(
            {lv.key: (lv.count, lv.percent) for lv in practitioners.answers.levels if lv.count},
            {"requires-improvement": (1, 50), "inadequate": (1, 50)},
        )
        self.assertEqual(practitioners.summaries, ("We cannot keep up.", "Team managers: Busy."))

    def test_a_missing_source_is_not_enough_evidence_whatever_the_others_say(self):
        theme = self.themes["t4"]
        self.assertEqual(theme.triangulation.verdict, "Not enough evidence")
        self.assertIn(
            "There is nothing from practitioners and team managers on this theme.",
            theme.triangulation.explanation,
        )
        self.assertEqual(theme.practitioners.count, 0)
        self.assertEqual(theme.leaders.summaries, ("Carers are well supported.",))

    def test_the_method_counts_the_conversations_held_with_each_group(self):
        scope = builder.build(self.visit).scope
        self.assertEqual(
            [(c.group, c.count) for c in scope.conversations],
            [("leaders", 2), ("practitioners", 1), ("team managers", 1)],
        )
