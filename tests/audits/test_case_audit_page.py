"""The case audit page: one theme at a time, a contents list with progress, each question with
its guidance, answer levels and an evidence note, and a page that stays light as tools grow."""

from django.urls import reverse

from audits.models import Answer, Question, RatingLevel, Visit
from audits.services import casework as services
from tests.base import VisitCastTestCase
from tests.factories import declare_team, make_tool, make_visit, thawed


class OnSiteTestCase(VisitCastTestCase):
    visit_status = Visit.Status.ON_SITE

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        declare_team(cls.visit)
        cls.case = cls.cases[0]

    def page(self, theme=None, case=None, person=None):
        case = case or self.case
        self.sign_in(person or self.auditor)
        url = reverse("audits:caseaudit-detail", args=[case.visit_id, case.pk])
        return self.client.get(url + (f"?theme={theme}" if theme else ""))

    def answer(self, key, level="partly-met", note="", case=None, text=""):
        question = Question.objects.get(tool=self.tool, key=key)
        return services.save_answer(
            case=services.case_audits().get(pk=(case or self.case).pk),
            question=question,
            level=RatingLevel.objects.get(scale=question.scale, key=level) if level else None,
            text=text,
            note=note,
            version=0,
            by=self.auditor,
        )


class SectionsTests(OnSiteTestCase):
    def test_it_opens_on_the_first_theme_and_shows_only_that_theme(self):
        response = self.page()
        self.assertContains(response, '<h1 class="govuk-heading-l">Theme 1</h1>', html=True)
        self.assertContains(response, "Question 1 of theme 1?")
        self.assertNotContains(response, "Question 1 of theme 2?")

    def test_it_shows_another_theme_when_asked(self):
        response = self.page(theme="t2")
        self.assertContains(response, "Question 3 of theme 2?")
        self.assertNotContains(response, "Question 3 of theme 1?")

    def test_it_answers_an_unknown_theme_with_not_found(self):
        self.assertEqual(self.page(theme="no-such-theme").status_code, 404)

    def test_it_offers_each_level_of_the_scale_as_a_radio_and_an_evidence_note(self):
        response = self.page()
        for label in ("Met", "Partly met", "Not met", "Not evidenced on file", "Not applicable"):
            self.assertContains(response, f">{label}</label>", count=3)
        self.assertContains(response, 'name="t1-q1-level"', count=5)
        self.assertContains(response, 'name="t1-q1-note"', count=1)
        self.assertContains(response, 'id="question-t1-q1"')
        self.assertContains(response, "Needed when the answer is Met, Not met or Not evidenced")

    def test_it_shows_the_guidance_in_a_details_component(self):
        with thawed(self.tool):
            Question.objects.filter(tool=self.tool, key="t1-q2").update(
                guidance="Look for the date of the first contact and the reply."
            )
        response = self.page()
        self.assertContains(response, '<details class="govuk-details">', count=1)
        self.assertContains(response, "Look for the date of the first contact and the reply.")

    def test_it_asks_a_free_text_question_with_a_text_box(self):
        with thawed(self.tool):
            Question.objects.filter(tool=self.tool, key="t1-q3").update(
                answer_kind=Question.AnswerKind.TEXT, scale=None
            )
        response = self.page()
        self.assertContains(response, 'name="t1-q3-text"')
        self.assertNotContains(response, 'name="t1-q3-level"')

    def test_it_keeps_what_was_saved_in_the_fields(self):
        self.answer("t1-q2", level="not-met", note="No chronology on file.")
        response = self.page()
        self.assertContains(response, 'value="not-met" checked')
        self.assertContains(response, "No chronology on file.</textarea>")
        self.assertContains(response, 'name="t1-q2-version" value="1"')

    def test_it_loads_the_autosave_script_as_a_module_and_no_inline_script(self):
        content = self.page().content.decode()
        self.assertIn('<script type="module" src="/static/js/autosave.js"></script>', content)
        self.assertNotIn("<script>", content)

    def test_it_shows_a_read_only_summary_to_the_coordinator(self):
        self.answer("t1-q1", level="met", note="Manager sign-off recorded at allocation.")
        response = self.page(person=self.coordinator)
        self.assertContains(response, "Manager sign-off recorded at allocation.")
        self.assertNotContains(response, '<form method="post" novalidate data-autosave>')
        self.assertNotContains(response, "autosave.js")


