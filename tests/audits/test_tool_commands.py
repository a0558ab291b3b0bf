"""export_tool and import_tool carry a tool between regions from the command line."""

import tempfile
from io import StringIO
from pathlib import Path

import yaml
from django.core.management import CommandError, call_command

from audits.models import AuditTool
from audits.toolfile import DEFAULT_TOOL_FILE, export_tool, load_default_tool, tool_data
from tests.base import CastTestCase


class ToolCommandTests(CastTestCase):
    def setUp(self):
        self.tool = load_default_tool(self.region, by=self.tool_owner)
        self.folder = Path(tempfile.mkdtemp())

    def test_export_writes_the_tool_to_standard_output(self):
        out = StringIO()
        call_command("export_tool", str(self.tool.pk), stdout=out)
        self.assertEqual(out.getvalue(), export_tool(self.tool))

    def test_export_then_import_gives_the_same_tool_in_another_region(self):
        path = self.folder / "tool.yaml"
        call_command("export_tool", str(self.tool.pk), output=str(path), stderr=StringIO())
        out = StringIO()
        call_command("import_tool", str(path), region="north-west", stdout=out)
        copy = AuditTool.objects.get(region=self.other_region)
        self.assertIn(f"Imported {copy} into North West as a draft (id {copy.pk})", out.getvalue())
        self.assertEqual(tool_data(copy), tool_data(self.tool))

    def test_export_names_the_tools_there_are_when_the_id_is_wrong(self):
        with self.assertRaisesMessage(CommandError, "There is no audit tool with id 999"):
            call_command("export_tool", "999")
        with self.assertRaisesMessage(CommandError, f"{self.tool.pk}  {self.tool} (published"):
            call_command("export_tool", "999")

    def test_export_says_when_the_folder_is_missing(self):
        with self.assertRaisesMessage(CommandError, "does not exist"):
            call_command("export_tool", str(self.tool.pk), output="/no/such/folder/tool.yaml")

    def test_import_lists_every_problem_and_imports_nothing(self):
        data = yaml.safe_load(DEFAULT_TOOL_FILE.read_text())
        data["themes"][0]["key"] = "Case profile!"
        data["themes"][3]["questions"][0]["scale"] = "qestion"
        path = self.folder / "broken.yaml"
        path.write_text(yaml.safe_dump(data))
        with self.assertRaises(CommandError) as caught:
            call_command("import_tool", str(path), region="north-west")
        message = str(caught.exception)
        self.assertIn("has 2 problems; nothing was imported", message)
        self.assertIn("  - Theme 1 (Case profile!): 'key' must use only letters", message)
        self.assertIn("'scale' names an unknown scale 'qestion'", message)
        self.assertFalse(AuditTool.objects.filter(region=self.other_region).exists())

    def test_import_names_the_regions_when_the_region_is_wrong(self):
        with self.assertRaisesMessage(CommandError, "There is no region 'nowhere'"):
            call_command("import_tool", str(DEFAULT_TOOL_FILE), region="nowhere")
        with self.assertRaisesMessage(CommandError, "west-midlands"):
            call_command("import_tool", str(DEFAULT_TOOL_FILE), region="nowhere")

    def test_import_says_when_the_file_is_missing(self):
        with self.assertRaisesMessage(CommandError, "There is no file"):
            call_command("import_tool", "/no/such/tool.yaml", region="north-west")
