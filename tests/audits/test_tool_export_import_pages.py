"""A tool is downloaded as a YAML file from its page and uploaded again elsewhere."""

import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.models import AuditTool, Question
from audits.toolfile import export_tool, tool_data
from tests.base import CastTestCase
from tests.factories import make_tool


def upload(text: str | bytes, name="tool.yaml"):
    return SimpleUploadedFile(name, text if isinstance(text, bytes) else text.encode())


class ExportPageTests(CastTestCase):
    def test_it_downloads_the_tool_as_an_attachment_named_by_the_server(self):
        tool = make_tool(self.region, name="Test audit tool", version=1)
        response = self.sign_in(self.host_director).get(
            reverse("audits:tool-export", args=[tool.pk])
        )
        self.assertEqual(response["Content-Type"], "application/yaml; charset=utf-8")
        self.assertEqual(
            response["Content-Disposition"], 'attachment; filename="test-audit-tool-v1.yaml"'
        )
        self.assertEqual(response.content.decode(), export_tool(tool))
        self.assertEqual(yaml.safe_load(response.content)["name"], "Test audit tool")

    def test_a_draft_downloads_only_for_those_who_see_drafts(self):
        draft = make_tool(self.region, status="draft")
        url = reverse("audits:tool-export", args=[draft.pk])
        self.assertEqual(self.sign_in(self.tool_owner).get(url).status_code, 200)
        self.assertEqual(self.sign_in(self.auditor).get(url).status_code, 404)


class ImportPageTests(CastTestCase):
    url = reverse("audits:tool-import")

    def test_a_coordinator_imports_an_exported_tool_and_gets_the_same_tool(self):
        tool = make_tool(self.region, name="Shared tool")
        response = self.sign_in(self.other_coordinator).post(
            self.url, {"file": upload(export_tool(tool))}
        )
        copy = AuditTool.objects.get(region=self.other_region, name="Shared tool")
        self.assertRedirects(response, copy.get_absolute_url())
        self.assertEqual(tool_data(copy), tool_data(tool))
        self.assertEqual((copy.status, copy.created_by), ("draft", self.other_coordinator))

    def test_every_problem_is_listed_with_its_place_and_nothing_is_saved(self):
        data = yaml.safe_load(export_tool(make_tool(self.region, name="Broken")))
        data["name"] = "Broken copy"
        data["themes"][0]["questions"][1]["scale"] = "qestion"
        data["themes"][1]["questions"] = []
        questions_before = Question.objects.count()
        response = self.sign_in(self.tool_owner).post(
            self.url, {"file": upload(yaml.safe_dump(data))}
        )
        self.assertContains(response, "There is a problem")
        self.assertContains(response, "Nothing has been imported.")
        self.assertContains(
            response, "Theme 1 (t1), question 2 (t1-q2): &#x27;scale&#x27; names an unknown"
        )
        self.assertContains(response, "Theme 2 (t2): the theme has no questions")
        self.assertFalse(AuditTool.objects.filter(name="Broken copy").exists())
        self.assertEqual(Question.objects.count(), questions_before)

    def test_it_refuses_a_file_that_is_not_yaml_or_too_big(self):
        client = self.sign_in(self.tool_owner)
        response = client.post(self.url, {"file": upload("name: x", name="tool.docx")})
        self.assertContains(response, "The file must be a YAML file ending in .yaml or .yml.")
        response = client.post(self.url, {"file": upload(b"#" * (1024 * 1024 + 1))})
        self.assertContains(response, "The file must be 1 MB or smaller.")
        response = client.post(self.url, {})
        self.assertContains(response, "Choose the tool file to import.")

    def test_only_tool_owners_and_coordinators_import(self):
        for person in [self.auditor, self.host_director, self.peer, self.platform_admin]:
            with self.subTest(role=person.role):
                client = self.sign_in(person)
                self.assertEqual(client.get(self.url).status_code, 403)
                response = client.post(self.url, {"file": upload("name: x")})
                self.assertEqual(response.status_code, 403)
