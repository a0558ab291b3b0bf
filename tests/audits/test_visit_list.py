"""The visits list: what is under way comes first; sorting, "only my visits" and paging."""

import datetime

from django.urls import reverse

from audits.models import CaseFile, Visit, VisitAuditor
from tests.base import R, VisitCastTestCase, make_person

S = Visit.Status


def add_visits(case, count, *, status=S.PLANNED, first_day=datetime.date(2027, 4, 6), **extra):
    """``count`` more visits in the region a week apart, each with a team of two and a case."""
    hosts = list(case.region.authorities.exclude(slug__in=["dudley", "walsall"]))
    visits = Visit.objects.bulk_create(
        Visit(
            host=hosts[n % len(hosts)],
            tool=case.tool,
            coordinator=extra.get("coordinator", case.coordinator),
            first_day=first_day + datetime.timedelta(weeks=n),
            last_day=first_day + datetime.timedelta(weeks=n, days=1),
            status=status,
        )
        for n in range(count)
    )
    VisitAuditor.objects.bulk_create(
        VisitAuditor(visit=visit, auditor=auditor, is_lead=auditor == case.auditor)
        for visit in visits
        for auditor in [case.auditor, case.co_auditor]
    )
    CaseFile.objects.bulk_create(
        CaseFile(
            visit=visit,
            reference=f"V{visit.pk}-01",
            case_type=CaseFile.CaseType.REVIEW,
            team="Locality team",
            primary_support_reason=CaseFile.SupportReason.PHYSICAL,
            age_band=CaseFile.AgeBand.AGE_65_84,
        )
        for visit in visits
    )
    return visits


def one(case, status, first_day):
    return add_visits(case, 1, status=status, first_day=first_day)[0]


class VisitListOrderTests(VisitCastTestCase):
    url = reverse("audits:visit-list")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()  # Sandwell, planned, 9 March 2027
        cls.closed_old = one(cls, S.CLOSED, datetime.date(2025, 3, 4))
        cls.closed_new = one(cls, S.CLOSED, datetime.date(2026, 3, 3))
        cls.cancelled = one(cls, S.CANCELLED, datetime.date(2025, 9, 2))
        cls.drafting = one(cls, S.DRAFTING, datetime.date(2026, 11, 3))
        cls.on_site = one(cls, S.ON_SITE, datetime.date(2026, 12, 2))
        cls.agreed = one(cls, S.SAMPLE_AGREED, datetime.date(2027, 1, 12))
        cls.planned_soon = one(cls, S.PLANNED, datetime.date(2027, 2, 2))

    def listed(self, **query):
        return list(self.sign_in(self.coordinator).get(self.url, query).context["visits"])

    def test_it_puts_visits_on_site_and_upcoming_first_then_planned_then_finished(self):
        """Soonest first while under way or planned; report stage and finished latest first."""
        self.assertEqual(
            self.listed(),
            [
                self.on_site,
                self.agreed,
                self.planned_soon,
                self.visit,
                self.drafting,
                self.closed_new,
                self.cancelled,
                self.closed_old,
            ],
        )

    def test_it_sorts_by_date_council_and_status_both_ways(self):
        by_date = self.listed(sort="date")
        self.assertEqual(by_date[0], self.closed_old)
        self.assertEqual(by_date[-1], self.visit)
        self.assertEqual(self.listed(sort="-date"), by_date[::-1])
        councils = [v.host.name for v in self.listed(sort="council")]
        self.assertEqual(councils, sorted(councils))
        self.assertEqual([v.host.name for v in self.listed(sort="-council")], councils[::-1])
        statuses = [v.status for v in self.listed(sort="status")]
        # In the order a visit goes through them, not A to Z.
        self.assertEqual(statuses[:2], [S.PLANNED, S.PLANNED])
        self.assertEqual(statuses[-1], S.CANCELLED)
        self.assertEqual(self.listed(sort="-status")[0].status, S.CANCELLED)

    def test_it_marks_the_sorted_column_and_links_each_header_to_its_sort(self):
        page = self.sign_in(self.coordinator).get(self.url, {"sort": "council", "year": 2027})
        self.assertContains(page, 'aria-sort="ascending"', count=1)
        self.assertContains(page, 'aria-sort="none"', count=2)
        # The headers keep the filters; the sorted one offers the other way round.
        self.assertContains(page, 'href="?sort=-council&amp;year=2027"')
        self.assertContains(page, 'href="?sort=date&amp;year=2027"')
        # The filter form keeps the sort too.
        self.assertContains(page, '<input type="hidden" name="sort" value="council">')
        descending = self.client.get(self.url, {"sort": "-date"})
        self.assertContains(descending, 'aria-sort="descending"', count=1)
        self.assertContains(descending, 'href="?sort=date"')

    def test_it_shows_only_my_visits_when_asked(self):
        """Another coordinator of the region runs one visit; "only my visits" leaves it out."""
        colleague = make_person("second.coordinator@wm.test", R.COORDINATOR, region=self.region)
        theirs = add_visits(self, 1, coordinator=colleague, first_day=datetime.date(2027, 6, 1))[0]
        self.assertIn(theirs, self.listed())
        self.assertNotIn(theirs, self.listed(mine="on"))
        self.assertEqual(len(self.listed(mine="on")), 8)
        self.assertEqual(
            list(self.sign_in(colleague).get(self.url, {"mine": "on"}).context["visits"]), [theirs]
        )

    def test_it_ignores_a_sort_or_a_page_that_makes_no_sense(self):
        default = self.listed()
        client = self.sign_in(self.coordinator)
        for query in [
            {"sort": "nonsense"},
            {"sort": "-"},
            {"page": "abc"},
            {"page": "-3"},
            {"sort": "--date", "page": "1.5"},
        ]:
            with self.subTest(query=query):
                response = client.get(self.url, query)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(list(response.context["visits"]), default)
                self.assertContains(response, 'aria-sort="ascending"', count=0)
        self.assertEqual(client.get(self.url, {"page": "999"}).status_code, 200)

    def test_an_auditors_own_visits_come_in_the_same_order(self):
        auditing = list(self.sign_in(self.auditor).get(self.url).context["auditing"])
        self.assertEqual(auditing[:3], [self.on_site, self.agreed, self.planned_soon])
        self.assertEqual(auditing[-1], self.closed_old)


