"""Each role finds its visits: the coordinator's schedule, auditors' and hosts' own, the peer's."""

import datetime

from django.urls import reverse

from audits.models import CaseFile, Visit
from tests.base import VisitCastTestCase
from tests.factories import make_declaration, make_visit


def more_visits(case, count, *, cases=12):
    """``count`` more visits in the region, each with a team and ``cases`` cases."""
    hosts = ["coventry", "wolverhampton", "solihull", "birmingham", "herefordshire"]
    visits = []
    for n in range(count):
        host = case.region.authorities.get(slug=hosts[n % len(hosts)])
        visit = make_visit(
            host=host,
            tool=case.tool,
            coordinator=case.coordinator,
            lead=case.auditor,
            auditors=[case.co_auditor],
            first_day=datetime.date(2027, 4, 6) + datetime.timedelta(weeks=n),
            cases=cases,
        )
        make_declaration(visit, case.auditor)
        visits.append(visit)
    return visits


class ScheduleTests(VisitCastTestCase):
    def test_the_coordinator_sees_the_regions_schedule_with_teams_and_readiness(self):
        page = self.sign_in(self.coordinator).get(reverse("audits:visit-list"))
        self.assertContains(page, "1 visit")
        self.assertContains(page, "9 to 10 March 2027")
        self.assertContains(page, f"{self.auditor} (lead)")
        self.assertContains(page, "1 thing to do before sample agreed")

    def test_it_filters_by_year_council_and_status(self):
        later = more_visits(self, 1)[0]
        Visit.objects.filter(pk=later.pk).update(
            first_day=datetime.date(2028, 4, 4),
            last_day=datetime.date(2028, 4, 5),
            peer_challenge_date=datetime.date(2028, 5, 9),
        )
        client = self.sign_in(self.coordinator)
        url = reverse("audits:visit-list")
        self.assertEqual(list(client.get(url, {"year": 2028}).context["visits"]), [later])
        self.assertEqual(
            list(client.get(url, {"council": self.sandwell.pk}).context["visits"]), [self.visit]
        )
        self.assertEqual(list(client.get(url, {"status": "on_site"}).context["visits"]), [])
        # A filter that makes no sense is ignored rather than breaking the page.
        self.assertEqual(len(client.get(url, {"year": "soon"}).context["visits"]), 2)

    def test_the_schedule_stays_at_eight_queries_as_visits_and_cases_grow(self):
        client = self.sign_in(self.coordinator)
        url = reverse("audits:visit-list")
        for _ in range(2):
            # session, user, the years for the filter, the count for paging, the region for
            # the caption, the councils for the filter, the visits with their readiness
            # counts, their teams
            with self.assertNumQueries(8):
                response = client.get(url)
            more_visits(self, 4, cases=14)
        self.assertEqual(len(response.context["visits"]), 5)

    def test_the_month_calendar_shows_days_on_site_and_the_peer_challenge(self):
        page = self.sign_in(self.coordinator).get(
            reverse("audits:visit-calendar"), {"month": "2027-03"}
        )
        self.assertContains(page, "March 2027")
        cells = {day.date: day for week in page.context["weeks"] for day in week if day.in_month}
        self.assertEqual(cells[datetime.date(2027, 3, 9)].on_site, [self.visit])
        self.assertEqual(cells[datetime.date(2027, 3, 10)].on_site, [self.visit])
        self.assertEqual(cells[datetime.date(2027, 3, 11)].on_site, [])
        self.assertContains(page, 'href="?month=2027-04"')
        april = self.client.get(reverse("audits:visit-calendar"), {"month": "2027-04"})
        self.assertContains(april, "Sandwell</a> peer challenge")

    def test_the_calendar_shows_only_what_the_person_may_see(self):
        page = self.sign_in(self.outsider).get(
            reverse("audits:visit-calendar"), {"month": "2027-03"}
        )
        self.assertNotContains(page, "Sandwell</a>")


