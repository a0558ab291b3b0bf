"""A visit's status moves only along its path, each move kept with who and when."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audits.confirmation import STEP_CONFIRMED
from audits.models import Declaration, StatusChange, Visit
from audits.models.visit_status import STATUS_GUARDS, status_guard
from audits.services.visits import update_visit
from tests.base import VisitCastTestCase
from tests.factories import make_declaration, make_tool

S = Visit.Status
# What the confirmation page's form sends with a move.
CONFIRMED = {STEP_CONFIRMED: "yes"}
PATH = [
    S.PLANNED,
    S.SAMPLE_AGREED,
    S.ON_SITE,
    S.DRAFTING,
    S.ACCURACY_CHECK,
    S.ISSUED,
    S.CLOSED,
]
ALLOWED = set(itertools.pairwise(PATH)) | {(S.PLANNED, S.CANCELLED)}


class ReadyVisitTestCase(VisitCastTestCase):
    """The cast's visit with both auditors declared, so the guards let it move."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_declaration(cls.visit, cls.auditor)
        make_declaration(cls.visit, cls.co_auditor)

    def at(self, status):
        Visit.objects.filter(pk=self.visit.pk).update(status=status)
        self.visit.refresh_from_db()
        return self.visit


class StatusPathTests(ReadyVisitTestCase):
    def test_it_walks_the_whole_path_keeping_who_and_when(self):
        for to in PATH[1:]:
            self.visit.advance(to=to, by=self.coordinator)
        self.visit.refresh_from_db()
        self.assertEqual(self.visit.status, S.CLOSED)
        history = list(StatusChange.objects.filter(visit=self.visit))
        self.assertEqual(
            [(h.from_status, h.to_status) for h in history], list(itertools.pairwise(PATH))
        )
        self.assertTrue(all(h.by == self.coordinator and h.at for h in history))

    def test_it_allows_every_move_on_the_path_and_cancelling_a_planned_visit(self):
        for from_status, to in sorted(ALLOWED):
            with self.subTest(move=f"{from_status} → {to}"):
                visit = self.at(from_status)
                visit.advance(to=to, by=self.coordinator, note="Host asked to postpone")
                self.assertEqual(Visit.objects.get(pk=visit.pk).status, to)

    def test_it_refuses_every_other_move_and_says_what_is_allowed(self):
        for from_status in S.values:
            for to in S.values:
                if (from_status, to) in ALLOWED:
                    continue
                with self.subTest(move=f"{from_status} → {to}"):
                    visit = self.at(from_status)
                    with pytest.raises(ValidationError) as refused:
                        visit.advance(to=to, by=self.coordinator, note="why")
                    message = refused.value.messages[0]
                    allowed = Visit.MOVES.get(from_status, ())
                    if allowed:
                        for option in allowed:
                            self.assertIn(S(option).label.lower(), message)
                    else:
                        self.assertIn("cannot change any more", message)
                    self.assertEqual(Visit.objects.get(pk=visit.pk).status, from_status)
        self.assertFalse(StatusChange.objects.exists())

    def test_it_says_a_planned_visit_can_only_move_to_sample_agreed_or_cancelled(self):
        with pytest.raises(ValidationError) as refused:
            self.visit.advance(to=S.ON_SITE, by=self.coordinator)
        self.assertEqual(
            refused.value.messages,
            [
                "A visit that is planned can only move to sample agreed or cancelled, "
                "not to on site."
            ],
        )

    def test_it_needs_a_reason_to_cancel(self):
        with pytest.raises(ValidationError, match="Say why the visit is cancelled"):
            self.visit.advance(to=S.CANCELLED, by=self.coordinator, note="  ")
        change = self.visit.advance(to=S.CANCELLED, by=self.coordinator, note="Host's inspection")
        self.assertEqual(change.note, "Host's inspection")


