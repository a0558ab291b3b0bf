"""The whole journey of issue 3, through the pages, as a tool owner and a coordinator do it."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.models import AuditTool
from audits.toolfile import load_default_tool, tool_data
from tests.base import CastTestCase


class ToolJourneyTests(CastTestCase):
    def test_version_two_is_drafted_published_compared_exported_and_imported_elsewhere(self):
        v1 = load_default_tool(self.region, by=self.coordinator)
        owner = self.sign_in(self.tool_owner)

        # Copy the default tool into version 2.
        response = owner.post(reverse("audits:tool-next-version", args=[v1.pk]), follow=True)
        v2 = AuditTool.objects.get(region=self.region, version=2)
        self.assertContains(response, "is a draft copy of version 1")

        # Reword a question.
        question = v2.questions.get(key="carers-assessment-offered")
        owner.post(
            reverse("audits:question-edit", args=[v2.pk, question.pk]),
            {
                "text": (
                    "Was the carer offered their own assessment, and was their answer recorded?"
                ),
                "guidance": question.guidance,
                "answer_kind": "scale",
                "scale": question.scale_id,
                "required": "yes",
                "cqc_statements": question.cqc_statements,
            },
        )
        # Add one.
        carers = v2.themes.get(key="carers")
        owner.post(
            reverse("audits:question-add", args=[v2.pk, carers.pk]),
            {
                "text": "Was a young carer in the household identified and referred?",
                "guidance": "Look for a referral to children's services where it was needed.",
                "answer_kind": "scale",
                "scale": v2.scales.get(key="question").pk,
                "required": "yes",
                "cqc_statements": ["safe-systems", "equity"],
            },
        )

        # Publish with a changelog line.
        response = owner.post(
            reverse("audits:tool-publish", args=[v2.pk]),
            {"changelog": "Reworded the carer's assessment question; added one on young carers."},
            follow=True,
        )
        self.assertContains(response, "is published")

        # Compare version 1 and 2 side by side.
        response = owner.get(reverse("audits:tool-compare", args=[v2.pk]), {"other": v1.pk})
        comparison = response.context["comparison"]
        self.assertEqual([c.key for c in comparison.changed], ["carers-assessment-offered"])
        self.assertEqual(len(comparison.added), 1)
        self.assertContains(response, "and was their answer recorded?</ins>")

        # Export it.
        response = owner.get(reverse("audits:tool-export", args=[v2.pk]))
        exported = response.content

        # A coordinator elsewhere re-imports that file and gets the same tool.
        elsewhere = self.sign_in(self.other_coordinator)
        response = elsewhere.post(
            reverse("audits:tool-import"),
            {"file": SimpleUploadedFile("west-midlands-case-file-audit-tool-v2.yaml", exported)},
        )
        copy = AuditTool.objects.get(region=self.other_region)
        self.assertRedirects(response, copy.get_absolute_url())
        self.assertEqual(tool_data(copy), tool_data(AuditTool.objects.get(pk=v2.pk)))
        self.assertEqual(copy.questions.count(), 90)  # the 89 and the new one
