"""A council's CQC evidence by quality statement: its figures equal counts made here from the
raw answers, what the teams wrote and the plan's progress are under the right statements, and
only the council's own PSW, Director and AD and the region's coordinator read it."""

import datetime

from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from audits.cqc import QualityStatement
from audits.models import Answer, Question, Recommendation, ThemeFinding, Visit
from audits.services.improvement import add_plan_action, update_plan_action
from learning.cqc_evidence import EVIDENCE_QUERIES, council_evidence
from tests.audits.test_comparison import ComparisonScene
from tests.factories import thawed


def counted_by_hand(visit, statement):
    """(met, counted, cases) from the raw answers: Met over every answer but Not applicable."""
    met = counted = 0
    cases = set()
    for answer in Answer.objects.filter(case_file__visit=visit).select_related("level", "question"):
        if statement not in (answer.question.cqc_statements or []):
            continue
        cases.add(answer.case_file_id)
        if answer.level.key != "not-applicable":
            counted += 1
            met += answer.level.key == "met"
    return met, counted, len(cases)


class CqcScene(ComparisonScene):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Visit.objects.filter(pk=cls.visit.pk).update(status="issued")
        with thawed(cls.tool):
            Question.objects.filter(tool=cls.tool, theme__key="t2").update(
                cqc_statements=["safeguarding"]
            )
            Question.objects.filter(tool=cls.tool, key="t1-q1").update(
                cqc_statements=["assessing-needs", "equity"]
            )
        ThemeFinding.objects.filter(visit=cls.last, theme__key="t1").update(
            strengths="Assessments written with the person.",
            areas_for_development="Carers not offered their own assessment.",
        )
        ThemeFinding.objects.filter(visit=cls.last, theme__key="t2").update(
            strengths="Safeguarding enquiries made promptly."
        )
        carers = Recommendation.objects.create(
            visit=cls.last, theme=cls.tool.themes.get(key="t1"), created_by=cls.auditor,
            text="Offer every carer their own assessment.",
        )  # fmt: skip
        with freeze_time("2026-05-01"):
            done = add_plan_action(
                recommendation=carers, by=cls.host_psw, action="Audit.",
                due_on=datetime.date(2026, 9, 1), owner_role="Head of Service",
            )  # fmt: skip
            add_plan_action(
                recommendation=carers, by=cls.host_psw, action="Train.",
                due_on=datetime.date(2026, 10, 1), owner_role="Head of Service",
            )  # fmt: skip
            update_plan_action(
                plan_action=done, by=cls.host_psw, action="Audit.", status="done",
                due_on=done.due_on, owner_role="Head of Service",
            )  # fmt: skip


@freeze_time("2027-06-01")
class CqcEvidenceTests(CqcScene):
    def statement(self, key):
        found = council_evidence(self.sandwell)
        return next(s for s in found.statements if s.key == key)

    def test_it_lists_all_nine_statements_in_cqcs_order(self):
        found = council_evidence(self.sandwell)
        self.assertEqual([s.key for s in found.statements], list(QualityStatement.values))
        self.assertEqual(len(found.statements), 9)
        self.assertEqual(found.audits, 2)

    def test_it_gives_results_equal_to_the_counts_made_from_the_raw_answers(self):
        for key in ("assessing-needs", "safeguarding", "equity"):
            for result in self.statement(key).results:
                visit = Visit.objects.get(pk=result.visit_id)
                with self.subTest(statement=key, visit=str(visit.first_day)):
                    met, counted, cases = counted_by_hand(visit, key)
                    self.assertEqual((result.counts.met, result.counts.applicable), (met, counted))
                    self.assertEqual(result.cases, cases)
                    if cases >= 5:
                        self.assertEqual(result.met_percent, round(100 * met / counted))

    def test_it_reads_each_audit_with_its_own_tools_tags(self):
        assessing = self.statement("assessing-needs")
        self.assertEqual(
            [r.first_day for r in assessing.results], [self.last.first_day, self.visit.first_day]
        )
        self.assertEqual([r.questions for r in assessing.results], [3, 7])
        self.assertEqual(assessing.results[0].text, "60%")  # 9 of 15, as the comparison found
        safeguarding = self.statement("safeguarding")
        self.assertEqual([r.visit_id for r in safeguarding.results], [self.last.pk])
        self.assertEqual(safeguarding.results[0].text, "suppressed")  # three cases only

    def test_it_puts_what_the_teams_wrote_and_the_plan_under_the_themes_statements(self):
        assessing = self.statement("assessing-needs")
        self.assertEqual(
            [w.text for w in assessing.strengths], ["Assessments written with the person."]
        )
        self.assertEqual(
            [w.text for w in assessing.areas_for_development],
            ["Carers not offered their own assessment."],
        )
        (carers,) = assessing.recommendations
        self.assertEqual((carers.actions, carers.done, carers.overdue), (2, 1, 1))
        safeguarding = self.statement("safeguarding")
        self.assertEqual(
            [w.text for w in safeguarding.strengths], ["Safeguarding enquiries made promptly."]
        )
        self.assertEqual(safeguarding.recommendations, ())

    def test_it_has_no_evidence_for_a_statement_no_question_is_tagged_with(self):
        self.assertFalse(self.statement("partnerships").has_evidence)

    def test_it_reads_in_a_fixed_number_of_queries(self):
        with self.assertNumQueries(EVIDENCE_QUERIES):
            council_evidence(self.sandwell)

    def test_it_shows_the_figures_on_the_page(self):
        page = self.sign_in(self.host_director).get(
            reverse("learning:cqc-evidence", args=["sandwell"])
        )
        self.assertContains(page, "OFFICIAL-SENSITIVE")
        self.assertContains(page, "Working with people: assessing needs")
        self.assertContains(page, "60%")
        self.assertContains(page, "1 of 2 actions done, 1 overdue")
        self.assertContains(page, "None of Sandwell's issued audits asked a question")


class CqcEvidenceAccessTests(CqcScene):
    def status(self, person, url):
        client = Client()
        client.force_login(person)
        return client.get(url).status_code

    def test_it_is_read_only_by_the_councils_own_leaders_and_the_coordinator(self):
        url = reverse("learning:cqc-evidence", args=["sandwell"])
        for person in (self.host_psw, self.host_director, self.host_ad, self.coordinator):
            with self.subTest(person=person.email):
                self.assertEqual(self.status(person, url), 200)
        others = (self.peer, self.auditor, self.co_auditor, self.outsider, self.tool_owner,
                  self.other_coordinator, self.platform_admin)  # fmt: skip
        for person in others:
            with self.subTest(person=person.email):
                self.assertEqual(self.status(person, url), 404)
        response = Client().get(url)
        self.assertTrue(response["Location"].startswith(reverse("account_login")))

    def test_it_leads_each_host_from_my_council_to_their_own_councils_evidence(self):
        url = reverse("learning:my-council-cqc")
        client = Client()
        client.force_login(self.host_ad)
        self.assertRedirects(client.get(url), reverse("learning:cqc-evidence", args=["sandwell"]))
        client.force_login(self.auditor)  # Dudley's PSW: Dudley's evidence, not Sandwell's
        self.assertRedirects(client.get(url), reverse("learning:cqc-evidence", args=["dudley"]))
        for person in (self.coordinator, self.peer, self.tool_owner, self.platform_admin):
            with self.subTest(person=person.email):
                self.assertEqual(self.status(person, url), 403)
