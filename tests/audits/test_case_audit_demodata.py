"""Demo data: past visits get complete, moderated, locked case audits, repeatably, quickly and
without anything that looks like a personal identifier."""

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.completeness import check
from audits.demodata import casework as demo
from audits.identifiers import find_identifiers
from audits.models import (
    Answer,
    Calibration,
    CaseFile,
    CaseJudgement,
    ModerationEvent,
    Question,
    Theme,
    Visit,
)
from audits.services import casework as services
from audits.services import double_rating
from tests.base import CastTestCase
from tests.factories import make_tool, make_visit, thawed

THEMES = [
    "first-contact",
    "safeguarding",
    "assessment",
    "mental-capacity",
    "care-planning",
    "management-oversight",
    "voice",
    "carers",
    "recording",
    "outcomes",
]


class DemoTestCase(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tool = make_tool(cls.region, themes=len(THEMES), questions=5, name="Demo tool")
        with thawed(cls.tool):
            for position, key in enumerate(THEMES, start=1):
                Theme.objects.filter(tool=cls.tool, position=position).update(key=key)
            outcomes = Theme.objects.get(tool=cls.tool, key="outcomes")
            judgement_scale = cls.tool.scales.get(purpose="judgement")
            Question.objects.create(
                tool=cls.tool,
                theme=outcomes,
                key="outcomes-overall-judgement",
                position=10,
                text="What is your overall judgement?",
                scale=judgement_scale,
            )
            Question.objects.create(
                tool=cls.tool,
                theme=outcomes,
                key="outcomes-difference-summary",
                position=11,
                text="What difference did the work make?",
                answer_kind=Question.AnswerKind.TEXT,
            )
        cls.past = make_visit(
            host=cls.sandwell,
            tool=cls.tool,
            coordinator=cls.coordinator,
            lead=cls.auditor,
            auditors=[cls.co_auditor],
            cases=40,
            status=Visit.Status.DRAFTING,
        )
        cls.future = make_visit(
            host=cls.coventry,
            tool=cls.tool,
            coordinator=cls.coordinator,
            lead=cls.auditor,
            auditors=[cls.co_auditor],
            cases=4,
            status=Visit.Status.ON_SITE,
        )

    def seed(self):
        return demo.seed(password="unused", out=io.StringIO())


class NothingToDoTests(CastTestCase):
    def test_it_does_nothing_when_there_are_no_past_visits(self):
        out = io.StringIO()
        self.assertEqual(demo.seed(password="unused", out=out), [])
        self.assertFalse(Answer.objects.exists())
        self.assertIn("nothing to add", out.getvalue())


class SeedTests(DemoTestCase):
    def test_every_past_case_is_complete_moderated_and_locked(self):
        self.seed()
        cases = CaseFile.objects.filter(visit=self.past)
        self.assertEqual(set(cases.values_list("status", flat=True)), {CaseFile.Status.LOCKED})
        for case in services.case_audits().filter(visit=self.past):
            state = services.load_case_audit(case)
            with self.subTest(case=case.reference):
                self.assertEqual(state.completeness.gaps, [])
                self.assertEqual(
                    len(state.answers), Question.objects.filter(tool=self.tool).count()
                )

    def test_a_visit_on_site_has_each_auditors_first_cases_under_way_and_none_finished(self):
        self.seed()
        first_run = list(
            Answer.objects.filter(case_file__visit=self.future).values_list("pk", flat=True)
        )
        started = CaseFile.objects.filter(visit=self.future, answers__isnull=False).distinct()
        self.assertTrue(first_run)
        self.assertEqual(
            set(started.values_list("status", flat=True)), {CaseFile.Status.IN_PROGRESS}
        )
        for case in services.case_audits().filter(visit=self.future):
            with self.subTest(case=case.reference):
                self.assertTrue(services.load_case_audit(case).completeness.gaps)
        self.assertFalse(CaseJudgement.objects.filter(case_file__visit=self.future).exists())
        self.seed()
        self.assertEqual(
            Answer.objects.filter(case_file__visit=self.future).count(), len(first_run)
        )

    def test_each_case_has_a_moderation_history_and_some_judgements_were_moderated(self):
        self.seed()
        for case in CaseFile.objects.filter(visit=self.past):
            steps = list(case.moderation_history.order_by("at").values_list("action", flat=True))
            self.assertEqual(steps[0], ModerationEvent.Action.SUBMITTED)
            self.assertIn(
                steps[1], {ModerationEvent.Action.AGREED, ModerationEvent.Action.MODERATED}
            )
            self.assertEqual(steps[2], ModerationEvent.Action.LOCKED)
        moderated = CaseJudgement.objects.filter(moderated_level__isnull=False)
        self.assertTrue(moderated.exists())
        for judgement in moderated:
            self.assertNotEqual(judgement.level_id, judgement.moderated_level_id)
            self.assertTrue(judgement.moderation_reason)
        self.assertGreater(len(set(CaseJudgement.objects.values_list("level__key", flat=True))), 1)

    def test_the_audit_happened_during_and_after_the_visit(self):
        self.seed()
        first_answer = Answer.objects.filter(case_file__visit=self.past).order_by("updated_at")[0]
        self.assertEqual(first_answer.updated_at.date(), self.past.first_day)
        for event in ModerationEvent.objects.all():
            self.assertGreaterEqual(event.at.date(), self.past.last_day)

    def test_two_cases_per_visit_were_double_rated_and_agreed(self):
        self.seed()
        calibrations = Calibration.objects.filter(case_file__visit=self.past)
        self.assertEqual(calibrations.count(), 2)
        self.assertTrue(all(c.is_revealed and c.is_agreed for c in calibrations))
        overall = double_rating.visit_agreement(self.past).overall
        self.assertGreater(overall.pairs, 0)
        self.assertLess(overall.percentage, 100)
        self.assertIsNotNone(overall.kappa)

    def test_the_recurring_themes_fall_short_more_often(self):
        self.seed()

        def met_share(themes):
            answers = Answer.objects.filter(
                case_file__visit=self.past, question__theme__key__in=themes, level__isnull=False
            ).exclude(level__is_not_applicable=True)
            return answers.filter(level__key="met").count() / answers.count()

        recurring = [key for key in THEMES if demo._recurring(key)]
        others = [key for key in THEMES if not demo._recurring(key)]
        self.assertLess(met_share(recurring) + 0.15, met_share(others))

    def test_no_free_text_looks_like_a_personal_identifier(self):
        self.seed()
        texts = [
            *Answer.objects.values_list("note", flat=True),
            *Answer.objects.values_list("text", flat=True),
            *ModerationEvent.objects.values_list("reason", flat=True),
        ]
        for judgement in CaseJudgement.objects.all():
            texts += [judgement.rationale, judgement.strength, judgement.improvement]
            texts.append(judgement.moderation_reason)
        self.assertTrue(any(texts))
        for text in texts:
            self.assertEqual(find_identifiers(text), [], text)

    def test_running_it_twice_changes_nothing(self):
        self.seed()
        counts = [
            model.objects.count() for model in (Answer, CaseJudgement, ModerationEvent, Calibration)
        ]
        notes = list(Answer.objects.order_by("pk").values_list("note", flat=True))
        self.seed()
        self.assertEqual(
            counts,
            [
                model.objects.count()
                for model in (Answer, CaseJudgement, ModerationEvent, Calibration)
            ],
        )
        self.assertEqual(notes, list(Answer.objects.order_by("pk").values_list("note", flat=True)))

    def test_it_writes_in_bulk_not_case_by_case(self):
        with CaptureQueriesContext(connection) as queries:
            self.seed()
        statements = [query["sql"].split()[0] for query in queries.captured_queries]
        # The visits, then for each visit its cases, questions, their options, levels and
        # team; for the visit on site also the count of its cases, to see that none is
        # started yet.
        self.assertEqual(statements.count("SELECT"), 1 + 5 + 6)
        # 2,080 answers and 120 moderation steps go in batches, not row by row.
        self.assertEqual(Answer.objects.filter(case_file__visit=self.past).count(), 40 * 52)
        self.assertLess(statements.count("INSERT"), 40)

    def test_the_notes_are_varied(self):
        self.seed()
        self.assertGreater(Answer.objects.exclude(note="").values("note").distinct().count(), 10)
        self.assertIsNotNone(check)