class MyVisitsTests(VisitCastTestCase):
    def test_an_auditor_sees_the_visits_they_audit_and_the_declaration_due(self):
        page = self.sign_in(self.co_auditor).get(reverse("audits:visit-list"))
        self.assertContains(page, "My visits")
        self.assertContains(
            page, 'Make your declaration<span class="govuk-visually-hidden"> for Sandwell'
        )
        self.assertEqual(list(page.context["auditing"]), [self.visit])

    def test_the_host_psw_and_directors_see_their_councils_visits_with_the_team(self):
        for person in [self.host_psw, self.host_director, self.host_ad]:
            with self.subTest(person=person.email):
                page = self.sign_in(person).get(reverse("audits:visit-list"))
                self.assertContains(page, "Visits to Sandwell")
                self.assertContains(page, f"{self.auditor}, Dudley (lead)")

    def test_a_peer_challenge_member_sees_their_visits_dates_and_status_only(self):
        page = self.sign_in(self.peer).get(reverse("audits:visit-list"))
        self.assertContains(page, "Sandwell, 9 to 10 March 2027")
        self.assertNotContains(page, str(self.auditor))
        detail = self.client.get(self.visit.get_absolute_url())
        self.assertContains(detail, "9 to 10 March 2027")
        self.assertContains(detail, "Planned")
        for hidden in [str(self.auditor), "SAN-01", "Test audit tool", "DSA-TEST-1", "History"]:
            self.assertNotContains(detail, hidden)

    def test_someone_from_another_council_sees_none_of_it(self):
        page = self.sign_in(self.outsider).get(reverse("audits:visit-list"))
        self.assertNotContains(page, "Sandwell")
        self.assertEqual(list(page.context["auditing"]), [])


class VisitPageTests(VisitCastTestCase):
    def test_the_host_director_sees_dates_team_and_status_but_no_cases(self):
        page = self.sign_in(self.host_director).get(self.visit.get_absolute_url())
        self.assertContains(page, f"{self.auditor}")
        self.assertContains(page, "Planned")
        self.assertNotContains(page, "SAN-01")
        self.assertNotContains(page, "Case sample")

    def test_the_host_psw_sees_the_sample_and_what_is_missing(self):
        page = self.sign_in(self.host_psw).get(self.visit.get_absolute_url())
        self.assertContains(page, "SAN-01")
        self.assertContains(page, "2 of the 2 auditors have not made a declaration")
        self.assertNotContains(page, "Move to sample agreed")

    def test_the_status_history_is_a_timeline(self):
        make_declaration(self.visit, self.auditor)
        make_declaration(self.visit, self.co_auditor)
        self.visit.advance(to=Visit.Status.SAMPLE_AGREED, by=self.coordinator, note="All 4 agreed")
        page = self.sign_in(self.host_psw).get(self.visit.get_absolute_url())
        self.assertContains(page, "History")
        self.assertContains(page, "Sample agreed")
        self.assertContains(page, "All 4 agreed")

    def test_the_visit_page_stays_at_fifteen_queries_as_cases_and_visits_grow(self):
        make_declaration(self.visit, self.auditor)
        client = self.sign_in(self.coordinator)
        url = self.visit.get_absolute_url()
        for round_ in range(2):
            # session, user, the visit with its readiness counts, the team, declarations and
            # their linked cases, the cases, the reciprocal-pair check, declarations for the
            # warnings, the peer challenge team, the history, and which working areas to link
            # (fieldwork, improvement plan, since the last audit, covering report: one each)
            with self.assertNumQueries(15):
                response = client.get(url)
            for n in range(20):
                CaseFile.objects.create(
                    visit=self.visit,
                    reference=f"SAN-{100 * (round_ + 1) + n}",
                    case_type="review",
                    primary_support_reason="physical",
                    age_band="65-84",
                    allocated_to=self.co_auditor,
                )
            more_visits(self, 3)
        self.assertEqual(len(response.context["cases"]), 24)


class VisitAreaLinkTests(VisitCastTestCase):
    visit_status = "on_site"

    def test_the_team_sees_links_to_the_visits_working_areas(self):
        make_declaration(self.visit, self.auditor)
        page = self.sign_in(self.auditor).get(self.visit.get_absolute_url())
        self.assertContains(page, reverse("audits:visit-progress", args=[self.visit.pk]))
        self.assertContains(page, reverse("audits:themefinding-list", args=[self.visit.pk]))

    def test_the_host_director_sees_no_links_to_the_teams_work(self):
        page = self.sign_in(self.host_director).get(self.visit.get_absolute_url())
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, reverse("audits:visit-progress", args=[self.visit.pk]))
        self.assertNotContains(page, reverse("audits:themefinding-list", args=[self.visit.pk]))

    def test_it_links_the_team_to_the_covering_report_the_reports_app_adds(self):
        make_declaration(self.visit, self.auditor)
        page = self.sign_in(self.auditor).get(self.visit.get_absolute_url())
        report = reverse("reports:report-detail", args=[self.visit.pk])
        self.assertContains(
            page, f'<a class="govuk-link" href="{report}">Covering report</a>', html=True
        )

    def test_it_links_the_host_to_no_report_before_the_accuracy_check(self):
        page = self.sign_in(self.host_director).get(self.visit.get_absolute_url())
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, reverse("reports:report-detail", args=[self.visit.pk]))
