"""Each role's home page lists what needs them, each item linking to the page that does it;
an item goes once the job is done. The cast's Sandwell visit is on site 9 to 10 March 2027,
with its peer challenge on 6 April."""

import datetime
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audits.models import CaseFile, ImmediateConcern, LearningAction, Visit
from reports.models import CoveringReport, ReportComment
from tests.base import VisitCastTestCase
from tests.factories import make_declaration
from tests.reports.support import TemporaryMedia, store_version

TODAY = datetime.date(2027, 2, 1)  # five weeks before the cast's visit


def attention(page) -> list[tuple[str, str]]:
    """(label, address) of each item under "Needs your attention"."""
    return [(item.label, item.url) for item in page.context["attention"]]


def labels(page) -> str:
    return " | ".join(item.label for item in page.context["attention"])


class AttentionTestCase(VisitCastTestCase):
    def setUp(self):
        super().setUp()
        today = mock.patch("django.utils.timezone.localdate", return_value=TODAY)
        today.start()
        self.addCleanup(today.stop)

    def home(self, person):
        return self.sign_in(person).get(reverse("home"))

    def move(self, status):
        Visit.objects.filter(pk=self.visit.pk).update(status=status)

    def report(self, status=CoveringReport.Status.ACCURACY_CHECK):
        return CoveringReport.objects.create(visit=self.visit, status=status)


class CoordinatorHomeTests(AttentionTestCase):
    def test_it_lists_a_visit_missing_something_until_it_is_ready(self):
        page = self.home(self.coordinator)
        self.assertIn(
            ("Sandwell, 9 to 10 March 2027", self.visit.get_absolute_url()), attention(page)
        )
        self.assertContains(page, "1 thing to do before sample agreed")
        make_declaration(self.visit, self.auditor)
        make_declaration(self.visit, self.co_auditor)
        self.assertNotIn("Sandwell, 9 to 10 March 2027", labels(self.home(self.coordinator)))

    def test_it_lists_a_report_to_issue_with_the_comments_waiting(self):
        report = self.report()
        comment = ReportComment.objects.create(
            report=report,
            section_key="summary",
            section_title="Summary",
            text="A date is wrong.",
            author=self.host_director,
        )
        page = self.home(self.coordinator)
        url = reverse("reports:report-detail", args=[self.visit.pk])
        self.assertIn(("Issue the covering report of Sandwell", url), attention(page))
        self.assertContains(page, "1 comment from the council waiting for a response first")
        comment.response = "Corrected."
        comment.save()
        self.assertContains(
            self.home(self.coordinator), "Every comment from the council has a response"
        )
        CoveringReport.objects.filter(pk=report.pk).update(status=CoveringReport.Status.ISSUED)
        self.assertNotIn("Issue the covering report", labels(self.home(self.coordinator)))

    def test_it_lists_open_concerns_as_urgent_until_acknowledged(self):
        concern = ImmediateConcern.objects.create(
            visit=self.visit,
            case_file=self.cases[0],
            risk="Carer cannot cope.",
            action_taken="Told the manager.",
            raised_by=self.auditor,
        )
        page = self.home(self.coordinator)
        self.assertIn(
            ("1 immediate concern still open", reverse("audits:concern-list")), attention(page)
        )
        self.assertTrue(page.context["attention"][0].urgent)
        self.assertContains(page, "1 not yet acknowledged by the host council")
        concern.acknowledge(by=self.host_psw, response="A duty worker visits today.")
        self.assertFalse(self.home(self.coordinator).context["attention"][0].urgent)
        concern.close(by=self.host_psw, note="Carer supported.")
        self.assertNotIn("immediate concern", labels(self.home(self.coordinator)))

    def test_it_lists_the_regions_overdue_learning_actions(self):
        action = LearningAction.objects.create(
            owner=self.auditor,
            council=self.dudley,
            visit=self.visit,
            action="Share the checklist.",
            due_on=TODAY - datetime.timedelta(days=1),
        )
        register = reverse("learning:action-register") + "?overdue=on"
        self.assertIn(
            ("1 learning action in the region is overdue", register),
            attention(self.home(self.coordinator)),
        )
        action.status = LearningAction.Status.DONE
        action.save()
        self.assertNotIn("learning action", labels(self.home(self.coordinator)))

    def test_another_regions_coordinator_sees_none_of_it(self):
        self.report()
        page = self.home(self.other_coordinator)
        self.assertEqual(attention(page), [])
        self.assertContains(page, "Nothing needs you now.")


