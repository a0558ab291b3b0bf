"""The demo gives past visits fieldwork that triangulation and the report can show."""

import datetime
from io import StringIO

from audits.demodata import fieldwork as demo
from audits.models import (
    ConcernEvent,
    Conversation,
    ConversationView,
    ImmediateConcern,
    LearningAction,
    Theme,
    ThemeFinding,
    Visit,
)
from tests.base import PASSWORD, VisitCastTestCase
from tests.factories import make_answers, make_tool, make_visit


def seed() -> str:
    out = StringIO()
    demo.seed(password=PASSWORD, out=out)
    return out.getvalue()


def snapshot() -> dict:
    return {
        "conversations": list(Conversation.objects.values_list("pk", "group", "held_on")),
        "views": list(ConversationView.objects.values_list("pk", "level__key", "summary")),
        "findings": list(ThemeFinding.objects.values_list("pk", "level__key", "strengths")),
        "actions": list(LearningAction.objects.values_list("pk", "status", "due_on")),
        "concerns": list(ImmediateConcern.objects.values_list("pk", "status")),
        "events": list(ConcernEvent.objects.values_list("pk", "to_status")),
    }


class DemoFieldworkTests(VisitCastTestCase):
    visit_status = "issued"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # A published tool cannot gain themes: the visit moves to one built with them.
        cls.tool = make_tool(
            cls.region,
            name="Themed tool",
            more_themes=["assessment", "management-oversight", "recording"],
        )
        Visit.objects.filter(pk=cls.visit.pk).update(tool=cls.tool)
        cls.visit.refresh_from_db()
        for case in cls.cases:
            make_answers(case, {"assessment-q1": "met", "recording-q1": "partly-met"})
        cls.planned = make_visit(
            host=cls.coventry,
            tool=cls.tool,
            coordinator=cls.coordinator,
            lead=cls.co_auditor,
            first_day=datetime.date(2027, 11, 2),
            cases=2,
        )

    def test_it_gives_a_past_visit_three_to_five_conversations_and_a_finding_per_theme(self):
        seed()
        self.assertIn(Conversation.objects.filter(visit=self.visit).count(), {3, 4, 5})
        themes = Theme.objects.filter(tool=self.tool).count()
        self.assertEqual(ThemeFinding.objects.filter(visit=self.visit).count(), themes)
        self.assertFalse(ThemeFinding.objects.exclude(visit=self.visit).exists())
        self.assertFalse(ThemeFinding.objects.filter(strengths="").exists())

    def test_it_leaves_visits_before_their_days_on_site_alone(self):
        seed()
        self.assertFalse(Conversation.objects.filter(visit=self.planned).exists())
        self.assertFalse(LearningAction.objects.filter(visit=self.planned).exists())

    def test_leaders_are_warmer_than_practitioners_on_some_themes(self):
        seed()

        def score(group, key):
            views = ConversationView.objects.filter(
                conversation__visit=self.visit, conversation__group=group, theme__key=key
            )
            return max(view.level.score for view in views)

        self.assertGreater(
            score("leaders", "management-oversight"),
            score("practitioners", "management-oversight"),
        )
        self.assertGreater(score("leaders", "recording"), score("practitioners", "recording"))

    def test_the_judgement_follows_the_case_files_where_they_say_enough(self):
        seed()
        assessment = ThemeFinding.objects.get(visit=self.visit, theme__key="assessment")
        recording = ThemeFinding.objects.get(visit=self.visit, theme__key="recording")
        self.assertIn(assessment.level.key, {"good", "outstanding"})  # all met
        self.assertEqual(recording.level.key, "inadequate")  # none fully met

    def test_each_auditor_gets_two_or_three_actions_for_their_own_council(self):
        seed()
        for auditor in [self.auditor, self.co_auditor]:
            actions = LearningAction.objects.filter(owner=auditor)
            self.assertIn(actions.count(), {2, 3})
            self.assertEqual({a.council for a in actions}, {auditor.home_authority})
            self.assertTrue(actions.filter(status="done").exists())
            self.assertTrue(any(a.is_overdue for a in actions))

    def test_it_raises_one_acknowledged_concern_with_its_history(self):
        seed()
        concern = ImmediateConcern.objects.get()
        self.assertEqual(concern.status, "acknowledged")
        self.assertEqual(concern.acknowledged_by, self.host_psw)
        self.assertEqual(
            list(concern.history.values_list("to_status", flat=True)), ["raised", "acknowledged"]
        )

    def test_it_is_idempotent(self):
        seed()
        first = snapshot()
        seed()
        self.assertEqual(snapshot(), first)

    def test_it_does_nothing_without_past_visits(self):
        self.visit.status = "on_site"
        self.visit.save()
        self.assertEqual(seed(), "")
        self.assertFalse(Conversation.objects.exists())
