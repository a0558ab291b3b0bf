"""Findings are the team's draft: hosts and outsiders never see them; the coordinator reads."""

from django.urls import reverse

from audits.models import Theme, ThemeFinding
from tests.audits.test_conversation_access import OUTSIDERS, FieldworkAccess
from tests.audits.test_theme_findings import finding_data
from tests.base import VisitCastTestCase


class ThemeFindingAccessTests(FieldworkAccess, VisitCastTestCase):
    visit_status = "on_site"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.make_other_visit()
        cls.finding = ThemeFinding.objects.create(
            visit=cls.visit,
            theme=Theme.objects.get(tool=cls.tool, key="t1"),
            strengths="Draft strengths.",
            version=1,
        )
        cls.list_url = reverse("audits:themefinding-list", args=[cls.visit.pk])
        cls.edit_url = reverse("audits:themefinding-edit", args=[cls.visit.pk, "t1"])

    def test_it_hides_the_findings_from_everyone_outside_the_team_and_region(self):
        self.assert_hidden_from_outsiders(self.list_url, post=False)
        self.assert_hidden_from_outsiders(self.edit_url)
        self.assertEqual(ThemeFinding.objects.get().strengths, "Draft strengths.")

    def test_it_refuses_a_post_from_an_outsider_with_a_valid_form(self):
        self.assert_status(OUTSIDERS, "post", self.edit_url, 404, finding_data(self, version=1))
        self.assertEqual(ThemeFinding.objects.get().version, 1)

    def test_it_lets_the_coordinator_read_but_not_save(self):
        self.assert_status(["coordinator"], "get", self.edit_url, 200)
        self.assert_status(
            ["coordinator"], "post", self.edit_url, 403, finding_data(self, version=1)
        )
        self.assertEqual(ThemeFinding.objects.get().version, 1)

    def test_it_lets_both_auditors_save(self):
        self.assert_status(
            ["co_auditor"], "post", self.edit_url, 302, finding_data(self, version=1)
        )
        self.assertEqual(ThemeFinding.objects.get().version, 2)


class ThemeFindingAccessAfterIssueTests(FieldworkAccess, VisitCastTestCase):
    visit_status = "issued"

    def test_it_lets_the_auditors_read_but_no_longer_save(self):
        url = reverse("audits:themefinding-edit", args=[self.visit.pk, "t1"])
        response = self.sign_in(self.auditor).get(url)
        self.assertNotContains(response, 'name="strengths"')
        self.assert_status(["auditor", "co_auditor"], "post", url, 403, finding_data(self))
        self.assertFalse(ThemeFinding.objects.exists())

    def test_it_still_hides_the_findings_from_the_host(self):
        url = reverse("audits:themefinding-edit", args=[self.visit.pk, "t1"])
        self.assert_status(["host_psw", "host_director", "host_ad", "peer"], "get", url, 404)