class AuditorHomeTests(AttentionTestCase):
    def test_it_asks_for_the_declaration_until_it_is_made(self):
        url = reverse("audits:declaration-edit", args=[self.visit.pk])
        label = "Make your declaration of interests for Sandwell, 9 to 10 March 2027"
        self.assertIn((label, url), attention(self.home(self.co_auditor)))
        make_declaration(self.visit, self.co_auditor)
        self.assertNotIn("declaration", labels(self.home(self.co_auditor)))

    def test_it_lists_their_cases_to_finish_on_site_until_submitted(self):
        make_declaration(self.visit, self.co_auditor)
        self.assertNotIn("case audit", labels(self.home(self.co_auditor)))  # not yet on site
        self.move(Visit.Status.ON_SITE)
        mine = [case for case in self.cases if case.allocated_to == self.co_auditor]
        page = self.home(self.co_auditor)
        for case in mine:
            url = reverse("audits:caseaudit-detail", args=[self.visit.pk, case.pk])
            self.assertIn((f"Finish the case audit of {case.reference}", url), attention(page))
        CaseFile.objects.filter(pk=mine[0].pk).update(status=CaseFile.Status.SUBMITTED)
        self.assertNotIn(mine[0].reference, labels(self.home(self.co_auditor)))
        CaseFile.objects.filter(pk=mine[0].pk).update(status=CaseFile.Status.CHANGES_REQUESTED)
        self.assertIn(
            f"Change the case audit of {mine[0].reference}", labels(self.home(self.co_auditor))
        )

    def test_it_lists_a_co_auditors_submitted_case_to_review(self):
        make_declaration(self.visit, self.auditor)
        self.move(Visit.Status.ON_SITE)
        theirs = next(case for case in self.cases if case.allocated_to == self.co_auditor)
        CaseFile.objects.filter(pk=theirs.pk).update(status=CaseFile.Status.SUBMITTED)
        url = reverse("audits:caseaudit-review", args=[self.visit.pk, theirs.pk])
        self.assertIn((f"Review {theirs.reference}", url), attention(self.home(self.auditor)))
        CaseFile.objects.filter(pk=theirs.pk).update(status=CaseFile.Status.AGREED)
        self.assertNotIn("Review", labels(self.home(self.auditor)))

    def test_it_lists_comments_on_the_draft_to_answer(self):
        comment = ReportComment.objects.create(
            report=self.report(),
            section_key="summary",
            section_title="Summary",
            text="A date is wrong.",
            author=self.host_psw,
        )
        url = reverse("reports:report-detail", args=[self.visit.pk])
        label = "Answer the comments on the draft report of Sandwell"
        self.assertIn((label, url), attention(self.home(self.auditor)))
        self.assertNotIn(label, labels(self.home(self.outsider)))
        comment.response = "Corrected."
        comment.save()
        self.assertNotIn(label, labels(self.home(self.auditor)))

    def test_it_lists_their_own_overdue_learning_actions(self):
        LearningAction.objects.create(
            owner=self.auditor,
            council=self.dudley,
            visit=self.visit,
            action="Share the checklist.",
            due_on=TODAY - datetime.timedelta(days=1),
        )
        self.assertIn("1 learning action of yours is overdue", labels(self.home(self.auditor)))
        self.assertNotIn("learning action", labels(self.home(self.co_auditor)))


