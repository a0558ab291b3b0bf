"""Auditors propose rewording a question; tool owners accept it into the next draft or decline."""

from django.urls import reverse

from audits.models import AuditTool, IdentifierConfirmation, QuestionProposal
from audits.services.tools import accept_proposal, propose_change
from tests.base import CastTestCase
from tests.factories import make_tool


class ProposalTests(CastTestCase):
    def setUp(self):
        self.tool = make_tool(self.region)
        self.question = self.tool.questions.get(key="t1-q2")
        self.propose_url = reverse("audits:proposal-create", args=[self.tool.pk, self.question.pk])

    def propose(self, by=None, **changes):
        return propose_change(
            question=self.question,
            proposed_text=changes.get("text", "Was the person's own view recorded?"),
            proposed_guidance=changes.get("guidance", ""),
            reason="Auditors read it two ways on the Sandwell visit.",
            by=by or self.auditor,
        )

    def test_a_psw_proposes_new_wording_from_the_published_tool(self):
        client = self.sign_in(self.auditor)
        response = client.get(self.propose_url)
        self.assertContains(response, "Question 2 of theme 1?")
        response = client.post(
            self.propose_url,
            {
                "proposed_text": "Was the person's own view recorded?",
                "proposed_guidance": "Look for their words.",
                "reason": "Auditors read it two ways.",
            },
        )
        proposal = QuestionProposal.objects.get()
        self.assertRedirects(response, proposal.get_absolute_url())
        self.assertEqual(
            (proposal.tool, proposal.question_key, proposal.current_text, proposal.proposed_by),
            (self.tool, "t1-q2", "Question 2 of theme 1?", self.auditor),
        )
        self.assertEqual(proposal.status, "open")

    def test_a_proposal_must_change_something_and_say_why(self):
        response = self.sign_in(self.auditor).post(
            self.propose_url, {"proposed_text": "Question 2 of theme 1?", "reason": ""}
        )
        self.assertContains(response, "Change the question or its guidance to propose it.")
        self.assertContains(response, "Say why the change would help.")
        self.assertFalse(QuestionProposal.objects.exists())

    def test_text_that_looks_like_a_personal_identifier_is_caught_and_can_be_confirmed(self):
        client = self.sign_in(self.auditor)
        data = {
            "proposed_text": "Was the person's own view recorded?",
            "reason": "On DUD-07 Mrs Patel said the question confused her.",
        }
        response = client.post(self.propose_url, data)
        self.assertContains(response, "personal name")
        self.assertContains(response, "I have checked the highlighted text")
        self.assertContains(response, "Mrs Patel said the question confused her.</textarea>")
        self.assertFalse(QuestionProposal.objects.exists())
        client.post(self.propose_url, data | {"confirm_not_identifiers": "on"})
        proposal = QuestionProposal.objects.get()
        self.assertEqual(IdentifierConfirmation.objects.get().object_id, proposal.pk)

    def test_the_psw_follows_their_own_proposals_only(self):
        mine = self.propose()
        theirs = self.propose(by=self.co_auditor)
        response = self.sign_in(self.auditor).get(reverse("audits:proposal-list"))
        self.assertContains(response, mine.get_absolute_url())
        self.assertNotContains(response, theirs.get_absolute_url())
        self.assertEqual(self.client.get(theirs.get_absolute_url()).status_code, 404)

    def test_the_tool_owner_accepts_a_proposal_into_a_new_draft(self):
        proposal = self.propose(guidance="Look for their own words.")
        client = self.sign_in(self.tool_owner)
        response = client.get(proposal.get_absolute_url())
        self.assertContains(response, "Accept into the next draft")
        response = client.post(reverse("audits:proposal-accept", args=[proposal.pk]))
        draft = AuditTool.objects.get(name=self.tool.name, status="draft")
        question = draft.questions.get(key="t1-q2")
        theme_page = reverse("audits:theme-detail", args=[draft.pk, question.theme_id])
        self.assertRedirects(response, f"{theme_page}#question-{question.pk}")
        self.assertEqual(
            (question.text, question.guidance),
            ("Was the person's own view recorded?", "Look for their own words."),
        )
        self.assertEqual(self.tool.questions.get(key="t1-q2").text, "Question 2 of theme 1?")
        proposal.refresh_from_db()
        self.assertEqual(
            (proposal.status, proposal.applied_to, proposal.decided_by),
            ("accepted", draft, self.tool_owner),
        )

    def test_accepting_uses_the_draft_already_in_progress(self):
        draft = self.tool.new_version(by=self.coordinator)
        accept_proposal(proposal=self.propose(), by=self.tool_owner)
        self.assertEqual(
            draft.questions.get(key="t1-q2").text, "Was the person's own view recorded?"
        )
        self.assertEqual(AuditTool.objects.filter(name=self.tool.name).count(), 2)

    def test_a_question_removed_from_the_draft_cannot_take_the_proposal(self):
        draft = self.tool.new_version(by=self.coordinator)
        draft.questions.get(key="t1-q2").delete()
        proposal = self.propose()
        response = self.sign_in(self.tool_owner).post(
            reverse("audits:proposal-accept", args=[proposal.pk]), follow=True
        )
        self.assertContains(response, "no longer has the question “t1-q2”")
        self.assertEqual(QuestionProposal.objects.get().status, "open")

    def test_the_tool_owner_declines_with_a_reason_the_psw_can_read(self):
        proposal = self.propose()
        client = self.sign_in(self.coordinator)
        url = reverse("audits:proposal-decline", args=[proposal.pk])
        response = client.post(url, {"reason": ""})
        self.assertContains(response, "Say why the proposal is declined.")
        client.post(url, {"reason": "The guidance already covers this."})
        proposal.refresh_from_db()
        self.assertEqual(
            (proposal.status, proposal.decline_reason, proposal.decided_by),
            ("declined", "The guidance already covers this.", self.coordinator),
        )
        response = self.sign_in(self.auditor).get(proposal.get_absolute_url())
        self.assertContains(response, "The guidance already covers this.")
        self.assertNotContains(response, "Accept into the next draft")

    def test_a_decided_proposal_cannot_be_decided_again(self):
        proposal = self.propose()
        client = self.sign_in(self.tool_owner)
        client.post(reverse("audits:proposal-accept", args=[proposal.pk]))
        response = client.post(reverse("audits:proposal-decline", args=[proposal.pk]))
        self.assertContains(response, "already been accepted", status_code=403)

    def test_the_tool_owners_home_page_counts_open_proposals_and_names_the_draft(self):
        self.propose()
        self.propose(by=self.co_auditor)
        draft = self.tool.new_version(by=self.tool_owner)
        response = self.sign_in(self.tool_owner).get(reverse("home"))
        self.assertContains(response, "2 open proposals")
        self.assertContains(response, draft.get_absolute_url())

    def test_proposals_go_only_to_a_published_version(self):
        draft = self.tool.new_version(by=self.tool_owner)
        question = draft.questions.get(key="t1-q2")
        url = reverse("audits:proposal-create", args=[draft.pk, question.pk])
        # PSWs do not see drafts at all.
        self.assertEqual(self.sign_in(self.auditor).get(url).status_code, 404)
