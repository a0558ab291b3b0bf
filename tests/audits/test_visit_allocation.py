"""Cases are shared evenly, the lead taking the odd one, never to an auditor with a link."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audits.models import CaseFile, Visit
from audits.services.sample import allocate_cases, move_case
from tests.base import VisitCastTestCase
from tests.factories import make_declaration


def add_cases(visit, numbers):
    for n in numbers:
        CaseFile.objects.create(
            visit=visit,
            reference=f"SAN-{n:02d}",
            case_type="review",
            primary_support_reason="physical",
            age_band="65-84",
        )


class AllocateTests(VisitCastTestCase):
    def counts(self):
        return {
            person: self.visit.case_files.filter(allocated_to=person).count()
            for person in (self.auditor, self.co_auditor)
        }

    def test_it_shares_cases_evenly_and_gives_the_lead_the_odd_one(self):
        self.visit.case_files.update(allocated_to=None)
        add_cases(self.visit, range(5, 12))  # 11 cases in all
        result = allocate_cases(visit=self.visit, by=self.coordinator)
        self.assertEqual(len(result.allocated), 11)
        self.assertEqual(self.counts(), {self.auditor: 6, self.co_auditor: 5})

    def test_it_evens_out_around_cases_already_allocated(self):
        add_cases(self.visit, range(5, 9))  # 4 allocated 2-2, 4 new
        self.visit.case_files.filter(reference="SAN-02").update(allocated_to=self.auditor)
        allocate_cases(visit=self.visit)
        self.assertEqual(self.counts(), {self.auditor: 4, self.co_auditor: 4})

    def test_it_never_gives_a_case_to_an_auditor_who_declared_a_link_to_it(self):
        self.visit.case_files.update(allocated_to=None)
        linked = list(self.visit.case_files.filter(reference__in=["SAN-01", "SAN-02", "SAN-03"]))
        make_declaration(self.visit, self.auditor, cases=linked)
        allocate_cases(visit=self.visit)
        for case in linked:
            case.refresh_from_db()
            self.assertEqual(case.allocated_to, self.co_auditor)
        self.assertEqual(self.counts(), {self.auditor: 1, self.co_auditor: 3})

    def test_it_takes_back_a_case_from_an_auditor_with_a_declared_link(self):
        first = self.cases[0]  # allocated to the lead
        make_declaration(self.visit, self.auditor, cases=[first])
        allocate_cases(visit=self.visit)
        first.refresh_from_db()
        self.assertEqual(first.allocated_to, self.co_auditor)

    def test_a_case_both_auditors_are_linked_to_is_left_for_the_coordinator(self):
        first = self.cases[0]
        make_declaration(self.visit, self.auditor, cases=[first])
        make_declaration(self.visit, self.co_auditor, cases=[first])
        result = allocate_cases(visit=self.visit)
        self.assertEqual([c.reference for c in result.left_over], ["SAN-01"])
        first.refresh_from_db()
        self.assertIsNone(first.allocated_to)
        self.assertIn("Allocate the 1 case that has no auditor.", self.visit.missing_for_next())


class MoveCaseTests(VisitCastTestCase):
    def test_a_case_moves_to_the_other_auditor(self):
        move_case(case=self.cases[0], to=self.co_auditor, by=self.coordinator)
        self.assertEqual(CaseFile.objects.get(pk=self.cases[0].pk).allocated_to, self.co_auditor)

    def test_it_refuses_an_auditor_with_a_declared_link_and_someone_off_the_team(self):
        make_declaration(self.visit, self.co_auditor, cases=[self.cases[0]])
        with pytest.raises(ValidationError, match="declared a link to SAN-01"):
            move_case(case=self.cases[0], to=self.co_auditor, by=self.coordinator)
        with pytest.raises(ValidationError, match="not on this visit's team"):
            move_case(case=self.cases[0], to=self.outsider, by=self.coordinator)

    def test_cases_stay_put_once_drafting_starts(self):
        Visit.objects.filter(pk=self.visit.pk).update(status=Visit.Status.DRAFTING)
        with pytest.raises(ValidationError, match="report is being drafted"):
            move_case(case=self.cases[0], to=self.co_auditor, by=self.coordinator)


class AllocationPageTests(VisitCastTestCase):
    def test_the_coordinator_allocates_from_the_visit_page(self):
        self.visit.case_files.update(allocated_to=None)
        client = self.sign_in(self.coordinator)
        page = client.get(self.visit.get_absolute_url())
        self.assertContains(page, "Allocate the 4 unallocated cases")
        client.post(reverse("audits:visit-allocate", args=[self.visit.pk]))
        self.assertFalse(self.visit.case_files.filter(allocated_to__isnull=True).exists())

    def test_the_lead_auditor_moves_a_case_by_hand_after_declaring(self):
        make_declaration(self.visit, self.auditor)
        url = reverse("audits:casefile-allocation", args=[self.visit.pk, self.cases[0].pk])
        response = self.sign_in(self.auditor).post(url, {"auditor": self.co_auditor.pk})
        self.assertRedirects(
            response, self.visit.get_absolute_url() + "#sample", fetch_redirect_response=False
        )
        self.assertEqual(CaseFile.objects.get(pk=self.cases[0].pk).allocated_to, self.co_auditor)

    def test_a_move_to_a_linked_auditor_comes_back_with_the_reason(self):
        make_declaration(self.visit, self.co_auditor, cases=[self.cases[0]])
        url = reverse("audits:casefile-allocation", args=[self.visit.pk, self.cases[0].pk])
        response = self.sign_in(self.coordinator).post(url, {"auditor": self.co_auditor.pk})
        self.assertContains(response, "declared a link to SAN-01; choose another auditor")

    def test_only_the_coordinator_and_the_lead_allocate(self):
        make_declaration(self.visit, self.co_auditor)
        make_declaration(self.visit, self.auditor)
        allocate = reverse("audits:visit-allocate", args=[self.visit.pk])
        move = reverse("audits:casefile-allocation", args=[self.visit.pk, self.cases[0].pk])
        for person, allocate_status, move_status in [
            (self.co_auditor, 403, 403),
            (self.host_psw, 403, 403),
            (self.host_director, 403, 404),
            (self.peer, 403, 404),
            (self.outsider, 404, 404),
            (self.other_coordinator, 404, 404),
            (self.platform_admin, 404, 404),
        ]:
            with self.subTest(person=person.email):
                client = self.sign_in(person)
                self.assertEqual(client.post(allocate).status_code, allocate_status)
                self.assertEqual(
                    client.post(move, {"auditor": self.co_auditor.pk}).status_code, move_status
                )
        self.assertEqual(CaseFile.objects.get(pk=self.cases[0].pk).allocated_to, self.auditor)