class HostPswHomeTests(AttentionTestCase):
    def test_it_asks_for_the_sample_while_the_visit_is_planned(self):
        page = self.home(self.host_psw)
        label = "Supply the case sample for the visit on 9 to 10 March 2027"
        self.assertIn((label, self.visit.get_absolute_url() + "#sample"), attention(page))
        self.assertContains(page, "4 cases so far")
        self.move(Visit.Status.SAMPLE_AGREED)
        self.assertNotIn("Supply the case sample", labels(self.home(self.host_psw)))

    def test_it_shows_their_own_councils_visit_while_the_team_is_on_site(self):
        self.move(Visit.Status.ON_SITE)
        label = "The audit team is on site at Sandwell, 9 to 10 March 2027"
        self.assertIn((label, self.visit.get_absolute_url()), attention(self.home(self.host_psw)))
        self.assertNotIn("on site", labels(self.home(self.outsider)))
        self.move(Visit.Status.DRAFTING)
        self.assertNotIn("on site", labels(self.home(self.host_psw)))

    def test_it_puts_a_concern_to_acknowledge_first_until_it_is_closed(self):
        concern = ImmediateConcern.objects.create(
            visit=self.visit,
            case_file=self.cases[1],
            risk="Carer cannot cope.",
            action_taken="Told the manager.",
            raised_by=self.auditor,
        )
        page = self.home(self.host_psw)
        url = reverse("audits:concern-detail", args=[concern.pk])
        self.assertEqual(attention(page)[0], ("Immediate concern about SAN-02", url))
        self.assertContains(page, "acknowledge it now")
        concern.acknowledge(by=self.host_psw, response="A duty worker visits today.")
        self.assertContains(self.home(self.host_psw), "close it once it is dealt with")
        concern.close(by=self.host_psw, note="Carer supported.")
        self.assertNotIn("SAN-02", labels(self.home(self.host_psw)))

    def test_it_asks_the_host_to_check_the_draft_until_it_is_issued(self):
        report = self.report(status=CoveringReport.Status.DRAFT)
        label = "Check the draft covering report for factual accuracy"
        self.assertNotIn(label, labels(self.home(self.host_psw)))  # the team's own until sent
        CoveringReport.objects.filter(pk=report.pk).update(
            status=CoveringReport.Status.ACCURACY_CHECK
        )
        for person in (self.host_psw, self.host_director, self.host_ad):
            with self.subTest(person=person.role):
                url = reverse("reports:report-detail", args=[self.visit.pk])
                self.assertIn((label, url), attention(self.home(person)))
        self.assertNotIn(label, labels(self.home(self.auditor)))
        CoveringReport.objects.filter(pk=report.pk).update(status=CoveringReport.Status.ISSUED)
        self.assertNotIn(label, labels(self.home(self.host_psw)))