class StatusGuardTests(VisitCastTestCase):
    def test_it_lists_what_is_missing_before_the_sample_is_agreed(self):
        self.assertEqual(
            self.visit.missing_for(S.SAMPLE_AGREED),
            ["2 of the 2 auditors have not made a declaration of interests."],
        )

    def test_it_refuses_to_agree_the_sample_until_both_auditors_have_declared(self):
        make_declaration(self.visit, self.auditor)
        with pytest.raises(ValidationError) as refused:
            self.visit.advance(to=S.SAMPLE_AGREED, by=self.coordinator)
        self.assertEqual(
            refused.value.messages,
            ["1 of the 2 auditors has not made a declaration of interests."],
        )
        make_declaration(self.visit, self.co_auditor)
        self.visit.advance(to=S.SAMPLE_AGREED, by=self.coordinator)

    def test_it_refuses_an_empty_sample_and_unallocated_cases(self):
        make_declaration(self.visit, self.auditor)
        make_declaration(self.visit, self.co_auditor)
        self.visit.case_files.filter(reference__in=["SAN-01", "SAN-02"]).update(allocated_to=None)
        with pytest.raises(ValidationError, match="Allocate the 2 cases that have no auditor"):
            self.visit.advance(to=S.SAMPLE_AGREED, by=self.coordinator)
        self.visit.case_files.all().delete()
        with pytest.raises(ValidationError, match="Add the case sample"):
            self.visit.advance(to=S.SAMPLE_AGREED, by=self.coordinator)

    def test_it_needs_the_data_sharing_agreement_before_the_team_is_on_site(self):
        make_declaration(self.visit, self.auditor)
        make_declaration(self.visit, self.co_auditor)
        self.visit.advance(to=S.SAMPLE_AGREED, by=self.coordinator)
        Visit.objects.filter(pk=self.visit.pk).update(data_sharing_reference="")
        self.visit.refresh_from_db()
        self.assertEqual(
            self.visit.missing_for_next(),
            ["Record the data-sharing agreement reference before the team sees case files."],
        )
        with pytest.raises(ValidationError, match="data-sharing agreement"):
            self.visit.advance(to=S.ON_SITE, by=self.coordinator)

    def test_later_work_can_add_its_own_guard(self):
        @status_guard(S.ISSUED)
        def report_issued(visit):
            return ["Issue the covering report."]

        try:
            Visit.objects.filter(pk=self.visit.pk).update(status=S.ACCURACY_CHECK)
            self.visit.refresh_from_db()
            self.assertEqual(self.visit.missing_for_next(), ["Issue the covering report."])
            with pytest.raises(ValidationError, match="Issue the covering report"):
                self.visit.advance(to=S.ISSUED, by=self.coordinator)
        finally:
            STATUS_GUARDS[S.ISSUED].remove(report_issued)


class ToolFixedOnSiteTests(ReadyVisitTestCase):
    def test_it_moves_the_visit_to_another_tool_version_before_the_team_is_on_site(self):
        newer = make_tool(self.region, version=2)
        visit = self.visit
        update_visit(
            visit=visit,
            tool=newer,
            first_day=visit.first_day,
            last_day=visit.last_day,
            peer_challenge_date=visit.peer_challenge_date,
            data_sharing_reference=visit.data_sharing_reference,
            lead=self.auditor,
            auditors=[self.co_auditor],
            peer_team=[self.peer],
            by=self.coordinator,
        )
        self.assertEqual(Visit.objects.get(pk=visit.pk).tool, newer)

    def test_the_tool_is_fixed_once_the_team_is_on_site(self):
        visit = self.at(S.ON_SITE)
        visit.tool = make_tool(self.region, version=2)
        with pytest.raises(ValidationError) as refused:
            visit.full_clean()
        self.assertIn("fixed once the team is on site", refused.value.message_dict["tool"][0])

    def test_only_a_published_tool_of_the_region_can_be_chosen(self):
        self.visit.tool = make_tool(self.region, version=2, status="draft")
        with pytest.raises(ValidationError, match="Choose a published version"):
            self.visit.full_clean()
        self.visit.tool = make_tool(self.other_region, name="North West tool")
        with pytest.raises(ValidationError, match="tool of the West Midlands region"):
            self.visit.full_clean()


