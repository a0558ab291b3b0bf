"""Each theme's evidence: answers and judgements counted per level, views per group."""

import datetime

from audits import evidence
from audits.models import CaseFile, ImmediateConcern, Question, Theme, Visit
from tests.base import VisitCastTestCase
from tests.factories import (
    make_answers,
    make_conversation,
    make_judgement,
    make_tool,
    make_visit,
)


def rows(distribution) -> dict:
    return {row.key: (row.count, row.percent) for row in distribution.counted_levels}


class EvidenceTests(VisitCastTestCase):
    visit_status = "drafting"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        one, two, three, _four = cls.cases
        make_answers(one, {"t1-q1": "met", "t1-q2": "met", "t1-q3": "not-applicable"})
        make_answers(two, {"t1-q1": "partly-met", "t1-q2": "not-evidenced", "t1-q3": "met"})
        make_answers(three, {"t2-q1": "not-met", "t2-q2": "met"})
        make_judgement(one, "good")
        make_judgement(two, "good", moderated_key="requires-improvement")
        make_judgement(three, "inadequate")
        make_conversation(
            cls.visit,
            group="leaders",
            by=cls.auditor,
            views={"t1": ("good", "Leaders are confident."), "t2": ("outstanding", "Proud.")},
        )
        make_conversation(
            cls.visit,
            group="practitioners",
            by=cls.co_auditor,
            views={"t1": ("requires-improvement", "Too little time with people.")},
        )
        make_conversation(
            cls.visit,
            group="practitioners",
            by=cls.auditor,
            held_on=cls.visit.last_day,
            views={"t1": ("inadequate", "Waiting lists are long.")},
        )
        # Another visit with the same tool: none of its answers may leak in.
        other = make_visit(
            host=cls.coventry,
            tool=cls.tool,
            coordinator=cls.coordinator,
            lead=cls.co_auditor,
            first_day=datetime.date(2027, 6, 1),
            cases=1,
        )
        make_answers(other.case_files.get(), {"t1-q1": "not-met", "t1-q2": "not-met"})
        make_judgement(other.case_files.get(), "outstanding")
        cls.theme1 = Theme.objects.get(tool=cls.tool, key="t1")

    def test_it_counts_answers_per_level_with_not_applicable_kept_apart(self):
        answers = evidence.theme_evidence(self.visit, self.theme1).answers
        self.assertEqual(
            rows(answers),
            {
                "met": (3, 60),
                "partly-met": (1, 20),
                "not-met": (0, 0),
                "not-evidenced": (1, 20),
            },
        )
        self.assertEqual((answers.counted, answers.not_applicable, answers.total), (5, 1, 6))

    def test_it_counts_not_evidenced_as_a_shortfall(self):
        answers = evidence.theme_evidence(self.visit, self.theme1).answers
        self.assertEqual(answers.best_level.key, "met")
        self.assertEqual(answers.shortfall, 2)  # partly met and not evidenced
        self.assertEqual(answers.not_evidenced, 1)

    def test_it_counts_each_case_by_its_agreed_judgement(self):
        judgements = evidence.theme_evidence(self.visit, self.theme1).judgements
        self.assertEqual(
            rows(judgements),
            {
                "outstanding": (0, 0),
                "good": (1, 33),
                "requires-improvement": (1, 33),
                "inadequate": (1, 33),
            },
        )
        self.assertEqual(judgements.counted, 3)

    def test_it_gives_the_conversation_views_by_group(self):
        groups = {
            g.group: g for g in evidence.theme_evidence(self.visit, self.theme1).conversations
        }
        self.assertEqual(list(groups), ["leaders", "practitioners", "managers"])
        self.assertEqual(rows(groups["leaders"].distribution)["good"], (1, 100))
        practitioners = groups["practitioners"]
        self.assertEqual(rows(practitioners.distribution)["requires-improvement"], (1, 50))
        self.assertEqual(rows(practitioners.distribution)["inadequate"], (1, 50))
        self.assertEqual(
            [view.summary for view in practitioners.views],
            ["Too little time with people.", "Waiting lists are long."],
        )
        self.assertEqual(groups["managers"].views, [])

    def test_it_gives_every_theme_in_the_tool_order(self):
        themes = evidence.visit_evidence(self.visit)
        self.assertEqual([e.theme.key for e in themes], ["t1", "t2"])
        self.assertEqual(rows(themes[1].answers)["not-met"], (1, 50))
        self.assertEqual(themes[1].answers.not_applicable, 0)
        leaders = themes[1].conversations[0]
        self.assertEqual([view.summary for view in leaders.views], ["Proud."])

    def test_an_unanswered_theme_has_an_empty_distribution_not_an_error(self):
        # The tool is published, so no theme can be added: a visit that answered only
        # theme 1 stands in for one where a theme has no answers yet.
        visit = make_visit(
            host=self.walsall,
            tool=self.tool,
            coordinator=self.coordinator,
            lead=self.outsider,
            first_day=datetime.date(2027, 9, 7),
            cases=1,
        )
        make_answers(visit.case_files.get(), {"t1-q1": "met"})
        theme = Theme.objects.get(tool=self.tool, key="t2")
        found = evidence.theme_evidence(visit, theme)
        self.assertEqual(found.answers.counted, 0)
        self.assertEqual(found.answers.shortfall, 0)
        # No percentage of nothing: the page shows 0% and an empty bar for each level.
        self.assertEqual(
            [(r.count, r.percent) for r in found.answers.counted_levels], [(0, None)] * 4
        )


