"""Who may open and change case audits: the visit's declared auditors change them while the
visit is on site or drafting; the region's coordinator reads them; nobody else sees them."""

from django.urls import reverse

from audits.models import Answer, Calibration, CaseFile, Visit
from tests.base import VisitCastTestCase
from tests.factories import declare_team, make_declaration, make_visit

PAGES = [
    "caseaudit-detail",
    "caseaudit-judgement",
    "caseaudit-check",
    "caseaudit-review",
    "caseaudit-trail",
]
VISIT_PAGES = ["visit-progress", "visit-calibration"]


class CaseAuditAccessTestCase(VisitCastTestCase):
    visit_status = Visit.Status.ON_SITE

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        declare_team(cls.visit)
        cls.case = cls.cases[0]
        Calibration.objects.create(
            case_file=cls.cases[2],
            first_rater=cls.auditor,
            second_rater=cls.co_auditor,
            marked_by=cls.coordinator,
        )

    def urls(self, case=None):
        case = case or self.case
        pages = [reverse(f"audits:{name}", args=[self.visit.pk, case.pk]) for name in PAGES]
        pages += [reverse(f"audits:{name}", args=[self.visit.pk]) for name in VISIT_PAGES]
        pages.append(
            reverse("audits:caseaudit-calibration", args=[self.visit.pk, self.cases[2].pk])
        )
        return pages

    def answer_url(self, case=None):
        case = case or self.case
        return reverse("audits:answer-save", args=[self.visit.pk, case.pk, "t1-q1"])

    def judgement_url(self):
        return reverse("audits:judgement-save", args=[self.visit.pk, self.case.pk])

    def save_answer(self, person):
        self.sign_in(person)
        return self.client.post(
            self.answer_url(), {"t1-q1-level": "partly-met", "t1-q1-version": "0"}
        )


class TheTeamAndTheCoordinatorTests(CaseAuditAccessTestCase):
    def test_it_shows_every_page_to_both_auditors_and_the_coordinator(self):
        for person in (self.auditor, self.co_auditor, self.coordinator):
            self.sign_in(person)
            for url in self.urls():
                with self.subTest(person=person.email, url=url):
                    self.assertEqual(self.client.get(url).status_code, 200)

    def test_it_lets_either_auditor_save_an_answer(self):
        for person in (self.auditor, self.co_auditor):
            Answer.objects.all().delete()
            response = self.save_answer(person)
            self.assertEqual(response.status_code, 200, response.content)

    def test_it_lets_the_coordinator_read_but_not_save(self):
        response = self.save_answer(self.coordinator)
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Answer.objects.exists())
        page = self.client.get(
            reverse("audits:caseaudit-detail", args=[self.visit.pk, self.case.pk])
        )
        self.assertNotContains(page, "data-autosave-url")

    def test_it_refuses_the_coordinator_the_section_form_and_the_judgement_endpoint(self):
        self.sign_in(self.coordinator)
        detail = reverse("audits:caseaudit-detail", args=[self.visit.pk, self.case.pk])
        self.assertEqual(self.client.post(detail, {"t1-q1-version": "0"}).status_code, 403)
        self.assertEqual(self.client.post(self.judgement_url(), {}).status_code, 403)


