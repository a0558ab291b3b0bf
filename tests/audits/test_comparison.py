"""A council's audit against its last: two visits to Sandwell a year apart, on tool versions
1 and 2. Version 2 adds t1-q4 and t2-q4 and drops t2-q3, so only the shared keys are
compared; theme 2 was answered on only three cases last time, so it is suppressed.

    last year (v1)   t1-q1  t1-q2  t1-q3   t2-q1  t2-q2  t2-q3   judgement
    SAN-01..03       met    not-met met    met    met    met     requires improvement
    SAN-04..06       met    not-met n/a    -      -      -       inadequate (04), good (05, 06)

    this year (v2)   t1-q1  t1-q2  t1-q3  t1-q4   t2-q1  t2-q2  t2-q4   judgement
    SAN-01..05       met    met    partly met     met    not-met met     good
    SAN-06           met    met    not-ev met     -      -      -       outstanding
"""

import datetime

from django.urls import reverse
from freezegun import freeze_time

from audits.comparison import COMPARISON_QUERIES, compare, previous_audit
from audits.models import AuditTool, CaseFile, Question, ThemeFinding, Visit
from audits.services.improvement import add_plan_action, update_plan_action
from tests.audits.test_improvement_plan import recommend
from tests.base import VisitCastTestCase
from tests.factories import make_tool, make_visit
from tests.reports.support import judge, rate

LAST_YEAR = datetime.date(2026, 3, 10)
THIS_YEAR = datetime.date(2027, 3, 9)


def tool_version_2(region):
    tool = make_tool(region, version=2, questions=4, status="draft")
    Question.objects.filter(tool=tool, key="t2-q3").delete()
    AuditTool.objects.filter(pk=tool.pk).update(status="published")
    return tool


def fill(visit, grid, judgements, finding_levels=None):
    cases = {case.reference: case for case in visit.case_files.all()}
    for references, ratings in grid:
        for reference in references:
            rate(cases[reference], ratings, by=visit.auditor_links.first().auditor)
    for reference, level in judgements.items():
        judge(cases[reference], level)
    for theme_key, level_key in (finding_levels or {}).items():
        ThemeFinding.objects.create(
            visit=visit,
            theme=visit.tool.themes.get(key=theme_key),
            level=visit.tool.scales.get(key="judgement").levels.get(key=level_key),
        )