class ConcernSummaryTests(VisitCastTestCase):
    visit_status = "drafting"

    def test_it_counts_concerns_by_how_their_handling_stands(self):
        def raise_one(case, minutes_to_acknowledge=None, close=False):
            concern = ImmediateConcern.objects.create(
                visit=self.visit,
                case_file=case,
                risk="R.",
                action_taken="A.",
                raised_by=self.auditor,
            )
            if minutes_to_acknowledge is not None:
                concern.acknowledge(by=self.host_psw, response="On it.")
                if close:
                    concern.close(by=self.host_psw, note="Done.")
                ImmediateConcern.objects.filter(pk=concern.pk).update(
                    acknowledged_at=concern.raised_at
                    + datetime.timedelta(minutes=minutes_to_acknowledge)
                )

        self.assertEqual(evidence.concern_summary(self.visit).raised, 0)
        raise_one(self.cases[0])
        raise_one(self.cases[1], minutes_to_acknowledge=40)
        raise_one(self.cases[2], minutes_to_acknowledge=150, close=True)
        with self.assertNumQueries(1):
            summary = evidence.concern_summary(self.visit)
        self.assertEqual(
            (summary.raised, summary.waiting, summary.acknowledged, summary.closed), (3, 1, 1, 1)
        )
        self.assertEqual(summary.longest_wait, datetime.timedelta(minutes=150))


class EvidenceQueryTests(VisitCastTestCase):
    """The counting happens in the database: the same queries for 4 cases or 44."""

    visit_status = "drafting"

    def grow(self, extra_cases: int) -> None:
        questions = list(
            Question.objects.filter(tool=self.visit.tool).values_list("key", flat=True)
        )
        start = self.visit.case_files.count()
        levels = ["met", "partly-met", "not-met", "not-evidenced", "not-applicable"]
        for n in range(start + 1, start + extra_cases + 1):
            case = CaseFile.objects.create(
                visit=self.visit,
                reference=f"SAN-{n:02d}",
                case_type="review",
                primary_support_reason="physical",
                age_band="65-84",
            )
            make_answers(case, {key: levels[(n + i) % 5] for i, key in enumerate(questions)})
            make_judgement(case, ["good", "requires-improvement"][n % 2])

    def test_one_theme_takes_five_queries_however_many_cases(self):
        theme = Theme.objects.get(tool=self.tool, key="t1")
        # levels, cases, answer counts, judgement counts, conversation views
        with self.assertNumQueries(5):
            evidence.theme_evidence(self.visit, theme)
        self.grow(40)
        with self.assertNumQueries(5):
            grown = evidence.theme_evidence(self.visit, theme)
        self.assertEqual(grown.answers.total, 40 * 3)

    def test_every_theme_takes_six_queries_however_many_cases_and_themes(self):
        # themes, levels, cases, answer counts, judgement counts, conversation views
        with self.assertNumQueries(6):
            evidence.visit_evidence(self.visit)
        # A published tool cannot gain themes: the visit moves to a twelve-theme tool.
        bigger = make_tool(self.region, themes=12, questions=1, name="Twelve themes")
        Visit.objects.filter(pk=self.visit.pk).update(tool=bigger)
        self.visit.refresh_from_db()
        self.grow(40)
        with self.assertNumQueries(6):
            grown = evidence.visit_evidence(self.visit)
        self.assertEqual(len(grown), 12)
        self.assertEqual(sum(theme.judgements.counted for theme in grown[:1]), 40)
