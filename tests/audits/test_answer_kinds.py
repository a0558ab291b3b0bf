"""Each answer kind on the case audit page: shown, saved (autosave and the Save button),
refused when it is not an answer, kept apart in a conflict, and counted in completeness."""

import datetime

from django.test import Client
from django.urls import reverse

from audits.models import Answer, AuditTool, CaseAudit
from audits.services.casework import load_case_audit
from audits.toolfile import import_tool
from tests.audits.test_tool_file_kinds import KINDS
from tests.base import CastTestCase
from tests.factories import cast_on_site, thawed

JUDGED = KINDS.replace("overall_judgement: false", "overall_judgement: true").replace(
    "themes:\n",
    """  - key: judgement
    name: Judgement
    levels:
      - {key: good, label: Good, score: 3}
      - {key: inadequate, label: Inadequate, score: 1}
themes:
""",
    1,
)


class KindsTestCase(CastTestCase):
    tool_text = KINDS

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tool = import_tool(cls.tool_text, region=cls.region, by=None)
        cls.tool.publish(by=cls.tool_owner, changelog="First.")
        cls.visit, cls.case = cast_on_site(cls, cls.tool)

    def autosave(self, key, version=0, client=None, **fields):
        client = client or self.sign_in(self.auditor)
        data = {f"{key}-version": version}
        for name, value in fields.items():
            data[f"{key}-{name}"] = value
        url = reverse("audits:answer-save", args=[self.visit.pk, self.case.pk, key])
        return client.post(url, data)

    def page(self):
        self.sign_in(self.auditor)
        url = reverse("audits:caseaudit-detail", args=[self.visit.pk, self.case.pk])
        return self.client.get(url + "?theme=kinds")

    def gaps(self) -> list[str]:
        case = CaseAudit.objects.select_related("visit__tool").get(pk=self.case.pk)
        return [gap.message for gap in load_case_audit(case).completeness.gaps]


class ShowingEachKindTests(KindsTestCase):
    def test_it_shows_each_kind_as_the_auditor_answers_it(self):
        response = self.page()
        self.assertContains(response, 'name="setting-choice" type="radio" value="own-home"')
        self.assertContains(response, 'name="involved-choices" type="checkbox" value="carer"')
        self.assertContains(response, 'value="none" data-behaviour="exclusive"')
        self.assertContains(response, 'name="impairment-choice" type="radio" value="yes"')
        self.assertContains(response, 'name="days-number" type="text" inputmode="numeric"')
        self.assertContains(response, "A whole number from 0 to 365")
        self.assertContains(response, 'name="reviewed-on-date" type="text"')
        self.assertContains(response, "Never a date of birth.")

    def test_it_offers_not_applicable_only_where_the_question_allows_it(self):
        response = self.page()
        self.assertContains(response, 'name="setting-not_applicable"')
        self.assertNotContains(response, 'name="impairment-not_applicable"')
        # The rated question does not allow it, so its scale's Not applicable level is hidden.
        self.assertNotContains(response, 'name="rated-level" type="radio" value="not-applicable"')
        self.assertContains(response, 'name="rated-level" type="radio" value="met"')


class SavingEachKindTests(KindsTestCase):
    def test_it_saves_every_kind_through_autosave(self):
        saves = {
            "rated": {"level": "met", "note": "Seen on the file."},
            "setting": {"choice": "care-home"},
            "involved": {"choices": ["carer", "advocate"]},
            "impairment": {"choice": "yes"},
            "days": {"number": "12"},
            "reviewed-on": {"date": "27/3/2026"},
            "notes": {"text": "Nothing else."},
        }
        for key, fields in saves.items():
            with self.subTest(key):
                self.assertEqual(self.autosave(key, **fields).status_code, 200)
        stored = {a.question.key: a for a in Answer.objects.select_related("question", "level")}
        self.assertEqual(stored["setting"].choices, ["care-home"])
        self.assertEqual(stored["involved"].choices, ["carer", "advocate"])
        self.assertEqual(stored["impairment"].choices, ["yes"])
        self.assertEqual(stored["days"].number, 12)
        self.assertEqual(stored["reviewed-on"].date, datetime.date(2026, 3, 27))
        self.assertEqual(self.gaps(), [])

    def test_it_saves_a_section_with_the_save_button_that_works_without_javascript(self):
        self.sign_in(self.auditor)
        url = reverse("audits:caseaudit-detail", args=[self.visit.pk, self.case.pk])
        data = {"save": "section", "open_conflicts": ""}
        for form in self.page().context["section"].forms:  # as the page shows it
            data |= {form.add_prefix(n): form[n].value() for n in ("version", "digest")}
        data |= {
            "setting-not_applicable": "on",
            "involved-choices": ["none"],
            "impairment-choice": "no",
            "days-number": "3",
        }
        response = self.client.post(url + "?theme=kinds", data)
        self.assertEqual(response.status_code, 302)
        stored = {a.question.key: a for a in Answer.objects.select_related("question")}
        self.assertTrue(stored["setting"].not_applicable)
        self.assertEqual(stored["involved"].choices, ["none"])
        self.assertEqual(stored["days"].number, 3)
        self.assertNotIn("notes", stored)  # left empty, so nothing was stored

    def test_it_refuses_answers_that_are_not_answers_and_says_what_to_fix(self):
        refusals = {
            "days": ({"number": "400"}, "Enter a whole number from 0 to 365"),
            "reviewed-on": ({"date": "31/2/2026"}, "Enter the date as day/month/year"),
            "involved": (
                {"choices": ["carer", "none"]},
                "“None of these” cannot be ticked with another answer",
            ),
            "setting": (
                {"choice": "own-home", "not_applicable": "on"},
                "Give an answer or tick Not applicable, not both",
            ),
            "impairment": ({"choice": "maybe"}, "Choose one of the answers offered"),
        }
        for key, (fields, message) in refusals.items():
            with self.subTest(key):
                response = self.autosave(key, **fields)
                self.assertEqual(response.status_code, 422)
                self.assertIn(message, response.json()["message"])
        self.assertFalse(Answer.objects.exists())

    def test_it_keeps_what_was_typed_when_the_save_button_refuses_a_number(self):
        self.sign_in(self.auditor)
        url = reverse("audits:caseaudit-detail", args=[self.visit.pk, self.case.pk])
        response = self.client.post(
            url + "?theme=kinds",
            {"save": "section", "days-version": 0, "days-number": "twelve", "days-note": "Kept."},
        )
        self.assertContains(response, "Enter a whole number from 0 to 365, in figures")
        self.assertContains(response, 'value="twelve"')
        self.assertContains(response, "Kept.")


