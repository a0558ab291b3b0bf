"""Each auditor declares their interests before they see the cases; a declared link moves a case."""

from django.urls import reverse

from audits.models import Declaration, IdentifierConfirmation, Visit
from tests.base import VisitCastTestCase


class DeclarationTests(VisitCastTestCase):
    def setUp(self):
        self.url = reverse("audits:declaration-edit", args=[self.visit.pk])

    def declare(self, person, **data):
        form = {"worked_at_host_recently": "no", "knows_someone": "no", **data}
        return self.sign_in(person).post(self.url, form)

    def test_an_auditor_sees_no_case_until_they_have_declared(self):
        page = self.sign_in(self.co_auditor).get(self.visit.get_absolute_url())
        self.assertContains(page, "Make your declaration of interests for this visit")
        self.assertContains(page, "You will see the cases once you have made your declaration")
        self.assertNotContains(page, "SAN-02")
        self.assertEqual(page.context["cases"], [])
        self.declare(self.co_auditor)
        page = self.client.get(self.visit.get_absolute_url())
        self.assertContains(page, "SAN-02")
        self.assertNotContains(page, "Make your declaration of interests")

    def test_the_declaration_form_shows_references_only(self):
        page = self.sign_in(self.co_auditor).get(self.url)
        self.assertContains(page, "SAN-03")
        self.assertNotContains(page, "Locality team")
        self.assertNotContains(page, "Physical support")

    def test_a_declared_link_moves_the_case_to_the_co_auditor(self):
        linked = self.cases[1]  # SAN-02, with the co-auditor
        response = self.declare(self.co_auditor, knows_someone="yes", conflicted_cases=[linked.pk])
        self.assertRedirects(response, self.visit.get_absolute_url(), fetch_redirect_response=False)
        linked.refresh_from_db()
        self.assertEqual(linked.allocated_to, self.auditor)
        declaration = Declaration.objects.get(visit=self.visit, auditor=self.co_auditor)
        self.assertEqual(list(declaration.conflicted_cases.all()), [linked])
        self.assertContains(self.client.get(self.visit.get_absolute_url()), "SAN-02 has gone to")

    def test_it_needs_both_answers(self):
        response = self.sign_in(self.co_auditor).post(self.url, {})
        self.assertContains(response, "Say whether you have worked at the host council")
        self.assertContains(response, "Say whether you know a person or a worker")
        self.assertFalse(Declaration.objects.exists())

    def test_ticked_cases_need_a_yes(self):
        response = self.declare(self.co_auditor, conflicted_cases=[self.cases[0].pk])
        self.assertContains(response, "answer Yes to knowing a person or worker on a case")
        self.assertFalse(Declaration.objects.exists())

    def test_a_yes_needs_a_case_or_a_few_words(self):
        response = self.declare(self.co_auditor, knows_someone="yes")
        self.assertContains(response, "Tick the cases you have a link to, or describe the link")

    def test_details_with_a_name_are_caught_and_can_be_confirmed(self):
        response = self.declare(
            self.co_auditor, knows_someone="yes", details="Ms Clarke was my supervisee"
        )
        self.assertContains(response, "a personal name")
        self.assertContains(response, "Ms Clarke was my supervisee")
        self.assertContains(response, "confirm_not_identifiers")
        self.declare(
            self.co_auditor,
            knows_someone="yes",
            details="Ms Clarke was my supervisee",
            confirm_not_identifiers="on",
        )
        self.assertTrue(Declaration.objects.filter(auditor=self.co_auditor).exists())
        self.assertEqual(IdentifierConfirmation.objects.get().confirmed_by, self.co_auditor)

    def test_the_coordinator_is_warned_when_an_auditor_worked_at_the_host(self):
        self.declare(self.co_auditor, worked_at_host_recently="yes")
        page = self.sign_in(self.coordinator).get(self.visit.get_absolute_url())
        self.assertContains(page, "declared that they worked at Sandwell in the last three years")

    def test_only_the_visits_auditors_declare_and_only_until_drafting(self):
        for person, status in [
            (self.host_psw, 403),
            (self.host_director, 403),
            (self.coordinator, 403),
            (self.peer, 403),
            (self.outsider, 404),
            (self.other_coordinator, 404),
            (self.platform_admin, 404),
        ]:
            with self.subTest(person=person.email):
                self.assertEqual(self.declare(person).status_code, status)
        Visit.objects.filter(pk=self.visit.pk).update(status=Visit.Status.DRAFTING)
        self.assertEqual(self.declare(self.auditor).status_code, 403)
        self.assertFalse(Declaration.objects.exists())

    def test_an_auditor_sees_only_their_own_declaration(self):
        self.declare(self.co_auditor, worked_at_host_recently="yes")
        page = self.sign_in(self.auditor).get(self.visit.get_absolute_url())
        self.assertNotIn(self.co_auditor.pk, page.context["declarations"])
