"""A case audit's contents on a phone and as answers save: the list folds away after the
heading at phone width, and each autosave answers with its section's new status, which the
page also shows on reload (the no-JavaScript way)."""

import re

from django.urls import reverse

from audits.models import Question
from tests.audits.test_answer_save import SaveTestCase


class SavedSectionStatusTests(SaveTestCase):
    def keys(self, theme="t1"):
        return list(
            Question.objects.filter(tool=self.visit.tool, theme__key=theme)
            .order_by("position")
            .values_list("key", flat=True)
        )

    def test_it_answers_a_save_with_its_themes_status_in_progress_then_completed(self):
        *first, last = self.keys("t1")
        body = self.autosave(first[0], level="met", note="Seen on file.").json()
        self.assertEqual(
            body["section"],
            {"key": "t1", "status": "In progress", "tag": "govuk-tag--light-blue"},
        )
        for key in first[1:]:
            self.autosave(key, level="met", note="Seen on file.")
        body = self.autosave(last, level="met", note="Seen on file.").json()
        self.assertEqual(body["section"], {"key": "t1", "status": "Completed", "tag": ""})

    def test_a_rating_without_its_needed_note_leaves_the_theme_in_progress(self):
        for key in self.keys("t1"):
            body = self.autosave(key, level="not-evidenced").json()
        self.assertEqual(body["section"]["status"], "In progress")

    def test_another_themes_answers_do_not_count_for_this_one(self):
        for key in self.keys("t2"):
            self.autosave(key, level="met", note="Seen.")
        body = self.autosave(self.keys("t1")[0], level="met", note="Seen.").json()
        self.assertEqual(body["section"]["status"], "In progress")

    def test_it_answers_a_judgement_save_with_the_judgements_status(self):
        self.sign_in(self.auditor)
        url = reverse("audits:judgement-save", args=[self.visit.pk, self.case.pk])
        body = self.client.post(
            url, {"judgement-level": "good", "judgement-rationale": "", "judgement-version": "0"}
        ).json()
        self.assertEqual(body["section"]["key"], "judgement")
        self.assertEqual(body["section"]["status"], "In progress")

    def test_a_reload_shows_the_same_status_in_both_contents_lists(self):
        self.autosave(self.keys("t1")[0], level="met", note="Seen on file.")
        page = self.client.get(self.section_url("t2")).content.decode()
        for prefix in ("", "phone-"):
            self.assertRegex(
                page,
                rf'data-section-status="t1" id="{prefix}status-t1">\s*<strong[^>]*>In progress',
            )
            self.assertRegex(
                page, rf'data-section-status="t2" id="{prefix}status-t2">\s*<strong[^>]*>Not yet'
            )


class PhoneContentsTests(SaveTestCase):
    def test_on_a_phone_the_contents_fold_away_after_the_heading_before_the_questions(self):
        self.sign_in(self.auditor)
        page = self.client.get(self.section_url("t1")).content.decode()
        heading = page.index('<h1 class="govuk-heading-l">Theme 1</h1>')
        folded = page.index('<details class="govuk-details app-contents-phone">')
        first_question = page.index('id="question-t1-q1"')
        self.assertLess(heading, folded)
        self.assertLess(folded, first_question)
        self.assertNotRegex(page, r'<details class="govuk-details app-contents-phone"[^>]* open')
        # The wide list stays beside the questions, hidden on a phone by the stylesheet.
        self.assertIn('class="govuk-!-margin-bottom-6 app-contents-wide"', page)

    def test_each_case_page_with_contents_offers_the_folded_list(self):
        self.sign_in(self.auditor)
        for name in ("caseaudit-judgement", "caseaudit-check", "caseaudit-review"):
            url = reverse(f"audits:{name}", args=[self.visit.pk, self.case.pk])
            page = self.client.get(url).content.decode()
            with self.subTest(page=name):
                self.assertEqual(len(re.findall("app-contents-phone", page)), 1)
