"""No lost updates: when the co-auditor (or a second tab) saved first, a save from the older
version is refused, both versions are shown side by side, and the auditor keeps theirs, keeps
theirs own or merges; nothing is overwritten without their say."""

from django.test import Client
from django.urls import reverse

from audits.models import Answer, CaseJudgement, Visit
from tests.base import VisitCastTestCase
from tests.factories import declare_team


class ConflictTestCase(VisitCastTestCase):
    visit_status = Visit.Status.ON_SITE

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        declare_team(cls.visit)
        cls.case = cls.cases[0]

    def setUp(self):
        self.priya = Client()  # the auditor's laptop
        self.priya.force_login(self.auditor)
        self.joseph = Client()  # the co-auditor's laptop
        self.joseph.force_login(self.co_auditor)

    def autosave(self, client, version, note, level="met", key="t1-q1"):
        url = reverse("audits:answer-save", args=[self.visit.pk, self.case.pk, key])
        return client.post(
            url, {f"{key}-level": level, f"{key}-note": note, f"{key}-version": version}
        )

    def stored(self, key="t1-q1"):
        return Answer.objects.get(question__key=key)


class AutosaveConflictTests(ConflictTestCase):
    def test_the_second_of_two_saves_from_the_same_version_is_refused(self):
        self.assertEqual(self.autosave(self.priya, 0, "Priya's note.").status_code, 200)
        response = self.autosave(self.joseph, 0, "Joseph's note.", level="partly-met")
        self.assertEqual(response.status_code, 409)
        self.assertEqual(self.stored().note, "Priya's note.")
        self.assertEqual(self.stored().version, 1)

    def test_the_refusal_shows_theirs_and_mine_side_by_side(self):
        self.autosave(self.priya, 0, "Priya's note.")
        body = self.autosave(self.joseph, 0, "Joseph's note.", level="partly-met").json()
        self.assertEqual(body["status"], "conflict")
        self.assertEqual(body["by"], self.auditor.full_name)
        self.assertIn(f"{self.auditor.full_name} saved a different version", body["message"])
        self.assertEqual(
            body["rows"],
            [["Answer", "Met", "Partly met"], ["Evidence note", "Priya's note.", "Joseph's note."]],
        )
        self.assertEqual(body["theirs"]["t1-q1-note"], "Priya's note.")
        self.assertEqual(body["version"], 1)

    def test_keeping_mine_saves_from_the_version_the_refusal_gave(self):
        self.autosave(self.priya, 0, "Priya's note.")
        version = self.autosave(self.joseph, 0, "Joseph's note.").json()["version"]
        response = self.autosave(self.joseph, version, "Joseph's note.")
        self.assertEqual(response.status_code, 200)
        self.assertEqual((self.stored().note, self.stored().version), ("Joseph's note.", 2))

    def test_a_later_save_from_an_older_version_is_refused_too(self):
        self.autosave(self.priya, 0, "First.")
        self.autosave(self.priya, 1, "Second.")
        response = self.autosave(self.joseph, 1, "Joseph's edit of the first.")
        self.assertEqual(response.status_code, 409)
        self.assertEqual(self.stored().note, "Second.")

    def test_a_second_tab_of_the_same_auditor_is_caught_as_well(self):
        other_tab = Client()
        other_tab.force_login(self.auditor)
        self.autosave(self.priya, 0, "Typed in the first tab.")
        response = self.autosave(other_tab, 0, "Typed in the second tab.")
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["by"], self.auditor.full_name)

    def test_judgement_saves_are_protected_the_same_way(self):
        url = reverse("audits:judgement-save", args=[self.visit.pk, self.case.pk])
        first = {
            "judgement-level": "good",
            "judgement-rationale": "Priya's.",
            "judgement-version": 0,
        }
        second = {**first, "judgement-rationale": "Joseph's."}
        self.assertEqual(self.priya.post(url, first).status_code, 200)
        response = self.joseph.post(url, second)
        self.assertEqual(response.status_code, 409)
        self.assertIn(["Rationale", "Priya's.", "Joseph's."], response.json()["rows"])
        self.assertEqual(CaseJudgement.objects.get().rationale, "Priya's.")


