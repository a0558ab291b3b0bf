"""The host PSW or the coordinator adds, corrects and removes the sample's cases one by one."""

from django.urls import reverse

from audits.models import CaseFile, Visit
from audits.services.sample import sample_mix
from tests.base import VisitCastTestCase

CASE = {
    "reference": "SAN-05",
    "case_type": "hospital_discharge",
    "team": "Hospital discharge team",
    "primary_support_reason": "memory",
    "age_band": "85+",
}


class AddCaseTests(VisitCastTestCase):
    def setUp(self):
        self.url = reverse("audits:casefile-add", args=[self.visit.pk])

    def test_the_host_psw_adds_a_case(self):
        response = self.sign_in(self.host_psw).post(self.url, CASE)
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        case = CaseFile.objects.get(visit=self.visit, reference="SAN-05")
        self.assertEqual(
            (case.case_type, case.age_band, case.allocated_to), ("hospital_discharge", "85+", None)
        )
        self.assertContains(self.client.get(self.url), "SAN-05 has been added to the sample")

    def test_it_refuses_a_reference_that_looks_like_an_identifier_and_keeps_the_rest(self):
        for reference, reason in [
            ("943 476 5919", "looks like an NHS number"),
            ("AB123456C", "National Insurance number"),
            ("B1 1AA", "looks like a postcode"),
            ("SAN-03/04/1948", "looks like a date of birth"),
            ("Mr Smith", "a person&#x27;s name"),
        ]:
            with self.subTest(reference=reference):
                response = self.sign_in(self.host_psw).post(
                    self.url, {**CASE, "reference": reference}
                )
                self.assertContains(response, reason)
                self.assertContains(response, 'value="Hospital discharge team"')
        self.assertEqual(self.visit.case_files.count(), 4)

    def test_it_refuses_a_reference_already_in_the_sample_ignoring_case(self):
        response = self.sign_in(self.host_psw).post(self.url, {**CASE, "reference": "san-02"})
        self.assertContains(response, "san-02 is already in this visit&#x27;s sample")

    def test_it_says_what_is_missing(self):
        response = self.sign_in(self.coordinator).post(self.url, {"reference": "SAN-09"})
        for message in [
            "Choose the case type",
            "Choose the primary support reason",
            "Choose the age band",
        ]:
            self.assertContains(response, message)

    def test_only_the_host_psw_while_planned_and_the_coordinator_before_site_add_cases(self):
        for person, status in [
            (self.auditor, 403),
            (self.co_auditor, 403),
            (self.host_director, 403),
            (self.host_ad, 403),
            (self.peer, 403),
            (self.outsider, 404),
            (self.other_coordinator, 404),
            (self.platform_admin, 404),
        ]:
            with self.subTest(person=person.email):
                self.assertEqual(self.sign_in(person).post(self.url, CASE).status_code, status)
        Visit.objects.filter(pk=self.visit.pk).update(status=Visit.Status.SAMPLE_AGREED)
        self.assertEqual(self.sign_in(self.host_psw).post(self.url, CASE).status_code, 403)
        self.assertEqual(self.sign_in(self.coordinator).post(self.url, CASE).status_code, 302)
        Visit.objects.filter(pk=self.visit.pk).update(status=Visit.Status.ON_SITE)
        self.assertEqual(self.sign_in(self.coordinator).post(self.url, CASE).status_code, 403)
        self.assertEqual(self.visit.case_files.count(), 5)


class ChangeAndRemoveCaseTests(VisitCastTestCase):
    def test_the_host_psw_corrects_a_case(self):
        case = self.cases[0]
        url = reverse("audits:casefile-edit", args=[self.visit.pk, case.pk])
        response = self.sign_in(self.host_psw).post(url, {**CASE, "reference": "SAN-01"})
        self.assertRedirects(response, self.visit.get_absolute_url() + "#sample")
        case.refresh_from_db()
        self.assertEqual(case.case_type, "hospital_discharge")

    def test_the_host_psw_removes_a_case_after_confirming(self):
        case = self.cases[0]
        url = reverse("audits:casefile-remove", args=[self.visit.pk, case.pk])
        client = self.sign_in(self.host_psw)
        self.assertContains(client.get(url), "Remove SAN-01 from the sample?")
        client.post(url)
        self.assertFalse(CaseFile.objects.filter(pk=case.pk).exists())

    def test_a_case_of_another_visit_is_not_found_through_this_one(self):
        url = reverse("audits:casefile-edit", args=[self.visit.pk + 1, self.cases[0].pk])
        self.assertEqual(self.sign_in(self.coordinator).get(url).status_code, 404)

    def test_nobody_else_changes_or_removes_cases(self):
        case = self.cases[0]
        for name in ["casefile-edit", "casefile-remove"]:
            url = reverse(f"audits:{name}", args=[self.visit.pk, case.pk])
            for person, status in [
                (self.co_auditor, 404),  # not declared: cannot even see the cases
                (self.host_director, 404),
                (self.peer, 404),
                (self.outsider, 404),
                (self.other_coordinator, 404),
                (self.platform_admin, 404),
            ]:
                with self.subTest(url=name, person=person.email):
                    self.assertEqual(self.sign_in(person).post(url, CASE).status_code, status)
        self.assertTrue(CaseFile.objects.filter(pk=case.pk, case_type=case.case_type).exists())


class MixTests(VisitCastTestCase):
    def test_it_counts_each_case_type_and_names_the_missing_ones(self):
        mix = sample_mix(self.cases)
        self.assertEqual(mix.total, 4)
        self.assertEqual(dict(mix.counts)["New assessment"], 1)
        self.assertEqual(
            mix.missing,
            [
                "Capacity and best-interest decision",
                "Transition to adulthood",
                "Hospital discharge",
                "Direct payment",
                "Closed with no further action",
            ],
        )
        self.assertEqual(
            mix.guidance,
            "The sample has 4 cases; a two-day visit by two PSWs usually covers 8 to 16.",
        )

    def test_the_visit_page_shows_the_mix_to_the_host_psw(self):
        page = self.sign_in(self.host_psw).get(self.visit.get_absolute_url())
        self.assertContains(page, "5 types missing")
        self.assertContains(page, "Not in the sample: Capacity and best-interest decision")
