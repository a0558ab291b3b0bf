"""Team rules hold whatever the path: PSWs only, never the host's own, no overlapping days."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audits.models import StatusChange, Visit, VisitAuditor
from audits.services.visits import (
    reciprocal_pairs,
    schedule_visit,
    set_team,
    update_visit,
    visit_warnings,
)
from tests.base import CastTestCase, VisitCastTestCase, make_person
from tests.factories import make_tool, make_visit

TUESDAY = datetime.date(2027, 3, 9)


def schedule(case, *, host=None, lead=None, auditors=(), first_day=TUESDAY, **extra):
    return schedule_visit(
        host=host or case.sandwell,
        tool=case.tool,
        first_day=first_day,
        lead=lead,
        auditors=list(auditors),
        by=case.coordinator,
        **extra,
    )


class ScheduleTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tool = make_tool(cls.region)

    def test_it_schedules_a_visit_with_a_lead_and_a_co_auditor(self):
        visit = schedule(self, lead=self.auditor, auditors=[self.co_auditor])
        self.assertEqual(
            [(link.auditor, link.is_lead) for link in visit.auditor_links.all()],
            [(self.auditor, True), (self.co_auditor, False)],
        )
        self.assertEqual(visit.coordinator, self.coordinator)
        self.assertEqual(StatusChange.objects.get(visit=visit).to_status, Visit.Status.PLANNED)

    def test_it_sets_the_last_day_to_the_next_working_day(self):
        friday = datetime.date(2027, 3, 12)
        visit = schedule(self, lead=self.auditor, first_day=friday)
        self.assertEqual(visit.last_day, datetime.date(2027, 3, 15))
        self.assertEqual(visit.days_display, "12 to 15 March 2027")

    def test_it_refuses_the_host_councils_own_psw_and_says_what_to_do(self):
        self.host_psw.full_name = "Hannah Price"
        self.host_psw.save()
        with pytest.raises(ValidationError) as refused:
            schedule(self, lead=self.auditor, auditors=[self.host_psw])
        self.assertEqual(
            refused.value.message_dict["auditors"],
            [
                "Hannah Price works for Sandwell, the host council; "
                "choose a PSW from another council."
            ],
        )
        self.assertFalse(Visit.objects.exists())

    def test_it_refuses_anyone_but_a_psw(self):
        with pytest.raises(ValidationError) as refused:
            schedule(self, lead=self.peer)
        self.assertIn(
            "only Principal Social Workers audit case files", refused.value.message_dict["lead"][0]
        )

    def test_it_needs_a_lead(self):
        with pytest.raises(ValidationError) as refused:
            schedule(self, lead=None, auditors=[self.auditor])
        self.assertEqual(refused.value.message_dict["lead"], ["Choose the lead auditor."])

    def test_it_refuses_an_auditor_whose_days_overlap_another_visit_and_names_it(self):
        schedule(self, host=self.coventry, lead=self.auditor)
        with pytest.raises(ValidationError) as refused:
            schedule(self, lead=self.co_auditor, auditors=[self.auditor], first_day=TUESDAY)
        self.assertEqual(
            refused.value.message_dict["auditors"],
            [
                f"{self.auditor} is already on the Coventry audit on 9 to 10 March 2027, which "
                "overlaps these days; choose another PSW or move one of the visits."
            ],
        )

    def test_it_lets_an_auditor_take_the_next_days_and_a_cancelled_visits_days(self):
        first = schedule(self, host=self.coventry, lead=self.auditor)
        schedule(self, lead=self.auditor, first_day=TUESDAY + datetime.timedelta(days=2))
        with pytest.raises(ValidationError):
            schedule(self, host=self.walsall, lead=self.auditor, first_day=TUESDAY)
        first.advance(to=Visit.Status.CANCELLED, by=self.coordinator, note="Postponed")
        schedule(self, host=self.walsall, lead=self.auditor, first_day=TUESDAY)
        self.assertEqual(
            [
                (visit.host.name, visit.days_display)
                for visit in Visit.objects.filter(auditors=self.auditor)
                .exclude(status=Visit.Status.CANCELLED)
                .order_by("first_day")
            ],
            [("Walsall", "9 to 10 March 2027"), ("Sandwell", "11 to 12 March 2027")],
        )

    def test_only_a_published_tool_and_a_peer_challenge_after_the_visit(self):
        draft = make_tool(self.region, version=2, status="draft")
        with pytest.raises(ValidationError) as refused:
            schedule_visit(
                host=self.sandwell,
                tool=draft,
                first_day=TUESDAY,
                peer_challenge_date=TUESDAY,
                lead=self.auditor,
                by=self.coordinator,
            )
        self.assertIn("Choose a published version", refused.value.message_dict["tool"][0])
        self.assertIn(
            "must be after the last day on site (10 March 2027)",
            refused.value.message_dict["peer_challenge_date"][0],
        )

    def test_it_refuses_another_regions_council(self):
        with pytest.raises(ValidationError) as refused:
            schedule(self, host=self.bolton, lead=self.auditor)
        self.assertIn("choose one of your region's councils", refused.value.message_dict["host"][0])

    def test_it_refuses_a_last_day_before_the_first(self):
        with pytest.raises(ValidationError) as refused:
            schedule(self, lead=self.auditor, last_day=TUESDAY - datetime.timedelta(days=1))
        self.assertIn("same as or after the first day", refused.value.message_dict["last_day"][0])


class ModelValidationTests(VisitCastTestCase):
    def test_a_team_link_refuses_the_hosts_psw_whoever_saves_it(self):
        link = VisitAuditor(visit=self.visit, auditor=self.host_psw)
        with pytest.raises(ValidationError) as refused:
            link.full_clean()
        self.assertIn("the host council", refused.value.message_dict["auditor"][0])

    def test_moving_the_days_onto_an_auditors_other_visit_is_refused(self):
        make_visit(
            host=self.coventry,
            tool=self.tool,
            coordinator=self.coordinator,
            lead=self.auditor,
            first_day=datetime.date(2027, 5, 4),
        )
        self.visit.first_day = datetime.date(2027, 5, 5)
        self.visit.last_day = datetime.date(2027, 5, 6)
        with pytest.raises(ValidationError) as refused:
            self.visit.full_clean()
        self.assertIn(
            "Coventry audit on 4 to 5 May 2027", refused.value.message_dict["first_day"][0]
        )


class SetTeamTests(VisitCastTestCase):
    def test_it_swaps_the_lead(self):
        set_team(
            visit=self.visit, lead=self.co_auditor, auditors=[self.auditor], by=self.coordinator
        )
        self.assertEqual(
            [(link.auditor, link.is_lead) for link in self.visit.auditor_links.all()],
            [(self.co_auditor, True), (self.auditor, False)],
        )

    def test_a_removed_auditors_cases_go_back_to_the_pool(self):
        newcomer = make_person(
            "psw@solihull.test", "psw", self.coventry.region.authorities.get(slug="solihull")
        )
        set_team(visit=self.visit, lead=self.auditor, auditors=[newcomer], by=self.coordinator)
        self.assertEqual(self.visit.case_files.filter(allocated_to=self.co_auditor).count(), 0)
        self.assertEqual(self.visit.case_files.filter(allocated_to__isnull=True).count(), 2)

    def test_the_team_is_fixed_once_on_site(self):
        Visit.objects.filter(pk=self.visit.pk).update(status=Visit.Status.ON_SITE)
        with pytest.raises(ValidationError, match="fixed once it is on site"):
            set_team(visit=self.visit, lead=self.co_auditor, auditors=[], by=self.coordinator)

    def test_changing_days_and_team_together_checks_only_the_new_team(self):
        make_visit(
            host=self.coventry,
            tool=self.tool,
            coordinator=self.coordinator,
            lead=self.co_auditor,
            first_day=datetime.date(2027, 5, 4),
        )
        update_visit(
            visit=self.visit,
            tool=self.tool,
            first_day=datetime.date(2027, 5, 4),
            lead=self.auditor,
            auditors=[],
            by=self.coordinator,
        )
        self.assertEqual(list(self.visit.auditors.all()), [self.auditor])


class WarningTests(VisitCastTestCase):
    def test_it_warns_about_a_reciprocal_pair_in_the_same_year(self):
        make_visit(
            host=self.dudley,
            tool=self.tool,
            coordinator=self.coordinator,
            lead=self.host_psw,
            first_day=datetime.date(2027, 6, 8),
        )
        warnings = reciprocal_pairs(self.visit)
        self.assertEqual(len(warnings), 1)
        self.assertIn(f"{self.auditor} (Dudley) audits Sandwell", warnings[0])
        self.assertIn(f"{self.host_psw} (Sandwell) audits Dudley", warnings[0])

    def test_it_does_not_warn_about_visits_in_another_year(self):
        make_visit(
            host=self.dudley,
            tool=self.tool,
            coordinator=self.coordinator,
            lead=self.host_psw,
            first_day=datetime.date(2028, 6, 6),
        )
        self.assertEqual(reciprocal_pairs(self.visit), [])

    def test_it_warns_about_weekend_days_and_a_lone_auditor(self):
        self.visit.first_day = datetime.date(2027, 3, 13)
        self.visit.last_day = datetime.date(2027, 3, 14)
        set_team(visit=self.visit, lead=self.auditor, auditors=[], by=self.coordinator)
        warnings = visit_warnings(self.visit)
        self.assertIn(
            "The first day on site, Saturday 13 March 2027, is a weekend day. "
            "Check that the host expects the team then.",
            warnings,
        )
        self.assertIn("Only one auditor is on the team; visits usually have two PSWs.", warnings)

    def test_the_coordinator_sees_the_warnings_on_the_visit_page(self):
        make_visit(
            host=self.dudley,
            tool=self.tool,
            coordinator=self.coordinator,
            lead=self.host_psw,
            first_day=datetime.date(2027, 6, 8),
        )
        url = reverse("audits:visit-detail", args=[self.visit.pk])
        self.assertContains(self.sign_in(self.coordinator).get(url), "Reciprocal pair in 2027")
        self.assertNotContains(self.sign_in(self.auditor).get(url), "Reciprocal pair")


def date_fields(name, day):
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year} if day else {}


class ScheduleFormTests(CastTestCase):
    """The coordinator schedules Sandwell's visit as a new user would."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tool = make_tool(cls.region)

    def post(self, **data):
        form = {
            "host": self.sandwell.pk,
            "tool": self.tool.pk,
            **date_fields("first_day", TUESDAY),
            "data_sharing_reference": "DSA-2027-04",
            "lead": self.auditor.pk,
            "auditors": [self.co_auditor.pk],
            **data,
        }
        return self.sign_in(self.coordinator).post(reverse("audits:visit-create"), form)

    def test_it_schedules_the_visit_and_shows_it(self):
        response = self.post()
        visit = Visit.objects.get()
        self.assertRedirects(response, visit.get_absolute_url())
        self.assertEqual(visit.last_day, datetime.date(2027, 3, 10))
        page = self.client.get(visit.get_absolute_url())
        self.assertContains(page, "Sandwell, 9 to 10 March 2027")
        self.assertContains(page, "Lead auditor")

    def test_it_refuses_a_sandwell_psw_with_the_reason_and_keeps_what_was_typed(self):
        response = self.post(auditors=[self.host_psw.pk])
        self.assertContains(response, "There is a problem")
        self.assertContains(
            response, f"{self.host_psw} works for Sandwell, the host council; choose a PSW"
        )
        self.assertContains(response, 'value="DSA-2027-04"')
        self.assertContains(response, 'name="first_day_0" value="9"')
        self.assertFalse(Visit.objects.exists())

    def test_it_asks_for_a_real_date(self):
        response = self.post(**{"first_day_0": "31", "first_day_1": "2"})
        self.assertContains(response, "Enter a real date")

    def test_it_offers_only_published_tools_of_the_region(self):
        make_tool(self.region, version=2, status="draft")
        make_tool(self.other_region, name="North West tool")
        page = self.sign_in(self.coordinator).get(reverse("audits:visit-create"))
        self.assertContains(page, "Test audit tool, version 1")
        self.assertNotContains(page, "version 2")
        self.assertNotContains(page, "North West tool")

    def test_only_a_coordinator_schedules(self):
        for person in [self.auditor, self.host_director, self.peer, self.platform_admin]:
            with self.subTest(person=person.email):
                response = self.sign_in(person).get(reverse("audits:visit-create"))
                self.assertEqual(response.status_code, 403)

    def test_another_regions_coordinator_cannot_use_this_regions_councils(self):
        response = self.sign_in(self.other_coordinator).post(
            reverse("audits:visit-create"),
            {"host": self.sandwell.pk, "tool": self.tool.pk, **date_fields("first_day", TUESDAY)},
        )
        self.assertContains(response, "Select a valid choice")
        self.assertFalse(Visit.objects.exists())


