"""The team picker: PSWs of other councils than the host, each with the visits that overlap the
chosen days and their visits that year; the rules still run when the visit is saved."""

import datetime

from django.urls import reverse

from audits.models import Visit
from tests.base import CastTestCase
from tests.factories import make_tool, make_visit

TUESDAY = datetime.date(2027, 3, 9)


def date_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


class TeamPickerTests(CastTestCase):
    url = reverse("audits:visit-create")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tool = make_tool(cls.region)
        # Walsall's PSW is on Coventry's visit on the same days, and one later in the year.
        cls.coventry_visit = make_visit(
            host=cls.coventry,
            tool=cls.tool,
            coordinator=cls.coordinator,
            lead=cls.co_auditor,
            first_day=TUESDAY,
        )
        make_visit(
            host=cls.dudley,
            tool=cls.tool,
            coordinator=cls.coordinator,
            lead=cls.co_auditor,
            first_day=datetime.date(2027, 9, 14),
        )

    def show(self, **data):
        form = {
            "host": self.sandwell.pk,
            "tool": self.tool.pk,
            **date_fields("first_day", TUESDAY),
            "data_sharing_reference": "DSA-2027-04",
            "show_team": "yes",
            **data,
        }
        return self.sign_in(self.coordinator).post(self.url, form)

    def options(self, response, name):
        return dict(response.context["form"].fields[name].widget.choices)

    def test_it_leaves_the_host_councils_own_psws_out_once_the_council_is_chosen(self):
        response = self.show()
        for name in ["lead", "auditors"]:
            offered = self.options(response, name)
            self.assertNotIn(self.host_psw.pk, offered)
            self.assertIn(self.auditor.pk, offered)
            self.assertIn(self.outsider.pk, offered)
        self.assertNotContains(response, "Psw, Sandwell")
        # Before a council is chosen, everyone is listed with a way to narrow it.
        page = self.sign_in(self.coordinator).get(self.url)
        self.assertIn(self.host_psw.pk, self.options(page, "lead"))
        self.assertContains(page, "Show who is free</button>")

    def test_it_shows_each_psws_overlapping_visits_and_their_load_that_year(self):
        offered = self.options(self.show(), "auditors")
        self.assertEqual(
            offered[self.co_auditor.pk],
            "Psw, Walsall (2 visits in 2027; not free: on the Coventry audit, 9 to 10 March 2027)",
        )
        self.assertEqual(offered[self.auditor.pk], "Psw, Dudley (0 visits in 2027)")
        # Other days: no clash, the same load.
        later = self.options(
            self.show(**date_fields("first_day", TUESDAY.replace(month=5))), "lead"
        )
        self.assertEqual(later[self.co_auditor.pk], "Psw, Walsall (2 visits in 2027)")

    def test_showing_who_is_free_keeps_what_was_typed_and_saves_nothing(self):
        response = self.show(lead=self.auditor.pk)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "There is a problem")
        self.assertContains(response, 'value="DSA-2027-04"')
        self.assertContains(response, 'name="first_day_0" value="9"')
        self.assertContains(response, f'<option value="{self.auditor.pk}" selected>')
        self.assertContains(response, "with how many visits each has in 2027")
        self.assertEqual(Visit.objects.filter(host=self.sandwell).count(), 0)

    def test_saving_still_refuses_a_psw_who_is_not_free(self):
        response = self.show(show_team="", lead=self.auditor.pk, auditors=[self.co_auditor.pk])
        self.assertContains(response, "There is a problem")
        self.assertContains(response, "already on the Coventry audit on 9 to 10 March 2027")
        self.assertEqual(Visit.objects.filter(host=self.sandwell).count(), 0)
        # And the host's own PSW, chosen on a page from before the council was picked.
        response = self.show(show_team="", lead=self.host_psw.pk)
        self.assertContains(response, "works for Sandwell, the host council")
        self.assertEqual(Visit.objects.filter(host=self.sandwell).count(), 0)

    def test_changing_a_visit_lists_the_team_for_its_own_council_and_days(self):
        url = reverse("audits:visit-edit", args=[self.coventry_visit.pk])
        page = self.sign_in(self.coordinator).get(url)
        offered = self.options(page, "lead")
        self.assertNotIn(self.outsider.pk, offered)  # Coventry's own PSW
        # The visit itself is not a clash with itself.
        self.assertEqual(offered[self.co_auditor.pk], "Psw, Walsall (2 visits in 2027)")

    def test_only_the_coordinator_schedules(self):
        for person in [self.auditor, self.host_director, self.tool_owner, self.peer]:
            with self.subTest(person=person.email):
                self.client.force_login(person)
                response = self.client.post(self.url, {"show_team": "yes"})
                self.assertIn(response.status_code, (403, 404))
