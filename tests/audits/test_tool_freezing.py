"""A published or retired version never changes, whatever path the change takes."""

from django.core.exceptions import ValidationError
from django.db.models import F

from audits.models import AuditTool, Question, RatingLevel, RatingScale, Theme, ToolFrozen
from tests.base import CastTestCase
from tests.factories import make_tool


class FrozenToolRowTests(CastTestCase):
    def setUp(self):
        self.tool = make_tool(self.region)

    def test_it_refuses_to_save_a_published_tool(self):
        self.tool.name = "Renamed"
        with self.assertRaisesMessage(ToolFrozen, "a published version never changes"):
            self.tool.save()
        self.assertEqual(AuditTool.objects.get(pk=self.tool.pk).name, "Test audit tool")

    def test_it_refuses_to_save_a_retired_tool(self):
        self.tool.retire(by=self.tool_owner)
        self.tool.changelog = "Rewritten"
        with self.assertRaises(ToolFrozen):
            self.tool.save()

    def test_it_refuses_to_turn_a_published_tool_back_into_a_draft_by_saving(self):
        self.tool.status = AuditTool.Status.DRAFT
        with self.assertRaises(ToolFrozen):
            self.tool.save()
        self.assertEqual(AuditTool.objects.get(pk=self.tool.pk).status, "published")

    def test_it_refuses_to_delete_a_published_tool(self):
        with self.assertRaisesMessage(ToolFrozen, "deleting it"):
            self.tool.delete()
        self.assertTrue(AuditTool.objects.filter(pk=self.tool.pk).exists())

    def test_it_refuses_queryset_updates_and_deletes_of_a_published_tool(self):
        tools = AuditTool.objects.filter(pk=self.tool.pk)
        with self.assertRaises(ToolFrozen):
            tools.update(name="Renamed")
        with self.assertRaises(ToolFrozen):
            tools.update(status=AuditTool.Status.DRAFT)
        with self.assertRaises(ToolFrozen):
            tools.delete()
        with self.assertRaises(ToolFrozen):
            self.region.audit_tools.all().delete()
        self.assertEqual(AuditTool.objects.get(pk=self.tool.pk).name, "Test audit tool")

    def test_it_refuses_a_bulk_update_of_a_published_tool(self):
        self.tool.changelog = "Sneaky"
        with self.assertRaises(ToolFrozen):
            AuditTool.objects.bulk_update([self.tool], ["changelog"])
        self.assertEqual(AuditTool.objects.get(pk=self.tool.pk).changelog, "First.")

    def test_a_mixed_update_leaves_every_row_alone(self):
        draft = make_tool(self.region, name="Draft tool", status="draft")
        with self.assertRaises(ToolFrozen):
            AuditTool.objects.all().update(changelog="Everything")
        self.assertEqual(AuditTool.objects.get(pk=draft.pk).changelog, "First.")

    def test_it_refuses_to_create_a_tool_that_starts_published(self):
        with self.assertRaisesMessage(ValidationError, "starts as a draft"):
            AuditTool.objects.create(region=self.region, name="X", version=1, status="published")
        with self.assertRaisesMessage(ValidationError, "starts as a draft"):
            AuditTool.objects.bulk_create(
                [AuditTool(region=self.region, name="X", version=1, status="published")]
            )

    def test_it_refuses_to_publish_a_draft_by_saving_it(self):
        draft = make_tool(self.region, name="Draft tool", status="draft")
        draft.status = AuditTool.Status.PUBLISHED
        with self.assertRaisesMessage(ValidationError, "publish()"):
            draft.save()

    def test_retiring_is_the_one_change_a_published_tool_accepts(self):
        self.tool.retire(by=self.tool_owner)
        self.assertEqual(self.tool.status, "retired")
        self.assertEqual(self.tool.retired_by, self.tool_owner)
        with self.assertRaises(ToolFrozen):
            AuditTool.objects.filter(pk=self.tool.pk).update(status="published")

    def test_deleting_a_person_who_published_a_tool_is_refused_rather_than_rewriting_it(self):
        from django.db.models import ProtectedError

        draft = make_tool(self.region, name="Draft tool", status="draft")
        draft.publish(by=self.outsider, changelog="First.")
        with self.assertRaises(ProtectedError):
            self.outsider.delete()


