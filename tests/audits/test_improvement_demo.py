"""The demo's improvement plan: Dudley's last audit answered, partly done, one action overdue;
seeding again changes nothing."""

import datetime
import io

from audits.demodata import improvement
from audits.models import PlanAction, Recommendation
from tests.base import VisitCastTestCase
from tests.factories import make_visit


class DemoPlanTests(VisitCastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dudley_visit = make_visit(
            host=cls.dudley, tool=cls.tool, coordinator=cls.coordinator, lead=cls.co_auditor,
            first_day=datetime.date(2025, 11, 11), cases=2, status="closed",
        )  # fmt: skip
        cls.dudley_director = cls.host_director.__class__.objects.create_user(
            email="director@dudley.test", password="x", full_name="Martin Cole",
            role="director", home_authority=cls.dudley, region=cls.region,
        )  # fmt: skip

    def seed(self):
        improvement.seed(password="unused", out=io.StringIO())

    def test_it_makes_dudleys_plan_partly_done_with_one_action_overdue(self):
        self.seed()
        self.assertEqual(Recommendation.objects.filter(visit=self.dudley_visit).count(), 3)
        actions = PlanAction.objects.filter(recommendation__visit=self.dudley_visit)
        self.assertEqual(
            sorted(actions.values_list("status", flat=True)), ["done", "planned", "under_way"]
        )
        (overdue,) = [action for action in actions if action.is_overdue]
        self.assertEqual(overdue.owner_role, "Head of Adult Social Work")
        planned = actions.get(status="planned")
        self.assertEqual(planned.owner, self.dudley_director)
        done = actions.get(status="done")
        self.assertEqual(list(done.updates.values_list("status", flat=True)), ["planned", "done"])
        unanswered = Recommendation.objects.filter(visit=self.dudley_visit, plan_actions=None)
        self.assertEqual(unanswered.count(), 1)

    def test_it_changes_nothing_when_seeded_twice(self):
        self.seed()
        self.seed()
        self.assertEqual(PlanAction.objects.count(), 3)
        self.assertEqual(Recommendation.objects.filter(visit=self.dudley_visit).count(), 3)
        self.assertEqual(PlanAction.objects.get(status="done").updates.count(), 2)
