"""A tool owner publishes a complete draft, retires old versions and carries one forward."""

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from audits.models import AuditTool, Question, RatingScale, Theme
from audits.policies.tools import published_tools_for
from audits.toolfile import tool_data
from tests.base import CastTestCase
from tests.factories import make_tool


def publish_problems(tool, changelog="Checked by the PSW network."):
    try:
        tool.publish(by=None, changelog=changelog)
    except ValidationError as error:
        return error.messages
    return []


class PublishTests(CastTestCase):
    def test_it_publishes_a_complete_draft_with_its_changelog_line(self):
        draft = make_tool(self.region, status="draft")
        draft.publish(by=self.tool_owner, changelog="  Reworded the carers questions.  ")
        stored = AuditTool.objects.get(pk=draft.pk)
        self.assertEqual(stored.status, "published")
        self.assertEqual(stored.changelog, "Reworded the carers questions.")
        self.assertEqual(stored.published_by, self.tool_owner)
        self.assertIsNotNone(stored.published_at)
        self.assertEqual(draft.status, "published")

    def test_publishing_is_kept_in_the_audit_trail_with_who_did_it(self):
        draft = make_tool(self.region, status="draft")
        draft.publish(by=self.tool_owner, changelog="First published.")
        entry = LogEntry.objects.get_for_object(draft).filter(actor=self.tool_owner).get()
        self.assertIn("status", entry.changes_dict)
        self.assertEqual(entry.changes_dict["status"][1], "published")

    def test_it_refuses_a_theme_without_questions_and_names_it(self):
        draft = make_tool(self.region, status="draft")
        Theme.objects.create(tool=draft, key="empty", position=3, title="Empty theme")
        problems = publish_problems(draft)
        self.assertEqual(
            problems,
            ["Theme 3 (Empty theme) has no questions: add a question or remove the theme."],
        )
        self.assertEqual(AuditTool.objects.get(pk=draft.pk).status, "draft")

    def test_it_refuses_a_scale_without_levels(self):
        draft = make_tool(self.region, status="draft")
        RatingScale.objects.create(tool=draft, key="yes-no", name="Yes or no")
        self.assertEqual(
            publish_problems(draft), ["The scale “Yes or no” has no levels: add its levels."]
        )

    def test_it_refuses_a_tool_without_a_judgement_scale(self):
        draft = make_tool(self.region, status="draft")
        draft.scales.get(key="judgement").delete()
        problems = publish_problems(draft)
        self.assertEqual(len(problems), 1)
        self.assertIn("no judgement scale", problems[0])

    def test_it_refuses_a_tool_with_no_themes_and_lists_every_problem(self):
        draft = AuditTool.objects.create(region=self.region, name="Empty", version=1)
        RatingScale.objects.create(tool=draft, key="judgement", name="J", purpose="judgement")
        problems = publish_problems(draft, changelog=" ")
        self.assertEqual(
            problems,
            [
                "The tool has no themes: add at least one theme with questions.",
                "The scale “J” has no levels: add its levels.",
                "Say what changed in this version in the changelog line.",
            ],
        )

    def test_it_refuses_a_rated_question_on_another_tools_scale(self):
        draft = make_tool(self.region, status="draft")
        other = make_tool(self.region, name="Other", status="draft")
        Question.objects.filter(pk=draft.questions.first().pk).update(
            scale=other.scales.get(key="question")
        )
        problems = publish_problems(draft)
        self.assertEqual(len(problems), 1)
        self.assertIn("is rated but has no scale of this tool", problems[0])

    def test_it_refuses_to_publish_twice(self):
        tool = make_tool(self.region)
        with self.assertRaisesMessage(ValidationError, "already published"):
            tool.publish(by=self.tool_owner, changelog="Again.")

    def test_published_lists_only_versions_a_visit_may_use(self):
        published = make_tool(self.region, name="A")
        make_tool(self.region, name="B", status="draft")
        make_tool(self.region, name="C", status="retired")
        make_tool(self.other_region, name="D")
        self.assertEqual(
            list(AuditTool.objects.published().filter(region=self.region)), [published]
        )
        for person in [self.coordinator, self.auditor]:
            self.assertEqual(list(published_tools_for(person)), [published])
        self.assertFalse(published_tools_for(self.platform_admin).exists())


class RetireTests(CastTestCase):
    def test_it_retires_a_published_version(self):
        tool = make_tool(self.region)
        tool.retire(by=self.coordinator)
        self.assertEqual(AuditTool.objects.get(pk=tool.pk).status, "retired")
        self.assertEqual(tool.retired_by, self.coordinator)

    def test_it_refuses_to_retire_a_draft_or_a_retired_version(self):
        for status in ["draft", "retired"]:
            tool = make_tool(self.region, name=status, status=status)
            with self.subTest(status=status), self.assertRaises(ValidationError):
                tool.retire(by=self.coordinator)


class NewVersionTests(CastTestCase):
    def test_it_copies_a_published_version_into_a_draft_with_the_same_keys(self):
        tool = make_tool(self.region, themes=3, questions=4)
        draft = tool.new_version(by=self.tool_owner)
        self.assertEqual(
            (draft.version, draft.status, draft.based_on, draft.created_by),
            (2, "draft", tool, self.tool_owner),
        )
        self.assertEqual(
            list(draft.questions.values_list("key", flat=True)),
            list(tool.questions.values_list("key", flat=True)),
        )
        old, new = tool_data(tool), tool_data(draft)
        for data in (old, new):
            data.pop("version"), data.pop("changelog")
        self.assertEqual(old, new)
        self.assertEqual(draft.changelog, "")

    def test_the_copy_is_separate_rows_so_the_published_version_stays_as_it_was(self):
        tool = make_tool(self.region)
        draft = tool.new_version(by=self.tool_owner)
        question = draft.questions.get(key="t1-q1")
        question.text = "Reworded?"
        question.save()
        self.assertEqual(tool.questions.get(key="t1-q1").text, "Question 1 of theme 1?")
        self.assertEqual(question.theme.tool, draft)
        self.assertEqual(question.scale.tool, draft)

    def test_it_numbers_the_copy_after_the_latest_version(self):
        v1 = make_tool(self.region, version=1, status="retired")
        make_tool(self.region, version=2)
        self.assertEqual(v1.new_version(by=self.tool_owner).version, 3)

    def test_it_refuses_a_second_draft_of_the_same_tool(self):
        tool = make_tool(self.region)
        tool.new_version(by=self.tool_owner)
        with self.assertRaisesMessage(ValidationError, "Version 2 is already being drafted"):
            tool.new_version(by=self.tool_owner)
        with self.assertRaises(IntegrityError):
            AuditTool.objects.create(region=self.region, name=tool.name, version=9)

    def test_a_draft_is_changed_directly_rather_than_copied(self):
        draft = make_tool(self.region, status="draft")
        with self.assertRaisesMessage(ValidationError, "still a draft"):
            draft.new_version(by=self.tool_owner)
