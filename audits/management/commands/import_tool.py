from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audits.toolfile import ToolFileInvalid, import_tool
from authorities.models import Region


class Command(BaseCommand):
    help = (
        "Check a YAML tool file in full and import it into a region as a draft version; "
        "on any problem, list every one and import nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The YAML tool file, as export_tool writes it.")
        parser.add_argument(
            "--region", required=True, help="The slug of the region, such as west-midlands."
        )

    def handle(self, *args, file, region, **options):
        found = Region.objects.filter(slug=region).first()
        if found is None:
            slugs = ", ".join(Region.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"There is no region '{region}'. The regions are: {slugs}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        try:
            tool = import_tool(path.read_bytes(), region=found, by=None)
        except ToolFileInvalid as invalid:
            count = len(invalid.problems)
            lines = "\n".join(f"  - {problem}" for problem in invalid.problems)
            raise CommandError(
                f"{path} has {count} problem{'s' if count != 1 else ''}; nothing was imported.\n"
                f"{lines}"
            ) from invalid
        self.stdout.write(
            f"Imported {tool} into {found} as a draft (id {tool.pk}). "
            "Check it in the service, then publish it."
        )
