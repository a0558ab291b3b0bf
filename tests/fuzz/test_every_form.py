"""Every form survives hostile input: Hypothesis posts generated values (NUL, half characters,
text-flipping characters, 100,000 characters, huge and negative numbers, impossible dates) to
each form of the service as a person allowed to use it. No answer may be a server error.

100 examples a form here (``FUZZ_EXAMPLES``); ``make fuzz`` runs 1,000.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audits.models import ImmediateConcern, LearningAction, Recommendation
from tests.factories import declare_team, make_tool, make_visit
from tests.reports.support import KnownVisitTestCase

from .forms import EXAMPLES, encoded, form_posting_to, forms_on, hostile_text, values_for

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class EveryFormTests(KnownVisitTestCase):
    """The drafting visit of the cast (its report started), a planned visit, a draft tool."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        declare_team(cls.visit)
        cls.planned = make_visit(
            host=cls.dudley,
            tool=cls.tool,
            coordinator=cls.coordinator,
            lead=cls.co_auditor,
            first_day=datetime.date(2027, 6, 8),
            cases=2,
        )
        cls.draft = make_tool(cls.region, status="draft", version=2)
        cls.concern = ImmediateConcern.objects.create(
            visit=cls.visit, case_file=cls.cases[0], risk="A risk.", action_taken="Told the PSW.",
            raised_by=cls.auditor,
        )  # fmt: skip
        cls.recommendation = Recommendation.objects.create(
            visit=cls.visit, text="Offer carers' assessments.", created_by=cls.auditor
        )
        cls.action = LearningAction.objects.create(
            owner=cls.auditor, council=cls.dudley, visit=cls.visit, action="Share the toolkit.",
            due_on=datetime.date(2027, 6, 30),
        )  # fmt: skip

    def fuzz(self, path, person, *, method="post"):
        client = Client()
        client.force_login(person)
        page = client.get(path)
        self.assertEqual(page.status_code, 200, path)
        html = page.content.decode()
        if method == "get":
            spec = next(f for f in forms_on(html) if f.method.lower() == "get")
        else:
            spec = form_posting_to(html, path)

        @FUZZ
        @given(values_for(spec), st.one_of(st.binary(max_size=4000), hostile_text()))
        def post(data, upload):
            if method == "get":
                response = client.get(path + "?" + encoded(data).decode())
            elif spec.files:
                content = (
                    upload if isinstance(upload, bytes) else upload.encode("utf-8", "surrogatepass")
                )
                files = {name: SimpleUploadedFile("f.csv", content) for name in spec.files}
                safe = {k: v.encode("utf-8", "replace").decode() for k, v in data.items()}
                response = client.post(path, {**safe, **files})
            else:
                response = client.post(
                    path, encoded(data), content_type="application/x-www-form-urlencoded"
                )
            self.assertLess(response.status_code, 500, f"{path}: {data!r}")

        post()

    # --- Tools -------------------------------------------------------------------------

    def test_tool_forms(self):
        draft = self.draft
        theme = draft.themes.first()
        question = theme.questions.first()
        scale = draft.scales.first()
        level = scale.levels.first()
        for name, args in [
            ("audits:tool-settings", [draft.pk]),
            ("audits:theme-add", [draft.pk]),
            ("audits:theme-edit", [draft.pk, theme.pk]),
            ("audits:question-add", [draft.pk, theme.pk]),
            ("audits:question-edit", [draft.pk, question.pk]),
            ("audits:scale-add", [draft.pk]),
            ("audits:scale-edit", [draft.pk, scale.pk]),
            ("audits:level-add", [draft.pk, scale.pk]),
            ("audits:level-edit", [draft.pk, level.pk]),
            ("audits:tool-import", []),
        ]:
            with self.subTest(form=name):
                self.fuzz(reverse(name, args=args), self.tool_owner)

    def test_question_search(self):
        self.fuzz(
            reverse("audits:tool-search", args=[self.draft.pk]), self.tool_owner, method="get"
        )

    def test_proposal_form(self):
        question = self.tool.themes.first().questions.first()
        self.fuzz(reverse("audits:proposal-create", args=[self.tool.pk, question.pk]), self.auditor)

    # --- Visits ------------------------------------------------------------------------

    def test_visit_forms(self):
        planned = self.planned
        for name, args in [
            ("audits:visit-create", []),
            ("audits:visit-edit", [planned.pk]),
            ("audits:casefile-add", [planned.pk]),
            ("audits:casefile-sample-upload", [planned.pk]),
        ]:
            with self.subTest(form=name):
                self.fuzz(reverse(name, args=args), self.coordinator)
        self.fuzz(reverse("audits:declaration-edit", args=[planned.pk]), self.co_auditor)
        # The planned visit cannot move on yet, so its status page offers only cancelling
        # (last: a fuzzed note may well cancel it).
        cancel = reverse("audits:visit-advance", args=[planned.pk]) + "?to=cancelled"
        self.fuzz(cancel, self.coordinator)

    def test_schedule_filters(self):
        self.fuzz(reverse("audits:visit-list"), self.coordinator, method="get")

    # --- Case audits and fieldwork --------------------------------------------------------

    def test_case_audit_forms(self):
        case = self.cases[0]
        for name in ["audits:caseaudit-detail", "audits:caseaudit-judgement"]:
            with self.subTest(form=name):
                self.fuzz(reverse(name, args=[self.visit.pk, case.pk]), self.auditor)

    def test_answer_kind_forms(self):
        """A case of a tool with every answer kind, and a choice question's edit form."""
        from audits.models import Visit
        from audits.toolfile import import_tool
        from tests.audits.test_tool_file_kinds import KINDS

        kinds = import_tool(KINDS, region=self.region, by=None)
        involved = kinds.questions.get(key="involved")
        self.fuzz(reverse("audits:question-edit", args=[kinds.pk, involved.pk]), self.tool_owner)
        kinds.publish(by=self.tool_owner, changelog="Every kind.")
        visit = make_visit(
            host=self.dudley,
            tool=kinds,
            coordinator=self.coordinator,
            lead=self.co_auditor,
            first_day=datetime.date(2027, 9, 7),
            cases=1,
            status=Visit.Status.ON_SITE,
        )
        declare_team(visit)
        case = visit.case_files.get()
        url = reverse("audits:caseaudit-detail", args=[visit.pk, case.pk]) + "?theme=kinds"
        self.fuzz(url, self.co_auditor)

    def test_fieldwork_forms(self):
        visit, theme = self.visit, self.tool.themes.first()
        for name, args in [
            ("audits:conversation-create", [visit.pk]),
            ("audits:themefinding-edit", [visit.pk, theme.key]),
            ("audits:recommendation-create", [visit.pk]),
            ("audits:recommendation-edit", [visit.pk, self.recommendation.pk]),
            ("audits:concern-raise", [visit.pk]),
            ("audits:learningaction-edit", [self.action.pk]),
        ]:
            with self.subTest(form=name):
                self.fuzz(reverse(name, args=args), self.auditor)
        self.fuzz(reverse("audits:learningaction-create") + f"?visit={visit.pk}", self.auditor)
        self.fuzz(reverse("audits:concern-acknowledge", args=[self.concern.pk]), self.host_psw)

    def test_improvement_plan_forms(self):
        from audits.services.improvement import add_plan_action

        issued = make_visit(
            host=self.sandwell, tool=self.tool, coordinator=self.coordinator, status="issued",
            first_day=datetime.date(2026, 3, 10),
        )  # fmt: skip
        recommendation = Recommendation.objects.create(
            visit=issued, text="Offer carers' assessments.", created_by=self.auditor
        )
        action = add_plan_action(
            recommendation=recommendation, by=self.host_psw, action="Audit carers.",
            due_on=datetime.date(2027, 6, 30), owner_role="Head of Service",
        )  # fmt: skip
        for name, args in [
            ("audits:plan-action-create", [issued.pk, recommendation.pk]),
            ("audits:plan-action-edit", [issued.pk, action.pk]),
        ]:
            with self.subTest(form=name):
                self.fuzz(reverse(name, args=args), self.host_director)

    # --- Reports, learning, councils and people ----------------------------------------

    def test_report_form(self):
        self.fuzz(reverse("reports:report-compose", args=[self.visit.pk]), self.auditor)

    def test_learning_forms(self):
        self.fuzz(reverse("learning:dashboard"), self.coordinator, method="get")
        self.fuzz(reverse("learning:action-register"), self.coordinator, method="get")
        self.fuzz(reverse("learning:action-follow-up", args=[self.action.pk]), self.coordinator)

    def test_council_and_people_forms(self):
        for name, args in [
            ("authorities:authority-create", []),
            ("authorities:authority-edit", [self.sandwell.slug]),
            ("authorities:person-create", []),
            ("authorities:person-edit", [self.host_psw.pk]),
        ]:
            with self.subTest(form=name):
                self.fuzz(reverse(name, args=args), self.coordinator)
        self.fuzz(reverse("authorities:security-event-list"), self.coordinator, method="get")

    def test_api_token_form(self):
        self.fuzz(reverse("api:token-create"), self.host_psw)

    def test_legal_hold_form(self):
        from tests.audits.test_retention import close

        close(self.planned)
        self.fuzz(reverse("audits:visit-legal-hold", args=[self.planned.pk]), self.coordinator)
