"""Who gets which report page and file, for every page and download, at each stage.

The team and the region's coordinator get everything; Sandwell's PSW, Director and Assistant
Director read the draft during the accuracy check and download issued versions; the peer
challenge team downloads issued versions; nobody else gets anything (404).
"""

from django.urls import reverse

from audits.models import Visit
from authorities.models import Authority, User
from reports.models import CoveringReport, ReportComment
from tests.base import make_person
from tests.factories import make_visit

from .support import KnownVisitTestCase, store_version

R = User.Role
DRAFT_PAGES = ("report-compose", "report-preview", "report-send", "draft-pdf", "draft-docx")
WRITE_PAGES = ("report-compose", "report-send")
ISSUE_PAGES = ("report-issue", "report-correct")


class AccessCase(KnownVisitTestCase):
    """The cast plus the people who must get nothing from Sandwell's report."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.coventry_director = make_person("director@coventry.test", R.DIRECTOR, cls.coventry)
        cls.unattached_peer = make_person("peer2@wm.test", R.PEER_CHALLENGE, region=cls.region)
        solihull = Authority.objects.get(slug="solihull")
        cls.other_auditor = make_person("psw@solihull.test", R.PSW, solihull)
        make_visit(
            host=cls.coventry,
            tool=cls.tool,
            coordinator=cls.coordinator,
            lead=cls.other_auditor,
            peer_team=[cls.unattached_peer],
            cases=1,
        )
        cls.comment_pk = None

    def nobody_else(self):
        return {
            "another council's PSW": self.outsider,
            "another council's director": self.coventry_director,
            "a peer challenge member not attached": self.unattached_peer,
            "an auditor of another visit": self.other_auditor,
            "a platform administrator": self.platform_admin,
            "another region's coordinator": self.other_coordinator,
            "the tool owner": self.tool_owner,
        }

    def urls(self):
        v = self.visit.pk
        urls = {
            "report-list": reverse("reports:report-list"),
            "report-detail": reverse("reports:report-detail", args=[v]),
            "report-accuracy-check": reverse("reports:report-accuracy-check", args=[v]),
            "version-pdf": reverse("reports:version-pdf", args=[v, 1]),
            "version-docx": reverse("reports:version-docx", args=[v, 1]),
        }
        for name in (*DRAFT_PAGES, *ISSUE_PAGES):
            urls[name] = reverse(f"reports:{name}", args=[v])
        if self.comment_pk:
            urls["comment-respond"] = reverse("reports:comment-respond", args=[v, self.comment_pk])
        return urls

    def status(self, person, url, method="get"):
        self.client.logout()
        if person is not None:
            self.client.force_login(person)
        return getattr(self.client, method)(url).status_code

    def assert_statuses(self, person, expected: dict[str, int], label: str):
        urls = self.urls()
        for name, code in expected.items():
            with self.subTest(who=label, page=name):
                self.assertEqual(self.status(person, urls[name]), code)


class DuringTheAccuracyCheckTests(AccessCase):
    """Sandwell's report is with the council; nothing has been issued."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Visit.objects.filter(pk=cls.visit.pk).update(status=Visit.Status.ACCURACY_CHECK)
        CoveringReport.objects.filter(pk=cls.report.pk).update(status="accuracy_check")
        cls.comment_pk = ReportComment.objects.create(
            report=cls.report,
            section_key="summary",
            section_title="Summary of findings",
            text="The date is wrong.",
            author=cls.host_director,
        ).pk

    def test_anonymous_visitors_are_sent_to_sign_in_everywhere(self):
        for name, url in self.urls().items():
            with self.subTest(page=name):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(reverse("account_login")))

    def test_nobody_else_gets_anything(self):
        for label, person in self.nobody_else().items():
            expected = dict.fromkeys(self.urls(), 404)
            expected["report-list"] = 200
            self.assert_statuses(person, expected, label)
            with self.subTest(who=label, page="report-list"):
                self.client.force_login(person)
                self.assertNotContains(self.client.get(self.urls()["report-list"]), "Sandwell")

    def test_nobody_else_can_post_either(self):
        urls = self.urls()
        for label, person in self.nobody_else().items():
            for name in (
                "report-compose",
                "report-send",
                "report-issue",
                "report-correct",
                "report-accuracy-check",
                "comment-respond",
            ):
                with self.subTest(who=label, page=name):
                    self.assertEqual(self.status(person, urls[name], "post"), 404)
            with self.subTest(who=label, page="report-start"):
                start = reverse("reports:report-start", args=[self.visit.pk])
                self.assertEqual(self.status(person, start, "post"), 404)

    def test_host_leaders_read_and_comment_but_never_get_draft_files(self):
        for person in (self.host_psw, self.host_director, self.host_ad):
            self.assert_statuses(
                person,
                {
                    "report-detail": 200,
                    "report-preview": 200,
                    "report-accuracy-check": 200,
                    "draft-pdf": 404,
                    "draft-docx": 404,
                    "report-compose": 403,
                    "report-send": 403,
                    "comment-respond": 403,
                    "report-issue": 403,
                    "report-correct": 403,
                    "version-pdf": 404,
                },
                person.get_role_display(),
            )

    def test_the_peer_challenge_team_sees_nothing_before_issue(self):
        self.assert_statuses(
            self.peer,
            {name: 404 for name in self.urls() if name != "report-list"},
            "peer challenge member",
        )

    def test_the_team_writes_and_downloads_drafts_but_cannot_issue(self):
        for person in (self.auditor, self.co_auditor):
            self.assert_statuses(
                person,
                {
                    "report-detail": 200,
                    "report-compose": 200,
                    "report-preview": 200,
                    "report-accuracy-check": 200,
                    "comment-respond": 200,
                    "draft-docx": 200,
                    "report-issue": 403,
                    "report-correct": 403,
                },
                "auditor",
            )

    def test_the_regions_coordinator_gets_every_page(self):
        self.assert_statuses(
            self.coordinator,
            {
                "report-detail": 200,
                "report-compose": 200,
                "report-preview": 200,
                "report-accuracy-check": 200,
                "comment-respond": 200,
                "report-issue": 200,
                "report-correct": 200,
                "draft-docx": 200,
            },
            "coordinator",
        )


