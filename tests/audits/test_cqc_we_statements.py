"""CQC's nine local authority quality statements, named as CQC names them, with their "we
statements" shown where a question is tagged: the question form and the tool page."""

import html

from django.urls import reverse

from audits.cqc import WE_STATEMENTS, QualityStatement, we_statement
from audits.models import Question
from tests.base import CastTestCase
from tests.factories import make_tool, thawed

# CQC's assessment framework for local authority assurance: four themes, nine statements.
CQC_NAMES = [
    "Working with people: assessing needs",
    "Working with people: supporting people to live healthier lives",
    "Working with people: equity in experiences and outcomes",
    "Providing support: care provision, integration and continuity",
    "Providing support: partnerships and communities",
    "Ensuring safety: safe systems, pathways and transitions",
    "Ensuring safety: safeguarding",
    "Leadership: governance, management and sustainability",
    "Leadership: learning, improvement and innovation",
]


def page_text(response) -> str:
    return html.unescape(response.content.decode())


class WeStatementTests(CastTestCase):
    def test_it_names_the_nine_statements_as_cqc_does(self):
        self.assertEqual([label for _, label in QualityStatement.choices], CQC_NAMES)
        self.assertTrue(we_statement("safe-systems").startswith("We work with people and our"))
        self.assertTrue(
            we_statement("safeguarding").endswith("concerns quickly and appropriately.")
        )

    def test_it_gives_no_we_statement_it_could_not_read_in_cqcs_words(self):
        """Partnerships and governance have none rather than a made-up one; each other has
        its source."""
        self.assertEqual(we_statement("partnerships"), "")
        self.assertEqual(we_statement("governance"), "")
        self.assertEqual(len(WE_STATEMENTS), 7)
        for key, found in WE_STATEMENTS.items():
            with self.subTest(key):
                self.assertTrue(found.text.startswith("We "))
                self.assertTrue(found.source.startswith("https://"))

    def test_the_question_form_shows_each_we_statement_under_its_statement(self):
        draft = make_tool(self.region, status="draft")
        theme = draft.themes.get(key="t1")
        url = reverse("audits:question-add", args=[draft.pk, theme.pk])
        text = page_text(self.sign_in(self.tool_owner).get(url))
        for key, label in QualityStatement.choices:
            with self.subTest(key):
                self.assertIn(label, text)
                if we_statement(key):
                    self.assertIn(we_statement(key), text)
        self.assertIn('class="govuk-hint govuk-checkboxes__hint"', text)

    def test_the_theme_page_shows_the_we_statement_of_each_tagged_question(self):
        tool = make_tool(self.region)
        with thawed(tool):
            Question.objects.filter(tool=tool, key="t1-q1").update(
                cqc_statements=["safe-systems", "partnerships"]
            )
        theme = tool.themes.get(questions__key="t1-q1")
        page = reverse("audits:theme-detail", args=[tool.pk, theme.pk])
        text = page_text(self.sign_in(self.tool_owner).get(page))
        self.assertIn("Ensuring safety: safe systems, pathways and transitions", text)
        self.assertIn(f"“{we_statement('safe-systems')}”", text)
        self.assertIn("Providing support: partnerships and communities", text)
        self.assertNotIn(we_statement("safeguarding"), text)  # no question tagged with it