class StatusPageTests(ReadyVisitTestCase):
    def url(self, visit=None):
        return reverse("audits:visit-advance", args=[(visit or self.visit).pk])

    def test_the_coordinator_moves_the_visit_from_its_page(self):
        page = self.sign_in(self.coordinator).get(
            reverse("audits:visit-detail", args=[self.visit.pk])
        )
        self.assertContains(page, "The visit is ready to move to <strong>sample agreed</strong>")
        confirm = f"{self.url()}?to={S.SAMPLE_AGREED}"
        self.assertContains(page, f'href="{confirm}">Move to sample agreed</a>')
        response = self.client.post(self.url(), {"to": S.SAMPLE_AGREED, **CONFIRMED})
        self.assertRedirects(response, self.visit.get_absolute_url())
        self.assertEqual(Visit.objects.get(pk=self.visit.pk).status, S.SAMPLE_AGREED)

    def test_the_confirmation_page_says_what_the_move_will_do(self):
        self.visit.advance(to=S.SAMPLE_AGREED, by=self.coordinator)
        page = self.sign_in(self.coordinator).get(f"{self.url()}?to={S.ON_SITE}")
        self.assertContains(page, "Move to on site?")
        self.assertContains(page, f"The audit tool is fixed at {self.tool} for this visit")
        self.assertContains(page, "This cannot be undone")
        self.assertContains(page, 'name="step_confirmed" value="yes"')
        self.assertEqual(Visit.objects.get(pk=self.visit.pk).status, S.SAMPLE_AGREED)

    def test_a_move_posted_without_its_confirmation_page_changes_nothing(self):
        response = self.sign_in(self.coordinator).post(self.url(), {"to": S.SAMPLE_AGREED})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "There is a problem")
        self.assertContains(response, "Nothing has changed yet")
        self.assertContains(response, "Move to sample agreed?")
        self.assertEqual(Visit.objects.get(pk=self.visit.pk).status, S.PLANNED)
        self.assertFalse(StatusChange.objects.exists())

    def test_cancelling_is_set_apart_from_the_next_step(self):
        page = self.sign_in(self.coordinator).get(self.visit.get_absolute_url())
        content = page.content.decode()
        self.assertIn("If the visit cannot go ahead", content)
        self.assertLess(content.index("Move to sample agreed"), content.index("Cancel the visit"))
        self.assertNotContains(page, "govuk-button--warning")

    def test_a_blocked_visit_shows_what_blocks_it_and_no_move_button(self):
        Declaration.objects.filter(visit=self.visit).delete()
        page = self.sign_in(self.coordinator).get(self.visit.get_absolute_url())
        content = page.content.decode()
        self.assertIn("Before the visit can move to <strong>sample agreed</strong>", content)
        self.assertNotIn("Move to sample agreed</a>", content)
        self.assertLess(
            content.index("have not made a declaration"), content.index("Cancel the visit")
        )

    def test_a_refused_move_comes_back_with_the_reason(self):
        response = self.sign_in(self.coordinator).post(self.url(), {"to": S.ISSUED, **CONFIRMED})
        self.assertContains(response, "There is a problem")
        self.assertContains(response, "can only move to sample agreed or cancelled")
        self.assertEqual(Visit.objects.get(pk=self.visit.pk).status, S.PLANNED)

    def test_cancelling_asks_why_and_keeps_the_note(self):
        client = self.sign_in(self.coordinator)
        page = client.get(self.url() + "?to=cancelled")
        self.assertContains(page, "Why is the visit cancelled?")
        response = client.post(self.url(), {"to": S.CANCELLED, "note": "", **CONFIRMED})
        self.assertContains(response, "Say why the visit is cancelled")
        client.post(self.url(), {"to": S.CANCELLED, "note": "Postponed to next year", **CONFIRMED})
        self.assertEqual(StatusChange.objects.get().note, "Postponed to next year")

    def test_a_note_with_a_personal_identifier_is_caught_and_kept(self):
        response = self.sign_in(self.coordinator).post(
            self.url(), {"to": S.CANCELLED, "note": "Mrs Jones complained", **CONFIRMED}
        )
        self.assertContains(response, "a personal name")
        self.assertContains(response, "Mrs Jones complained")
        self.assertEqual(Visit.objects.get(pk=self.visit.pk).status, S.PLANNED)

    def test_nobody_but_the_regions_coordinator_moves_a_status(self):
        for person, status in [
            (self.auditor, 403),
            (self.host_psw, 403),
            (self.host_director, 403),
            (self.peer, 403),
            (self.outsider, 404),
            (self.other_coordinator, 404),
            (self.platform_admin, 404),
        ]:
            with self.subTest(person=person.email):
                response = self.sign_in(person).post(
                    self.url(), {"to": S.SAMPLE_AGREED, **CONFIRMED}
                )
                self.assertEqual(response.status_code, status)
        self.assertEqual(Visit.objects.get(pk=self.visit.pk).status, S.PLANNED)
