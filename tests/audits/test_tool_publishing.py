"""The tool owner checks and publishes a draft, retires a version and starts the next one."""

from django.urls import reverse

from audits.confirmation import STEP_CONFIRMED
from audits.models import AuditTool, Theme
from tests.base import CastTestCase
from tests.factories import make_tool

CONFIRMED = {STEP_CONFIRMED: "yes"}


class PublishPageTests(CastTestCase):
    def setUp(self):
        self.draft = make_tool(self.region, status="draft")
        self.url = reverse("audits:tool-publish", args=[self.draft.pk])

    def test_it_shows_what_is_being_published_before_asking_for_the_changelog(self):
        response = self.sign_in(self.tool_owner).get(self.url)
        self.assertContains(response, "Check before you publish version 1")
        self.assertContains(response, '<dd class="govuk-summary-list__value">6</dd>', html=False)
        self.assertContains(response, "What changed in this version?")
        self.assertContains(response, "First.")  # the draft's changelog so far, to edit

    def test_it_publishes_with_the_changelog_line(self):
        response = self.sign_in(self.coordinator).post(
            self.url, {"changelog": "Added a question on young carers."}
        )
        self.assertRedirects(response, self.draft.get_absolute_url())
        self.draft.refresh_from_db()
        self.assertEqual(
            (self.draft.status, self.draft.changelog, self.draft.published_by),
            ("published", "Added a question on young carers.", self.coordinator),
        )

    def test_it_needs_a_changelog_line(self):
        response = self.sign_in(self.tool_owner).post(self.url, {"changelog": ""})
        self.assertContains(response, "Say what changed in this version.")
        self.assertEqual(AuditTool.objects.get(pk=self.draft.pk).status, "draft")

    def test_an_incomplete_draft_lists_what_to_fix_and_offers_no_publish_button(self):
        Theme.objects.create(tool=self.draft, key="empty", position=3, title="Empty theme")
        client = self.sign_in(self.tool_owner)
        response = client.get(self.url)
        self.assertContains(response, "This version cannot be published yet")
        self.assertContains(response, "Theme 3 (Empty theme) has no questions")
        self.assertNotContains(response, "Publish this version")
        response = client.post(self.url, {"changelog": "Try anyway."})
        self.assertContains(response, "There is a problem")
        self.assertContains(response, "Theme 3 (Empty theme) has no questions")
        self.assertEqual(AuditTool.objects.get(pk=self.draft.pk).status, "draft")

    def test_a_published_version_cannot_be_published_again(self):
        tool = make_tool(self.region, name="Published")
        url = reverse("audits:tool-publish", args=[tool.pk])
        self.assertContains(
            self.sign_in(self.tool_owner).get(url), "already published", status_code=403
        )


class RetireAndNextVersionPageTests(CastTestCase):
    def setUp(self):
        self.tool = make_tool(self.region)

    def test_it_retires_a_published_version_after_asking(self):
        url = reverse("audits:tool-retire", args=[self.tool.pk])
        client = self.sign_in(self.coordinator)
        self.assertContains(client.get(url), "Retire version 1?")
        refused = client.post(url)  # not from the page that asks
        self.assertContains(refused, "Nothing has changed yet")
        self.assertEqual(AuditTool.objects.get(pk=self.tool.pk).status, "published")
        self.assertRedirects(client.post(url, CONFIRMED), self.tool.get_absolute_url())
        self.assertEqual(AuditTool.objects.get(pk=self.tool.pk).status, "retired")
        self.assertEqual(client.get(url).status_code, 403)

    def test_it_creates_the_next_version_as_a_draft_and_opens_it(self):
        url = reverse("audits:tool-next-version", args=[self.tool.pk])
        client = self.sign_in(self.tool_owner)
        self.assertContains(client.get(url), "numbered 2")
        response = client.post(url)
        draft = AuditTool.objects.get(name=self.tool.name, version=2)
        self.assertRedirects(response, draft.get_absolute_url())
        self.assertEqual((draft.status, draft.based_on), ("draft", self.tool))
        # Asking again leads to the draft already in progress.
        self.assertRedirects(client.post(url), draft.get_absolute_url())
        self.assertEqual(AuditTool.objects.filter(name=self.tool.name).count(), 2)


class ComparePageTests(CastTestCase):
    def setUp(self):
        self.v1 = make_tool(self.region)
        self.v2 = self.v1.new_version(by=self.tool_owner)
        reworded = self.v2.questions.get(key="t1-q1")
        reworded.text = "Was the person asked first?"
        reworded.save()
        self.v2.questions.get(key="t2-q3").delete()
        self.v2.questions.create(
            tool=self.v2,
            theme=self.v2.themes.get(key="t2"),
            key="t2-young-carers",
            text="Were young carers considered?",
            answer_kind="text",
            position=9,
        )
        level = self.v2.scales.get(key="question").levels.get(key="met")
        level.colour = "#005a30"
        level.save()

    def test_it_shows_added_removed_and_changed_questions_side_by_side(self):
        url = reverse("audits:tool-compare", args=[self.v2.pk])
        response = self.sign_in(self.tool_owner).get(url)
        self.assertEqual(response.context["comparison"].old, self.v1)
        content = response.content.decode()
        self.assertIn("<del>Question 1 of theme 1?</del>", content)
        self.assertIn("<ins>Was the person asked first?</ins>", content)
        self.assertIn("Were young carers considered?", content)
        self.assertIn("Added in version 2", content)
        self.assertIn("Removed in version 2", content)
        self.assertIn("Question 3 of theme 2?", content)
        self.assertIn("Level met of the question scale changed", content)
        comparison = response.context["comparison"]
        self.assertEqual(
            (len(comparison.added), len(comparison.removed), len(comparison.changed)), (1, 1, 1)
        )
        self.assertEqual(comparison.unchanged, 4)

    def test_it_compares_whichever_two_versions_are_chosen_oldest_first(self):
        url = reverse("audits:tool-compare", args=[self.v1.pk])
        comparison = self.sign_in(self.tool_owner).get(url).context["comparison"]
        self.assertEqual((comparison.old, comparison.new), (self.v1, self.v2))
        response = self.sign_in(self.tool_owner).get(url, {"other": self.v2.pk})
        comparison = response.context["comparison"]
        self.assertEqual((comparison.old, comparison.new), (self.v1, self.v2))

    def test_readers_compare_only_versions_they_can_see(self):
        url = reverse("audits:tool-compare", args=[self.v1.pk])
        response = self.sign_in(self.auditor).get(url, {"other": self.v2.pk})
        self.assertIsNone(response.context["comparison"])
        self.assertContains(response, "only one version")