class SaveButtonConflictTests(ConflictTestCase):
    """Without JavaScript the section comes back with the conflict laid out."""

    def section_url(self):
        return reverse("audits:caseaudit-detail", args=[self.visit.pk, self.case.pk]) + "?theme=t1"

    def opened(self, client):
        """The section's fields as the page showed them when the auditor opened it."""
        section = client.get(self.section_url()).context["section"]
        data = {}
        for form in section.forms:
            for name in form.fields:
                value = form[name].value()
                if value is not None and value is not False:
                    data[form.add_prefix(name)] = value
        return data

    def test_it_comes_back_with_both_versions_and_my_text_still_in_the_box(self):
        opened = self.opened(self.joseph)
        self.autosave(self.priya, 0, "Priya's note.")
        response = self.joseph.post(
            self.section_url(),
            {**opened, "t1-q1-level": "not-met", "t1-q1-note": "Joseph's note."},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "There is a problem")
        self.assertContains(response, f"Theirs, saved by {self.auditor.full_name}")
        self.assertContains(response, '<td class="govuk-table__cell">Priya&#x27;s note.</td>')
        self.assertContains(response, ">Joseph&#x27;s note.</textarea>")
        self.assertContains(response, 'name="open_conflicts" value="t1-q1"')
        self.assertContains(response, 'name="t1-q1-version" value="1"')
        self.assertEqual(self.stored().note, "Priya's note.")

    def test_keeping_mine_stores_mine(self):
        opened = self.opened(self.joseph)
        self.autosave(self.priya, 0, "Priya's note.")
        mine = {**opened, "t1-q1-level": "not-met", "t1-q1-note": "Joseph's note."}
        again = self.joseph.post(self.section_url(), mine).context["section"]
        data = {**mine, "t1-q1-version": 1, "open_conflicts": again.open_conflicts}
        response = self.joseph.post(self.section_url(), {**data, "keep_mine": "t1-q1"})
        self.assertRedirects(response, self.section_url())
        self.assertEqual(
            (self.stored().note, self.stored().level.key), ("Joseph's note.", "not-met")
        )

    def test_keeping_theirs_leaves_theirs_and_clears_mine(self):
        opened = self.opened(self.joseph)
        self.autosave(self.priya, 0, "Priya's note.")
        mine = {**opened, "t1-q1-note": "Joseph's note.", "t1-q1-level": "not-met"}
        self.joseph.post(self.section_url(), mine)
        data = {**mine, "t1-q1-version": 1, "open_conflicts": "t1-q1", "keep_theirs": "t1-q1"}
        response = self.joseph.post(self.section_url(), data, follow=True)
        self.assertContains(response, "Priya&#x27;s note.</textarea>")
        self.assertNotContains(response, "Joseph&#x27;s note.")
        self.assertEqual((self.stored().note, self.stored().version), ("Priya's note.", 1))

    def test_merging_puts_both_texts_in_the_box_and_saves_nothing_until_asked(self):
        opened = self.opened(self.joseph)
        self.autosave(self.priya, 0, "Priya's note.")
        mine = {**opened, "t1-q1-note": "Joseph's note."}
        self.joseph.post(self.section_url(), mine)
        data = {**mine, "t1-q1-version": 1, "open_conflicts": "t1-q1", "merge": "t1-q1"}
        response = self.joseph.post(self.section_url(), data)
        self.assertContains(response, ">Joseph&#x27;s note.\n\nPriya&#x27;s note.</textarea>")
        self.assertContains(response, "Save the merged text")
        self.assertEqual(self.stored().note, "Priya's note.")
        merged = {**data, "t1-q1-note": "Both: seen at home; carer present.", "merge": ""}
        self.joseph.post(self.section_url(), {**merged, "keep_mine": "t1-q1"})
        self.assertEqual(self.stored().note, "Both: seen at home; carer present.")

    def test_the_rest_of_the_section_is_saved_while_the_conflict_waits(self):
        opened = self.opened(self.joseph)
        self.autosave(self.priya, 0, "Priya's note.")
        self.joseph.post(
            self.section_url(),
            {**opened, "t1-q1-note": "Joseph's note.", "t1-q2-level": "partly-met"},
        )
        self.assertEqual(self.stored("t1-q2").level.key, "partly-met")
        self.assertEqual(self.stored("t1-q1").note, "Priya's note.")

    def test_a_newer_answer_to_a_question_i_did_not_touch_is_no_conflict(self):
        opened = self.opened(self.joseph)
        self.autosave(self.priya, 0, "Priya's note on question 1.")
        response = self.joseph.post(self.section_url(), {**opened, "t1-q2-level": "partly-met"})
        self.assertRedirects(response, self.section_url())
        self.assertEqual(self.stored("t1-q1").note, "Priya's note on question 1.")
        self.assertEqual(self.stored("t1-q2").level.key, "partly-met")