class ConflictTests(KindsTestCase):
    def test_it_refuses_a_stale_choice_and_shows_both_answers_in_words(self):
        first, second = Client(), Client()
        first.force_login(self.auditor)
        second.force_login(self.co_auditor)
        self.assertEqual(
            self.autosave("involved", client=first, choices=["carer"]).status_code, 200
        )
        response = self.autosave("involved", client=second, choices=["advocate", "carer"])
        self.assertEqual(response.status_code, 409)
        body = response.json()
        self.assertEqual(body["rows"][0], ["Answer", "A carer", "A carer; An advocate"])
        self.assertEqual(body["theirs"]["involved-choices"], ["carer"])
        self.assertEqual(Answer.objects.get().choices, ["carer"])


class TrailTests(KindsTestCase):
    def test_it_records_options_and_not_applicable_in_the_trail(self):
        self.autosave("involved", choices=["carer"])
        self.autosave("involved", version=1, choices=["carer", "advocate"])
        self.autosave("setting", not_applicable="on")
        self.sign_in(self.coordinator)
        url = reverse("audits:caseaudit-trail", args=[self.visit.pk, self.case.pk])
        na, changed, added = self.client.get(url).context["entries"]
        self.assertEqual(
            [(c.field, c.before, c.after) for c in changed.changes],
            [("Options chosen (by key)", '["carer"]', '["carer", "advocate"]')],
        )
        self.assertEqual(
            [(c.field, c.after) for c in added.changes], [("Options chosen (by key)", '["carer"]')]
        )
        self.assertEqual([(c.field, c.after) for c in na.changes], [("Not applicable", "Yes")])


class CompletenessTests(KindsTestCase):
    tool_text = JUDGED

    def test_it_names_each_empty_required_kind_as_a_gap_in_its_own_words(self):
        self.assertEqual(
            self.gaps(),
            [
                "Choose an answer for: Was the assessment proportionate?",
                "Choose an answer for: Where does the person live?",
                "Tick at least one answer for: Who else was involved?",
                "Choose an answer for: Was an impairment of the mind or brain found?",
                "Enter a date for: When was the plan last reviewed?",
                "Choose the overall judgement for the case",
                "Give a short rationale for the overall judgement",
            ],
        )

    def test_it_takes_not_applicable_as_an_answer_only_where_allowed(self):
        self.autosave("setting", **{"not_applicable": "on"})
        answer = Answer.objects.create(
            case_file=self.case,
            question=self.tool.questions.get(key="rated"),
            level=self.tool.scales.get(key="question").levels.get(key="not-applicable"),
        )
        gaps = self.gaps()
        self.assertNotIn("Choose an answer for: Where does the person live?", gaps)
        self.assertIn(
            "Not applicable is not an answer to this question; choose another for: "
            "Was the assessment proportionate?",
            gaps,
        )
        self.assertTrue(answer.pk)

    def test_it_asks_for_no_judgement_when_the_tool_gives_none(self):
        with thawed(self.tool):
            AuditTool.objects.filter(pk=self.tool.pk).update(has_overall_judgement=False)
        self.assertNotIn("Choose the overall judgement for the case", self.gaps())
        page = self.page()
        self.assertNotContains(page, "Overall judgement")
        url = reverse("audits:caseaudit-judgement", args=[self.visit.pk, self.case.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