class WhileDraftingTests(AccessCase):
    """Hosts never see draft findings before the factual accuracy check."""

    def test_host_leaders_see_nothing_while_the_team_drafts(self):
        for person in (self.host_psw, self.host_director, self.host_ad):
            expected = {name: 404 for name in self.urls() if name != "report-list"}
            self.assert_statuses(person, expected, person.get_role_display())


class AfterIssueTests(AccessCase):
    """Version 1 is issued and the coordinator has reopened the report for a correction."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Visit.objects.filter(pk=cls.visit.pk).update(status=Visit.Status.ISSUED)
        store_version(cls.visit, 1, by=cls.coordinator)

    def test_readers_of_the_issued_report_download_both_files(self):
        readers = {
            "host PSW": self.host_psw,
            "host director": self.host_director,
            "host assistant director": self.host_ad,
            "peer challenge member": self.peer,
            "auditor": self.auditor,
            "co-auditor": self.co_auditor,
            "coordinator": self.coordinator,
        }
        for label, person in readers.items():
            self.assert_statuses(
                person,
                {"report-detail": 200, "version-pdf": 200, "version-docx": 200},
                label,
            )

    def test_the_working_draft_of_a_correction_stays_with_the_team(self):
        for person in (self.host_director, self.host_psw, self.host_ad, self.peer):
            self.assert_statuses(
                person,
                {
                    "report-preview": 404,
                    "report-compose": 404,
                    "draft-pdf": 404,
                    "draft-docx": 404,
                },
                person.get_role_display(),
            )

    def test_nobody_else_gets_an_issued_file(self):
        for label, person in self.nobody_else().items():
            self.assert_statuses(
                person,
                {"report-detail": 404, "version-pdf": 404, "version-docx": 404},
                label,
            )

    def test_a_version_that_does_not_exist_is_not_found(self):
        url = reverse("reports:version-pdf", args=[self.visit.pk, 2])
        self.assertEqual(self.status(self.coordinator, url), 404)
