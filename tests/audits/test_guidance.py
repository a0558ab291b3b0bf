"""Pages a person can reach but cannot use yet say what to do next, instead of a dead end;
people with no access to the visit still find nothing there."""

from django.urls import reverse

from audits.models import Visit
from tests.base import VisitCastTestCase
from tests.factories import make_declaration

S = Visit.Status
FIELDWORK = {
    "audits:conversation-list": "Conversations",
    "audits:themefinding-list": "Theme findings",
    "audits:recommendation-list": "Recommendations",
    "audits:concern-visit-list": "Immediate concerns",
}


class GuidanceTestCase(VisitCastTestCase):
    def set_status(self, status):
        Visit.objects.filter(pk=self.visit.pk).update(status=status)

    def url(self, name):
        return reverse(name, args=[self.visit.pk])


class DeclarationFirstTests(GuidanceTestCase):
    def test_it_sends_an_auditor_who_has_not_declared_from_case_audits_to_their_declaration(self):
        client = self.sign_in(self.co_auditor)
        visit_page = client.get(self.visit.get_absolute_url())
        progress = self.url("audits:visit-progress")
        self.assertContains(visit_page, f'href="{progress}">Case audits</a>')
        page = client.get(progress)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, '<h1 class="govuk-heading-l">Make your declaration first</h1>')
        self.assertContains(page, f'href="{self.url("audits:declaration-edit")}"')
        self.assertContains(page, "Make your declaration</a>")
        self.assertNotContains(page, "SAN-0")

    def test_it_shows_the_cases_once_declared_and_says_when_case_audits_open(self):
        make_declaration(self.visit, self.co_auditor)
        page = self.sign_in(self.co_auditor).get(self.url("audits:visit-progress"))
        self.assertContains(page, '<h1 class="govuk-heading-l">Case audits</h1>')
        self.assertContains(page, "SAN-02")
        self.assertContains(page, "Case audits open when the team is on site")
        self.assertContains(page, "due on site at Sandwell on 9 to 10 March 2027")
        self.set_status(S.ON_SITE)
        self.assertNotContains(self.client.get(self.url("audits:visit-progress")), "open when")

    def test_it_tells_an_auditor_who_never_declared_to_ask_the_coordinator_once_it_is_late(self):
        self.set_status(S.DRAFTING)
        page = self.sign_in(self.co_auditor).get(self.url("audits:visit-progress"))
        self.assertContains(page, "You did not make a declaration for this visit")
        self.assertContains(page, "ask the coordinator")
        self.assertNotContains(page, self.url("audits:declaration-edit"))


class FieldworkBeforeSiteTests(GuidanceTestCase):
    def test_it_leaves_the_fieldwork_links_off_a_planned_visit(self):
        for person in [self.coordinator, self.auditor]:
            page = self.sign_in(person).get(self.visit.get_absolute_url())
            with self.subTest(person=person.email):
                self.assertContains(page, ">Case audits</a>")
                for label in FIELDWORK.values():
                    self.assertNotContains(page, f">{label}</a>")

    def test_it_shows_the_fieldwork_links_once_the_sample_is_agreed(self):
        self.set_status(S.SAMPLE_AGREED)
        page = self.sign_in(self.auditor).get(self.visit.get_absolute_url())
        for name, label in FIELDWORK.items():
            self.assertContains(page, f'href="{self.url(name)}">{label}</a>')

    def test_each_fieldwork_page_says_when_it_opens_until_the_team_is_on_site(self):
        for status in [S.PLANNED, S.SAMPLE_AGREED]:
            self.set_status(status)
            for person in [self.coordinator, self.auditor]:
                client = self.sign_in(person)
                for name, label in FIELDWORK.items():
                    with self.subTest(status=status, person=person.email, page=label):
                        page = client.get(self.url(name))
                        self.assertEqual(page.status_code, 200)
                        self.assertContains(page, f"{label} open when the team is on site")
                        self.assertContains(page, "9 to 10 March 2027")
                        self.assertContains(page, f'href="{self.visit.get_absolute_url()}"')

    def test_the_fieldwork_pages_open_once_the_team_is_on_site(self):
        self.set_status(S.ON_SITE)
        client = self.sign_in(self.auditor)
        for name, label in FIELDWORK.items():
            with self.subTest(page=label):
                page = client.get(self.url(name))
                self.assertNotContains(page, "open when the team is on site")
                self.assertContains(page, label)

    def test_a_cancelled_visit_has_no_fieldwork_links_and_its_pages_say_why(self):
        self.set_status(S.CANCELLED)
        client = self.sign_in(self.coordinator)
        visit_page = client.get(self.visit.get_absolute_url())
        self.assertNotContains(visit_page, ">Case audits</a>")
        self.assertNotContains(visit_page, ">Conversations</a>")
        page = client.get(self.url("audits:conversation-list"))
        self.assertContains(page, "The visit to Sandwell was cancelled")


class NotFoundAsBeforeTests(GuidanceTestCase):
    """Guidance is for people who may see the visit's work; nobody else learns anything."""

    def test_people_without_access_to_the_visits_work_still_find_nothing(self):
        self.set_status(S.SAMPLE_AGREED)
        names = ["audits:visit-progress", *FIELDWORK]
        strangers = [
            self.outsider,
            self.other_coordinator,
            self.peer,
            self.host_director,
            self.platform_admin,
        ]
        for person in strangers:
            client = self.sign_in(person)
            for name in names:
                with self.subTest(person=person.email, page=name):
                    self.assertEqual(client.get(self.url(name)).status_code, 404)
        # The host's PSW sees immediate concerns about their council, but no other fieldwork.
        client = self.sign_in(self.host_psw)
        for name in ["audits:visit-progress", *list(FIELDWORK)[:3]]:
            with self.subTest(person="host PSW", page=name):
                self.assertEqual(client.get(self.url(name)).status_code, 404)

    def test_anonymous_people_are_sent_to_sign_in(self):
        self.client.logout()
        response = self.client.get(self.url("audits:visit-progress"))
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login/", response["Location"])