class FrozenPartsTests(CastTestCase):
    def setUp(self):
        self.tool = make_tool(self.region)
        self.theme = self.tool.themes.first()
        self.question = self.tool.questions.first()
        self.scale = self.tool.scales.get(key="question")
        self.level = self.scale.levels.first()

    def assert_unchanged(self):
        self.assertEqual(Theme.objects.get(pk=self.theme.pk).title, "Theme 1")
        self.assertEqual(Question.objects.get(pk=self.question.pk).text, "Question 1 of theme 1?")
        self.assertEqual(RatingScale.objects.get(pk=self.scale.pk).name, "Question rating")
        self.assertEqual(RatingLevel.objects.get(pk=self.level.pk).label, "Met")
        self.assertEqual(self.tool.questions.count(), 6)
        self.assertEqual(self.scale.levels.count(), 5)

    def test_it_refuses_to_save_any_part(self):
        for obj, field in [
            (self.theme, "title"),
            (self.question, "text"),
            (self.scale, "name"),
            (self.level, "label"),
        ]:
            with self.subTest(model=type(obj).__name__):
                setattr(obj, field, "Changed")
                with self.assertRaisesMessage(
                    ToolFrozen, "Test audit tool, version 1 is published"
                ):
                    obj.save()
        self.assert_unchanged()

    def test_it_refuses_to_delete_any_part(self):
        for obj in [self.question, self.level, self.theme, self.scale]:
            with self.subTest(model=type(obj).__name__), self.assertRaises(ToolFrozen):
                obj.delete()
        self.assert_unchanged()

    def test_it_refuses_queryset_updates_and_deletes_of_parts(self):
        cases = [
            (Theme.objects.filter(tool=self.tool), {"title": "Changed"}),
            (Question.objects.filter(theme=self.theme), {"text": "Changed"}),
            (RatingScale.objects.filter(tool=self.tool), {"name": "Changed"}),
            (RatingLevel.objects.filter(scale=self.scale), {"label": "Changed"}),
            (self.tool.questions.all(), {"position": F("position") + 1}),
            (self.scale.levels.all(), {"score": 9}),
        ]
        for queryset, values in cases:
            with self.subTest(model=queryset.model.__name__):
                with self.assertRaises(ToolFrozen):
                    queryset.update(**values)
                with self.assertRaises(ToolFrozen):
                    queryset.delete()
        self.assert_unchanged()

    def test_it_refuses_bulk_create_and_bulk_update_of_parts(self):
        with self.assertRaises(ToolFrozen):
            Question.objects.bulk_create(
                [
                    Question(
                        tool=self.tool, theme=self.theme, key="new", text="New?", answer_kind="text"
                    )
                ]
            )
        with self.assertRaises(ToolFrozen):
            RatingLevel.objects.bulk_create(
                [RatingLevel(scale=self.scale, key="x", label="X", score=1)]
            )
        self.question.text = "Changed"
        with self.assertRaises(ToolFrozen):
            Question.objects.bulk_update([self.question], ["text"])
        self.assert_unchanged()

    def test_it_refuses_to_add_parts_through_related_managers(self):
        with self.assertRaises(ToolFrozen):
            self.tool.themes.create(key="new", title="New theme")
        with self.assertRaises(ToolFrozen):
            self.scale.levels.create(key="x", label="X", score=1)
        with self.assertRaises(ToolFrozen):
            Theme.objects.get_or_create(tool=self.tool, key="new", defaults={"title": "New"})
        self.assertEqual(self.tool.themes.count(), 2)

    def test_it_refuses_to_move_a_draft_part_into_a_published_tool(self):
        draft = make_tool(self.region, name="Draft tool", status="draft")
        draft_theme = draft.themes.first()
        with self.assertRaises(ToolFrozen):
            Theme.objects.filter(pk=draft_theme.pk).update(tool=self.tool)
        with self.assertRaises(ToolFrozen):
            self.tool.themes.add(draft_theme)
        draft_question = draft.questions.first()
        draft_question.theme = self.theme
        with self.assertRaises(ToolFrozen):
            draft_question.save()
        self.assertEqual(self.tool.themes.count(), 2)

    def test_it_refuses_to_move_a_draft_question_under_a_published_theme_or_scale(self):
        draft = make_tool(self.region, name="Draft tool", status="draft")
        draft_questions = Question.objects.filter(pk=draft.questions.first().pk)
        with self.assertRaisesMessage(ToolFrozen, "adding to it"):
            draft_questions.update(theme=self.theme)
        with self.assertRaisesMessage(ToolFrozen, "adding to it"):
            draft_questions.update(scale_id=self.scale.pk)
        self.assertEqual(draft_questions.get().theme.tool, draft)
        self.assert_unchanged()

    def test_it_refuses_to_move_a_published_part_into_a_draft(self):
        draft = make_tool(self.region, name="Draft tool", status="draft")
        self.question.tool = draft
        self.question.theme = draft.themes.first()
        with self.assertRaises(ToolFrozen):
            self.question.save()
        self.assert_unchanged()


class DraftToolTests(CastTestCase):
    """The guards stop only frozen versions: a draft changes freely on every path."""

    def test_a_draft_and_its_parts_change_and_delete_freely(self):
        draft = make_tool(self.region, status="draft")
        theme = draft.themes.first()
        theme.title = "Renamed"
        theme.save()
        Question.objects.filter(tool=draft).update(guidance="Look for it.")
        draft.scales.get(key="question").levels.filter(key="met").update(colour="#123456")
        draft.questions.filter(theme=theme).delete()
        theme.delete()
        self.assertEqual(draft.themes.count(), 1)
        self.assertEqual(set(draft.questions.values_list("guidance", flat=True)), {"Look for it."})
        draft.delete()
        self.assertFalse(AuditTool.objects.filter(pk=draft.pk).exists())
        self.assertFalse(Question.objects.filter(tool_id=draft.pk).exists())