class ContentsTests(OnSiteTestCase):
    def contents(self, response):
        content = response.content.decode()
        return content[
            content.index('id="contents-title"') : content.index("Check answers and submit")
        ]

    def test_it_lists_every_theme_and_the_judgement_as_tasks_not_yet_started(self):
        contents = self.contents(self.page())
        for title in ("Theme 1", "Theme 2", "Overall judgement"):
            self.assertIn(title, contents)
        self.assertEqual(contents.count("Not yet started"), 3)

    def test_it_marks_a_theme_in_progress_then_completed(self):
        self.answer("t1-q1", level="partly-met")
        self.assertIn("In progress", self.contents(self.page()))
        self.answer("t1-q2", level="partly-met")
        self.answer("t1-q3", level="not-applicable")
        contents = self.contents(self.page())
        self.assertRegex(contents, r'id="status-t1">\s*Completed')
        self.assertRegex(contents, r'id="status-t2">\s*<strong class="govuk-tag govuk-tag--blue">')

    def test_a_rating_that_needs_a_note_keeps_the_theme_in_progress_until_it_has_one(self):
        for key in ("t1-q1", "t1-q2"):
            self.answer(key, level="partly-met")
        self.answer("t1-q3", level="not-evidenced")
        self.assertRegex(self.contents(self.page()), r'id="status-t1">\s*<strong[^>]*>In progress')

    def test_it_marks_the_current_section(self):
        response = self.page(theme="t2")
        self.assertRegex(
            response.content.decode(), r'theme=t2" aria-describedby="status-t2" aria-current="page"'
        )


class QueryCountTests(OnSiteTestCase):
    """Opening a case costs the same number of queries on a small visit and on a visit of
    40 cases with an 80-question tool."""

    # session, user, case (with visit, tool, host, auditor, judgement, calibration, and
    # whether the viewer is a declared auditor), the tool's levels, themes, questions,
    # this case's answers, whether the viewer is on the team (to offer raising a concern),
    # and the header's home council
    QUERIES = 9

    def answer_every_question(self, case, tool):
        levels = {
            level.key: level
            for level in RatingLevel.objects.filter(scale__tool=tool, scale__key="question")
        }
        Answer.objects.bulk_create(
            Answer(
                case_file=case,
                question=question,
                level=levels["not-met"],
                note="Not on file.",
                version=1,
                updated_by=self.auditor,
            )
            for question in Question.objects.filter(tool=tool)
        )

    def test_it_opens_a_small_case_in_a_fixed_number_of_queries(self):
        self.answer_every_question(self.case, self.tool)
        self.sign_in(self.auditor)
        url = reverse("audits:caseaudit-detail", args=[self.visit.pk, self.case.pk]) + "?theme=t2"
        with self.assertNumQueries(self.QUERIES):
            self.assertEqual(self.client.get(url).status_code, 200)

    def test_it_opens_a_case_of_a_big_visit_in_the_same_number(self):
        tool = make_tool(self.region, themes=10, questions=8, name="Big tool")
        visit = make_visit(
            host=self.sandwell,
            tool=tool,
            coordinator=self.coordinator,
            lead=self.auditor,
            auditors=[self.co_auditor],
            cases=40,
            status=Visit.Status.ON_SITE,
        )
        declare_team(visit)
        case = visit.case_files.order_by("reference").first()
        self.answer_every_question(case, tool)
        self.assertEqual(Question.objects.filter(tool=tool).count(), 80)
        self.sign_in(self.auditor)
        url = reverse("audits:caseaudit-detail", args=[visit.pk, case.pk]) + "?theme=t7"
        with self.assertNumQueries(self.QUERIES):
            response = self.client.get(url)
        self.assertContains(response, "Question 8 of theme 7?")
        self.assertContains(response, 'name="t7-q8-level"')
