"""The audit trail of a case: who changed which answer, note, judgement or moderation step,
when, and from what to what (for notes, how long they were, never their words); for the team
and the coordinator only."""

from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from audits.models import Answer, Visit
from tests.base import VisitCastTestCase
from tests.factories import declare_team


class TrailTestCase(VisitCastTestCase):
    visit_status = Visit.Status.ON_SITE

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        declare_team(cls.visit)
        cls.case = cls.cases[0]
        # Warm the content type cache so query counts do not depend on test order.
        ContentType.objects.clear_cache()

    def save(self, person, key, version, level, note):
        client = Client()
        client.force_login(person)
        url = reverse("audits:answer-save", args=[self.visit.pk, self.case.pk, key])
        return client.post(
            url, {f"{key}-level": level, f"{key}-note": note, f"{key}-version": version}
        )

    def trail_url(self):
        return reverse("audits:caseaudit-trail", args=[self.visit.pk, self.case.pk])

    def entries(self, person=None):
        self.sign_in(person or self.coordinator)
        return self.client.get(self.trail_url()).context["entries"]


class TrailTests(TrailTestCase):
    def test_it_records_who_added_an_answer_and_how_long_its_note_was(self):
        self.save(self.auditor, "t1-q1", 0, "met", "Contact answered the same day.")
        [entry] = self.entries()
        self.assertEqual(entry.actor, self.auditor.full_name)
        self.assertEqual(entry.subject, "Answer to: Question 1 of theme 1?")
        self.assertEqual(entry.action, "Added")
        self.assertEqual(
            [(c.field, c.after) for c in entry.changes],
            [("Answer", "Met"), ("Evidence note", "30 characters (text not kept)")],
        )

    def test_it_records_each_change_with_before_and_after_newest_first(self):
        self.save(self.auditor, "t1-q1", 0, "met", "First note.")
        self.save(self.co_auditor, "t1-q1", 1, "not-met", "Second note.")
        latest, first = self.entries()
        self.assertEqual((latest.actor, latest.action), (self.co_auditor.full_name, "Changed"))
        self.assertEqual(
            {(c.field, c.before, c.after) for c in latest.changes},
            {
                ("Answer", "Met", "Not met"),
                ("Evidence note", "11 characters (text not kept)", "12 characters (text not kept)"),
            },
        )
        self.assertEqual(first.actor, self.auditor.full_name)
        self.assertGreaterEqual(latest.at, first.at)

    def test_a_refused_stale_save_changes_nothing_and_records_nothing(self):
        self.save(self.auditor, "t1-q1", 0, "met", "Priya's note.")
        self.assertEqual(
            self.save(self.co_auditor, "t1-q1", 0, "met", "Joseph's.").status_code, 409
        )
        self.assertEqual(len(self.entries()), 1)

    def test_it_records_the_judgement_and_the_moderation_steps(self):
        client = Client()
        client.force_login(self.auditor)
        client.post(
            reverse("audits:judgement-save", args=[self.visit.pk, self.case.pk]),
            {"judgement-level": "good", "judgement-rationale": "Sound.", "judgement-version": 0},
        )
        subjects = [entry.subject for entry in self.entries()]
        self.assertEqual(subjects, ["Overall judgement"])
        self.assertIn(
            ("First judgement", "—", "Good"),
            [(c.field, c.before, c.after) for c in self.entries()[0].changes],
        )

    def test_it_records_submission_and_review_with_who_did_them(self):
        for theme in (1, 2):
            for q in (1, 2, 3):
                self.save(self.auditor, f"t{theme}-q{q}", 0, "partly-met", "")
        client = Client()
        client.force_login(self.auditor)
        client.post(
            reverse("audits:judgement-save", args=[self.visit.pk, self.case.pk]),
            {"judgement-level": "good", "judgement-rationale": "Sound.", "judgement-version": 0},
        )
        client.post(reverse("audits:caseaudit-check", args=[self.visit.pk, self.case.pk]))
        self.sign_in(self.co_auditor)
        self.client.post(
            reverse("audits:caseaudit-review", args=[self.visit.pk, self.case.pk]),
            {"decision": "changes", "reason": "Add the carer's view."},
        )
        steps = [
            (entry.actor, change.after)
            for entry in self.entries()
            if entry.subject == "Moderation"
            for change in entry.changes
            if change.field == "Step"
        ]
        self.assertEqual(
            steps,
            [
                (self.co_auditor.full_name, "Changes requested"),
                (self.auditor.full_name, "Submitted for review"),
            ],
        )

    def test_the_page_lists_the_changes_for_the_team(self):
        self.save(self.auditor, "t1-q1", 0, "met", "Manager sign-off on file.")
        self.sign_in(self.co_auditor)
        response = self.client.get(self.trail_url())
        self.assertContains(response, "Changes to this case audit")
        self.assertContains(response, "The trail does not keep the text of notes")
        self.assertContains(response, "25 characters (text not kept)")
        self.assertNotContains(response, "Manager sign-off on file.")
        self.assertContains(response, self.auditor.full_name)

    def test_a_note_reworded_to_the_same_length_is_still_a_change(self):
        self.save(self.auditor, "t1-q1", 0, "met", "Seen by a manager.")
        self.save(self.auditor, "t1-q1", 1, "met", "Seen by a mentor..")
        latest, _ = self.entries()
        self.assertEqual(
            [(c.field, c.before, c.after) for c in latest.changes],
            [("Evidence note", "18 characters (text not kept)", "18 characters (text not kept)")],
        )

    def test_it_shows_nothing_of_other_cases(self):
        self.save(self.auditor, "t1-q1", 0, "met", "On SAN-01.")
        other = reverse("audits:caseaudit-trail", args=[self.visit.pk, self.cases[1].pk])
        self.sign_in(self.coordinator)
        self.assertEqual(self.client.get(other).context["entries"], [])
        self.assertEqual(len(self.entries()), 1)

    def test_it_reads_the_trail_in_the_same_number_of_queries_however_long(self):
        self.save(self.auditor, "t1-q1", 0, "met", "One.")
        self.sign_in(self.coordinator)
        self.client.get(self.trail_url())  # content types now cached
        # session, user, case, log entries with their actors, answers' questions,
        # ratings' questions, the tool's levels (the coordinator has no council to show,
        # and no change here names a person, which would add one query for their names)
        with self.assertNumQueries(7):
            self.client.get(self.trail_url())
        for version, key in enumerate(["t1-q2", "t1-q3", "t2-q1", "t2-q2"]):
            self.save(self.co_auditor, key, 0, "partly-met", f"Note {version}.")
        self.save(self.auditor, "t1-q1", 1, "not-met", "Two.")
        with self.assertNumQueries(7):
            response = self.client.get(self.trail_url())
        self.assertEqual(len(response.context["entries"]), 6)
        self.assertEqual(Answer.objects.count(), 5)