class ComparisonScene(VisitCastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.v2 = tool_version_2(cls.region)
        cls.last = make_visit(
            host=cls.sandwell, tool=cls.tool, coordinator=cls.coordinator, lead=cls.auditor,
            auditors=[cls.co_auditor], peer_team=[cls.peer], first_day=LAST_YEAR, cases=6,
            status="issued",
        )  # fmt: skip
        first, rest = ["SAN-01", "SAN-02", "SAN-03"], ["SAN-04", "SAN-05", "SAN-06"]
        t1 = {"t1-q1": "met", "t1-q2": "not-met"}
        t2 = {"t2-q1": "met", "t2-q2": "met", "t2-q3": "met"}
        fill(
            cls.last,
            [(first, {**t1, "t1-q3": "met", **t2}), (rest, {**t1, "t1-q3": "not-applicable"})],
            {"SAN-01": "requires-improvement", "SAN-02": "requires-improvement",
             "SAN-03": "requires-improvement", "SAN-04": "inadequate", "SAN-05": "good",
             "SAN-06": "good"},
            {"t1": "requires-improvement", "t2": "good"},
        )  # fmt: skip
        Visit.objects.filter(pk=cls.visit.pk).update(
            tool=cls.v2, first_day=THIS_YEAR, status="drafting"
        )
        cls.visit.refresh_from_db()
        for n in (5, 6):
            CaseFile.objects.create(
                visit=cls.visit, reference=f"SAN-0{n}", case_type="review", team="Locality",
                primary_support_reason="physical", age_band="65-84",
            )  # fmt: skip
        five = [f"SAN-0{n}" for n in range(1, 6)]
        t1 = {"t1-q1": "met", "t1-q2": "met", "t1-q4": "met"}
        fill(
            cls.visit,
            [(five, {**t1, "t1-q3": "partly-met", "t2-q1": "met", "t2-q2": "not-met",
                     "t2-q4": "met"}),
             (["SAN-06"], {**t1, "t1-q3": "not-evidenced"})],
            {**{reference: "good" for reference in five}, "SAN-06": "outstanding"},
            {"t1": "good"},
        )  # fmt: skip


class ComparisonTests(ComparisonScene):
    def test_it_finds_the_last_issued_audit_of_the_same_council(self):
        make_visit(
            host=self.sandwell, tool=self.tool, coordinator=self.coordinator,
            first_day=datetime.date(2026, 9, 1), status="cancelled",
        )  # fmt: skip
        make_visit(
            host=self.dudley, tool=self.tool, coordinator=self.coordinator,
            first_day=datetime.date(2026, 10, 1), status="issued",
        )  # fmt: skip
        self.assertEqual(previous_audit(self.visit), self.last)
        self.assertIsNone(previous_audit(self.last))
        self.assertIsNone(compare(self.last))

    def test_it_compares_only_the_questions_both_versions_ask(self):
        found = compare(self.visit)
        keys = [q.key for theme in found.themes for q in theme.questions]
        self.assertEqual(keys, ["t1-q1", "t1-q2", "t1-q3", "t2-q1", "t2-q2"])
        self.assertEqual(found.compared, 5)
        self.assertEqual(
            found.not_compared,
            ("1.4 Question 4 of theme 1? (new in this version)",
             "2.3 Question 4 of theme 2? (new in this version)"),
        )  # fmt: skip
        self.assertEqual(
            found.no_longer_asked,
            ("Question 3 of theme 2? (asked last time, not in this version)",),
        )

    def test_it_works_out_each_shared_questions_movement(self):
        theme_1 = compare(self.visit).themes[0]
        q1, q2, q3 = theme_1.questions
        self.assertEqual(
            (q1.before.text, q1.now.text, q1.change_text), ("100%", "100%", "no change")
        )
        # Not met on all six last year; Met on all six now.
        self.assertEqual(
            (q2.before.text, q2.now.text, q2.change_text), ("0%", "100%", "up 100 points")
        )
        # Last year Met 3 of 3 counted (3 not applicable); now Partly met 5, Not evidenced 1.
        self.assertEqual((q3.before.text, q3.now.text), ("100%", "0%"))
        self.assertEqual(q3.before.spread, "Met 3, Not applicable 3")
        self.assertEqual(q3.now.spread, "Partly met 5, Not evidenced 1")
        self.assertEqual(q3.change_text, "down 100 points")

    def test_it_figures_a_theme_from_its_shared_questions_only(self):
        theme_1 = compare(self.visit).themes[0]
        # Last year: t1-q1 6 met, t1-q2 6 not met, t1-q3 3 met (3 n/a): 9 of 15 = 60%.
        # This year, t1-q4 left out: 6 + 6 met, 5 partly, 1 not evidenced: 12 of 18 = 67%.
        self.assertEqual((theme_1.before.text, theme_1.now.text), ("60%", "67%"))
        self.assertEqual(theme_1.change_text, "up 7 points")
        self.assertEqual(
            (theme_1.judgement_before, theme_1.judgement_now), ("Requires improvement", "Good")
        )

    def test_it_suppresses_figures_from_fewer_than_five_cases_and_does_not_compare_them(self):
        theme_2 = compare(self.visit).themes[1]
        self.assertEqual(theme_2.before.cases, 3)
        self.assertEqual((theme_2.before.text, theme_2.before.spread), ("suppressed", "suppressed"))
        self.assertEqual(theme_2.now.text, "50%")  # 5 met, 5 not met, from five cases
        self.assertEqual(theme_2.change_text, "not compared")
        self.assertEqual([q.change_text for q in theme_2.questions], ["not compared"] * 2)

    def test_it_compares_the_cases_agreed_judgements(self):
        found = compare(self.visit)
        self.assertEqual(found.judgements_before.text, "33%")  # 2 of 6 good or better
        self.assertEqual(found.judgements_now.text, "100%")
        self.assertEqual(found.judgement_change_text, "up 67 points")
        self.assertEqual(
            found.judgements_before.spread, "Good 2, Requires improvement 3, Inadequate 1"
        )

    def test_it_says_in_the_method_which_versions_were_compared(self):
        self.assertEqual(
            compare(self.visit).method,
            "This audit used Test audit tool, version 2; the last, in March 2026, used Test "
            "audit tool, version 1. 5 questions were compared by their key, and 3 questions "
            "could not be, because only one of the two versions asks it (listed under Since "
            "the last audit). Figures built from fewer than five cases are suppressed and not "
            "compared.",
        )

    def test_it_reads_in_a_fixed_number_of_queries(self):
        add_plan_action(
            recommendation=recommend(self.last, by=self.auditor), by=self.host_psw,
            action="Audit.", due_on=THIS_YEAR, owner_role="Head of Service",
        )  # fmt: skip
        visit = Visit.objects.select_related("tool").get(pk=self.visit.pk)
        with self.assertNumQueries(COMPARISON_QUERIES):
            compare(visit)


class PlanAtTheNewVisitTests(ComparisonScene):
    def test_it_says_where_the_last_plan_stood_on_the_first_day(self):
        carers = recommend(self.last, by=self.auditor)
        with freeze_time("2026-06-01 10:00"):
            done = add_plan_action(
                recommendation=carers, by=self.host_psw, action="Audit.",
                due_on=datetime.date(2026, 9, 1), owner_role="Head of Service",
            )  # fmt: skip
            late = add_plan_action(
                recommendation=carers, by=self.host_psw, action="Train.",
                due_on=datetime.date(2026, 12, 1), owner_role="Head of Service",
            )  # fmt: skip
        with freeze_time("2026-08-01 10:00"):
            update_plan_action(
                plan_action=done, by=self.host_psw, action="Audit.", status="done",
                due_on=done.due_on, owner_role="Head of Service",
            )  # fmt: skip
        with freeze_time("2027-03-20 10:00"):  # after the new visit began: not counted
            update_plan_action(
                plan_action=late, by=self.host_psw, action="Train.", status="done",
                due_on=late.due_on, owner_role="Head of Service",
            )  # fmt: skip
        plan = compare(self.visit).plan
        self.assertEqual(plan.day, THIS_YEAR)
        self.assertEqual((plan.done, plan.planned, plan.overdue), (1, 1, 1))
        self.assertEqual((plan.recommendations, plan.answered), (1, 1))


class ComparisonPageTests(ComparisonScene):
    def url(self, visit=None):
        return reverse("audits:visit-since-last", args=[(visit or self.visit).pk])

    def test_it_shows_the_team_and_coordinator_while_drafting(self):
        for person in (self.auditor, self.coordinator):
            with self.subTest(person=person.email):
                page = self.sign_in(person).get(self.url())
                self.assertContains(page, "Since the last audit")
                self.assertContains(page, "up 7 points")
                self.assertContains(page, "suppressed")

    def test_it_shows_hosts_and_the_peer_team_only_once_issued(self):
        for person in (self.host_director, self.host_psw, self.peer):
            with self.subTest(person=person.email):
                self.assertEqual(self.sign_in(person).get(self.url()).status_code, 404)
        Visit.objects.filter(pk=self.visit.pk).update(status="issued")
        self.visit.peer_team.add(self.peer)
        for person in (self.host_director, self.host_psw, self.host_ad, self.peer):
            with self.subTest(person=person.email):
                self.assertContains(self.sign_in(person).get(self.url()), "up 7 points")

    def test_it_shows_nobody_else(self):
        Visit.objects.filter(pk=self.visit.pk).update(status="issued")
        for person in (self.outsider, self.other_coordinator, self.platform_admin, self.tool_owner):
            with self.subTest(person=person.email):
                self.assertEqual(self.sign_in(person).get(self.url()).status_code, 404)

    def test_it_gives_a_first_audit_no_comparison_and_no_link_to_one(self):
        self.assertEqual(self.sign_in(self.coordinator).get(self.url(self.last)).status_code, 404)
        page = self.client.get(self.last.get_absolute_url())
        self.assertNotContains(page, self.url(self.last))
        self.assertContains(self.client.get(self.visit.get_absolute_url()), self.url())