class EditFormTests(VisitCastTestCase):
    def test_the_coordinator_moves_the_days_and_the_others_follow(self):
        client = self.sign_in(self.coordinator)
        url = reverse("audits:visit-edit", args=[self.visit.pk])
        page = client.get(url)
        self.assertContains(page, 'name="first_day_0" value="9"')
        response = client.post(
            url,
            {
                "tool": self.tool.pk,
                **date_fields("first_day", datetime.date(2027, 4, 13)),
                "data_sharing_reference": "DSA-TEST-1",
                "lead": self.auditor.pk,
                "auditors": [self.co_auditor.pk],
                "peer_team": [self.peer.pk],
            },
        )
        self.assertRedirects(response, self.visit.get_absolute_url())
        self.visit.refresh_from_db()
        self.assertEqual(
            (self.visit.first_day, self.visit.last_day),
            (datetime.date(2027, 4, 13), datetime.date(2027, 4, 14)),
        )

    def test_the_team_and_tool_cannot_be_changed_once_on_site(self):
        Visit.objects.filter(pk=self.visit.pk).update(status=Visit.Status.ON_SITE)
        page = self.sign_in(self.coordinator).get(
            reverse("audits:visit-edit", args=[self.visit.pk])
        )
        self.assertContains(page, "The tool and the team are fixed")

    def test_on_site_the_agreement_reference_still_changes_but_the_team_does_not(self):
        Visit.objects.filter(pk=self.visit.pk).update(status=Visit.Status.ON_SITE)
        response = self.sign_in(self.coordinator).post(
            reverse("audits:visit-edit", args=[self.visit.pk]),
            {
                **date_fields("first_day", TUESDAY),
                "data_sharing_reference": "DSA-TEST-2",
                "lead": self.co_auditor.pk,  # ignored: the field is fixed
                "auditors": [],
            },
        )
        self.assertRedirects(response, self.visit.get_absolute_url(), fetch_redirect_response=False)
        self.visit.refresh_from_db()
        self.assertEqual(self.visit.data_sharing_reference, "DSA-TEST-2")
        self.assertEqual(
            [(link.auditor, link.is_lead) for link in self.visit.auditor_links.all()],
            [(self.auditor, True), (self.co_auditor, False)],
        )

    def test_a_closed_visit_cannot_be_changed(self):
        Visit.objects.filter(pk=self.visit.pk).update(status=Visit.Status.CLOSED)
        response = self.sign_in(self.coordinator).get(
            reverse("audits:visit-edit", args=[self.visit.pk])
        )
        self.assertEqual(response.status_code, 403)
