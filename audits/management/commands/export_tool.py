from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audits.models import AuditTool
from audits.toolfile import export_tool


def _known_tools() -> str:
    tools = AuditTool.objects.select_related("region").order_by("region__name", "name", "version")
    lines = [f"  {t.pk:>5}  {t} ({t.get_status_display().lower()}, {t.region})" for t in tools]
    return "\n".join(lines) or "  (there are no tools yet)"


class Command(BaseCommand):
    help = "Write an audit tool version as a YAML file in the default tool's format."

    def add_arguments(self, parser):
        parser.add_argument("tool_id", type=int, help="The tool version's id (see the list below).")
        parser.add_argument(
            "--output", "-o", help="Write to this file instead of the standard output."
        )

    def handle(self, *args, tool_id, output=None, **options):
        tool = AuditTool.objects.filter(pk=tool_id).first()
        if tool is None:
            raise CommandError(
                f"There is no audit tool with id {tool_id}. The tools are:\n{_known_tools()}"
            )
        text = export_tool(tool)
        if not output:
            self.stdout.write(text, ending="")
            return
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        path.write_text(text, encoding="utf-8")
        self.stderr.write(f"Wrote {tool} to {path}.")
