"""The team writes recommendations for the host beside its findings."""

from django.urls import reverse

from audits.models import Recommendation, Theme
from tests.audits.test_conversation_access import FieldworkAccess
from tests.base import VisitCastTestCase


class RecommendationTests(VisitCastTestCase):
    visit_status = "drafting"

    def test_it_adds_a_recommendation_tied_to_a_theme(self):
        theme = Theme.objects.get(tool=self.tool, key="t2")
        url = reverse("audits:recommendation-create", args=[self.visit.pk])
        response = self.sign_in(self.auditor).post(
            url, {"text": "Offer every carer their own assessment.", "theme": theme.pk}
        )
        self.assertRedirects(response, reverse("audits:recommendation-list", args=[self.visit.pk]))
        recommendation = Recommendation.objects.get()
        self.assertEqual((recommendation.theme, recommendation.created_by), (theme, self.auditor))
        listing = self.client.get(reverse("audits:recommendation-list", args=[self.visit.pk]))
        self.assertContains(listing, "Offer every carer their own assessment.")
        self.assertContains(listing, "Theme: Theme 2")

    def test_it_asks_for_the_text(self):
        url = reverse("audits:recommendation-create", args=[self.visit.pk])
        response = self.sign_in(self.auditor).post(url, {"text": "  ", "theme": ""})
        self.assertContains(response, "Enter the recommendation")
        self.assertFalse(Recommendation.objects.exists())

    def test_the_co_auditor_changes_and_deletes_it(self):
        recommendation = Recommendation.objects.create(
            visit=self.visit, text="Old.", created_by=self.auditor
        )
        edit = reverse("audits:recommendation-edit", args=[self.visit.pk, recommendation.pk])
        self.sign_in(self.co_auditor).post(edit, {"text": "New.", "theme": ""})
        recommendation.refresh_from_db()
        self.assertEqual(recommendation.text, "New.")
        delete = reverse("audits:recommendation-delete", args=[self.visit.pk, recommendation.pk])
        self.assertContains(self.client.get(delete), "Delete this recommendation?")
        self.client.post(delete)
        self.assertFalse(Recommendation.objects.exists())


class RecommendationAccessTests(FieldworkAccess, VisitCastTestCase):
    visit_status = "on_site"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.make_other_visit()
        cls.recommendation = Recommendation.objects.create(
            visit=cls.visit, text="Keep it.", created_by=cls.auditor
        )
        pk = cls.recommendation.pk
        cls.urls = {
            "list": reverse("audits:recommendation-list", args=[cls.visit.pk]),
            "add": reverse("audits:recommendation-create", args=[cls.visit.pk]),
            "edit": reverse("audits:recommendation-edit", args=[cls.visit.pk, pk]),
            "delete": reverse("audits:recommendation-delete", args=[cls.visit.pk, pk]),
        }

    def test_it_hides_every_page_and_post_from_outsiders(self):
        self.assert_hidden_from_outsiders(self.urls["list"], post=False)
        for name in ["add", "edit", "delete"]:
            self.assert_hidden_from_outsiders(self.urls[name])
        self.assertEqual(Recommendation.objects.get().text, "Keep it.")

    def test_it_lets_the_coordinator_read_only(self):
        self.assertContains(self.sign_in(self.coordinator).get(self.urls["list"]), "Keep it.")
        for name in ["add", "edit", "delete"]:
            self.assert_status(["coordinator"], "post", self.urls[name], 403, {"text": "X"})
        self.assertEqual(Recommendation.objects.get().text, "Keep it.")

    def test_the_auditors_still_amend_it_at_the_factual_accuracy_check(self):
        self.visit.status = "accuracy_check"
        self.visit.save()
        response = self.sign_in(self.auditor).post(
            self.urls["edit"], {"text": "Keep it, as the Director asked, with dates."}
        )
        self.assertRedirects(response, self.urls["list"])
        self.assertEqual(
            Recommendation.objects.get().text, "Keep it, as the Director asked, with dates."
        )
        self.assertContains(self.client.get(self.urls["list"]), "Add a recommendation")

    def test_it_stops_the_auditors_changing_it_once_the_report_is_issued(self):
        self.visit.status = "issued"
        self.visit.save()
        for name in ["add", "edit", "delete"]:
            self.assert_status(["auditor"], "post", self.urls[name], 403, {"text": "X"})
        page = self.sign_in(self.auditor).get(self.urls["list"])
        self.assertNotContains(page, "Add a recommendation")
        self.assertContains(
            self.client.post(self.urls["add"], {"text": "X"}),
            "until the report is issued",
            status_code=403,
        )
        self.assertEqual(Recommendation.objects.get().text, "Keep it.")