class EveryoneElseTests(CaseAuditAccessTestCase):
    def outsiders(self):
        return [
            self.host_psw,
            self.host_director,
            self.host_ad,
            self.outsider,
            self.peer,
            self.platform_admin,
            self.other_coordinator,
            self.tool_owner,
        ]

    def test_it_sends_anonymous_visitors_to_sign_in(self):
        for url in [*self.urls(), self.answer_url(), self.judgement_url()]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("account_login"), response["Location"])

    def test_it_hides_every_page_from_hosts_peers_outsiders_admins_and_other_regions(self):
        for person in self.outsiders():
            self.sign_in(person)
            for url in self.urls():
                with self.subTest(person=person.email, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_refuses_their_saves_as_not_found(self):
        posts = [self.judgement_url(), *self.urls()]
        posts.remove(reverse("audits:caseaudit-trail", args=[self.visit.pk, self.case.pk]))
        posts.remove(reverse("audits:visit-progress", args=[self.visit.pk]))
        posts.append(reverse("audits:caseaudit-lock", args=[self.visit.pk, self.case.pk]))
        for person in self.outsiders():
            with self.subTest(person=person.email):
                self.assertEqual(self.save_answer(person).status_code, 404)
                for url in posts:
                    response = self.client.post(url, {"decision": "agree", "cases": [self.case.pk]})
                    self.assertEqual(response.status_code, 404, url)
        self.assertFalse(Answer.objects.exists())
        self.assertEqual(Calibration.objects.count(), 1)
        self.assertEqual(CaseFile.objects.get(pk=self.case.pk).status, CaseFile.Status.NOT_STARTED)

    def test_it_hides_the_case_from_the_host_during_the_accuracy_check_too(self):
        Visit.objects.filter(pk=self.visit.pk).update(status=Visit.Status.ACCURACY_CHECK)
        for person in (self.host_psw, self.host_director, self.host_ad):
            self.sign_in(person)
            for url in self.urls():
                with self.subTest(person=person.email, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_hides_a_case_given_with_the_wrong_visit(self):
        other = make_visit(
            host=self.coventry, tool=self.tool, coordinator=self.coordinator, cases=1
        )
        self.sign_in(self.auditor)
        url = reverse("audits:caseaudit-detail", args=[other.pk, self.case.pk])
        self.assertEqual(self.client.get(url).status_code, 404)


class DeclarationsAndAssignmentTests(CaseAuditAccessTestCase):
    def test_it_hides_the_cases_from_an_auditor_until_they_have_declared(self):
        self.visit.declarations.filter(auditor=self.co_auditor).delete()
        self.sign_in(self.co_auditor)
        progress = reverse("audits:visit-progress", args=[self.visit.pk])
        for url in self.urls():
            with self.subTest(url=url):
                response = self.client.get(url)
                if url == progress:
                    # The team's own "Case audits" link says what to do, and shows no case.
                    self.assertContains(response, "Make your declaration first")
                    self.assertNotContains(response, self.case.reference)
                else:
                    self.assertEqual(response.status_code, 404)
        self.assertEqual(self.save_answer(self.co_auditor).status_code, 404)

    def test_it_hides_the_cases_from_an_auditor_of_another_visit(self):
        other = make_visit(
            host=self.dudley,
            tool=self.tool,
            coordinator=self.coordinator,
            lead=self.outsider,
            cases=1,
            status=Visit.Status.ON_SITE,
        )
        make_declaration(other, self.outsider)
        self.sign_in(self.outsider)
        for url in self.urls():
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        own = reverse("audits:visit-progress", args=[other.pk])
        self.assertEqual(self.client.get(own).status_code, 200)

    def test_it_takes_a_case_off_an_auditor_who_declared_a_link_to_it(self):
        declaration = self.visit.declarations.get(auditor=self.co_auditor)
        declaration.conflicted_cases.set([self.case])
        self.sign_in(self.co_auditor)
        url = reverse("audits:caseaudit-detail", args=[self.visit.pk, self.case.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        other = reverse("audits:caseaudit-detail", args=[self.visit.pk, self.cases[1].pk])
        self.assertEqual(self.client.get(other).status_code, 200)


class VisitStatusTests(CaseAuditAccessTestCase):
    def set_status(self, status):
        Visit.objects.filter(pk=self.visit.pk).update(status=status)

    def test_it_lets_auditors_save_while_drafting(self):
        self.set_status(Visit.Status.DRAFTING)
        self.assertEqual(self.save_answer(self.auditor).status_code, 200)

    def test_it_refuses_saves_before_the_visit_is_on_site(self):
        for status in (Visit.Status.PLANNED, Visit.Status.SAMPLE_AGREED):
            self.set_status(status)
            with self.subTest(status=status):
                self.assertEqual(self.save_answer(self.auditor).status_code, 403)

    def test_it_refuses_saves_after_the_report_goes_for_checking_or_is_issued(self):
        for status in (Visit.Status.ACCURACY_CHECK, Visit.Status.ISSUED, Visit.Status.CLOSED):
            self.set_status(status)
            with self.subTest(status=status):
                response = self.save_answer(self.auditor)
                self.assertEqual(response.status_code, 403)
                self.assertContains(
                    response, "only while the visit is on site or drafting", status_code=403
                )
        self.assertFalse(Answer.objects.exists())

    def test_it_still_lets_the_team_read_after_issue(self):
        self.set_status(Visit.Status.ISSUED)
        self.sign_in(self.co_auditor)
        for url in self.urls():
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_it_refuses_saves_to_a_locked_case(self):
        CaseFile.objects.filter(pk=self.case.pk).update(status=CaseFile.Status.LOCKED)
        response = self.save_answer(self.auditor)
        self.assertContains(response, "locked after moderation", status_code=403)