class LeadersAndPeerHomeTests(TemporaryMedia, AttentionTestCase):
    def test_leaders_and_the_peer_team_see_the_peer_challenge_date_until_it_passes(self):
        label = "Peer challenge at Sandwell on 6 April 2027"
        self.assertIn(
            (label, self.visit.get_absolute_url()), attention(self.home(self.host_director))
        )
        self.assertIn(label, labels(self.home(self.host_ad)))
        self.assertIn(label, labels(self.home(self.peer)))
        self.assertNotIn("Peer challenge", labels(self.home(self.outsider)))
        with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2027, 4, 7)):
            self.assertNotIn(label, labels(self.home(self.host_director)))

    def test_an_issued_report_waits_for_each_reader_until_they_download_it(self):
        self.report(status=CoveringReport.Status.ISSUED)
        store_version(self.visit, 1, by=self.coordinator)
        self.move(Visit.Status.ISSUED)
        label = "Read the issued covering report of Sandwell"
        url = reverse("reports:report-detail", args=[self.visit.pk])
        for person in (self.host_director, self.host_ad, self.peer):
            with self.subTest(person=person.role):
                page = self.home(person)
                self.assertIn((label, url), attention(page))
                self.assertNotContains(page, "There is nothing for you to do yet")
        pdf = reverse("reports:version-pdf", args=[self.visit.pk, 1])
        self.assertEqual(self.sign_in(self.peer).get(pdf).status_code, 200)
        self.assertNotIn(label, labels(self.home(self.peer)))
        self.assertIn(label, labels(self.home(self.host_director)))  # each reader their own

    def test_a_correction_asks_again_and_a_closed_visit_asks_no_more(self):
        self.report(status=CoveringReport.Status.ISSUED)
        store_version(self.visit, 1, by=self.coordinator)
        self.move(Visit.Status.ISSUED)
        self.sign_in(self.peer).get(reverse("reports:version-pdf", args=[self.visit.pk, 1]))
        store_version(self.visit, 2, by=self.coordinator)
        self.assertContains(self.home(self.peer), "Version 2, issued")
        self.move(Visit.Status.CLOSED)
        self.assertNotIn("Read the issued", labels(self.home(self.peer)))

    def test_a_director_sees_their_councils_overdue_learning_actions(self):
        director = self.host_director
        LearningAction.objects.create(
            owner=self.host_psw,
            council=self.sandwell,
            visit=self.visit,
            action="Audit supervision.",
            due_on=TODAY - datetime.timedelta(days=3),
        )
        self.assertIn("1 learning action of Sandwell is overdue", labels(self.home(director)))

    def test_an_unrelated_council_sees_nothing_of_sandwells_visit(self):
        self.report()
        self.assertEqual(attention(self.home(self.outsider)), [])


class ToolOwnerHomeTests(AttentionTestCase):
    def test_it_lists_the_draft_in_progress_until_published(self):
        draft = self.tool.new_version(by=self.tool_owner)
        page = self.home(self.tool_owner)
        self.assertIn(
            (f"Carry on with the draft {draft}", draft.get_absolute_url()), attention(page)
        )
        draft.delete()
        self.assertNotIn("Carry on", labels(self.home(self.tool_owner)))


class HomeQueryCountTests(TemporaryMedia, AttentionTestCase):
    """The home page's queries do not grow with the number of visits, cases or reports."""

    def queries(self, person) -> int:
        client = self.sign_in(person)
        client.get(reverse("home"))  # warm the session
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(client.get(reverse("home")).status_code, 200)
        return len(captured)

    def test_it_runs_a_fixed_number_of_queries_for_each_role(self):
        from tests.factories import make_visit

        people = {
            "coordinator": self.coordinator,
            "auditor": self.auditor,
            "host_psw": self.host_psw,
            "director": self.host_director,
            "peer": self.peer,
            "tool_owner": self.tool_owner,
        }
        before = {name: self.queries(person) for name, person in people.items()}
        for week, status in enumerate(["planned", "on_site", "on_site"], start=1):
            visit = make_visit(
                host=self.sandwell,
                tool=self.tool,
                coordinator=self.coordinator,
                lead=self.auditor,
                auditors=[self.co_auditor],
                peer_team=[self.peer],
                cases=6,
                first_day=datetime.date(2027, 2, 9) + datetime.timedelta(weeks=week),
                status=status,
            )
            if status == "on_site":  # the auditor's cases and the host's on-site visit show
                make_declaration(visit, self.auditor)
        after = {name: self.queries(person) for name, person in people.items()}
        self.assertEqual(after, before)
        # Each: session, user; one query a provider registered for the role; then the page's
        # own: coordinator 4 providers + councils, upcoming visits, region, the region's overdue
        # plan actions; PSW 9 providers + next visit, home council, the council's overdue plan
        # actions and its plans; director 4 providers + home council, overdue plan actions and
        # plans; peer 2 providers; tool owner 2 (proposals, drafts).
        self.assertEqual(
            before,
            {
                "coordinator": 10,
                "auditor": 15,
                "host_psw": 15,
                "director": 9,
                "peer": 4,
                "tool_owner": 4,
            },
        )