class VisitListPagingTests(VisitCastTestCase):
    url = reverse("audits:visit-list")

    def test_it_shows_25_visits_a_page_with_gov_uk_pagination(self):
        add_visits(self, 59)
        client = self.sign_in(self.coordinator)
        first = client.get(self.url, {"sort": "date"})
        self.assertEqual(len(first.context["visits"]), 25)
        self.assertContains(first, "60 visits")
        self.assertContains(first, "Showing 1 to 25")
        self.assertContains(first, 'class="govuk-pagination"')
        self.assertContains(first, 'href="?sort=date&amp;page=2" rel="next"')
        self.assertContains(first, 'aria-label="Page 3"')
        last = client.get(self.url, {"sort": "date", "page": 3})
        self.assertEqual(len(last.context["visits"]), 10)
        self.assertContains(last, "Showing 51 to 60")
        self.assertContains(last, 'aria-current="page">3<')
        self.assertNotContains(last, 'rel="next"')
        # Beyond the last page is the last page.
        self.assertEqual(
            list(client.get(self.url, {"sort": "date", "page": 40}).context["visits"]),
            list(last.context["visits"]),
        )
        # One page needs no paging.
        self.assertNotContains(
            client.get(self.url, {"council": self.sandwell.pk}), "govuk-pagination"
        )

    def test_the_list_takes_the_same_queries_for_14_visits_as_for_170(self):
        client = self.sign_in(self.coordinator)
        add_visits(self, 13)
        for total in [14, 170]:
            # session, user, the years for the filter, the count for paging, the region for
            # the caption, the councils for the filter, one page of visits with their
            # readiness counts, their teams
            with self.subTest(visits=total), self.assertNumQueries(8):
                response = client.get(self.url, {"mine": "on", "sort": "status", "page": "2"})
            self.assertEqual(response.context["page"].paginator.count, total)
            add_visits(self, 156, first_day=datetime.date(2028, 1, 4))
        self.assertEqual(len(response.context["visits"]), 25)
