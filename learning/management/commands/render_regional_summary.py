from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from authorities.models import Region
from learning import summary as regional_summary


class Command(BaseCommand):
    help = (
        "Write the anonymised annual regional summary (what the region learned in a year) "
        "as a PDF or Word file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="The year, e.g. 2025.")
        parser.add_argument("--format", choices=["pdf", "docx"], default="pdf")
        parser.add_argument("--output", required=True, help="The file to write.")
        parser.add_argument(
            "--region",
            help="The region's slug, e.g. west-midlands; needed when there is more than one.",
        )

    def handle(self, *args, year, format, output, region=None, **options):
        regions = Region.objects.exclude(slug__startswith="synthetic-")
        if region:
            found = Region.objects.filter(slug=region).first()
            if found is None:
                raise CommandError(f"No region has the slug {region!r}.")
        elif regions.count() == 1:
            found = regions.get()
        else:
            slugs = ", ".join(regions.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f"Choose a region with --region: {slugs or 'there are none'}.")
        summary = regional_summary.build_summary(region=found, year=year)
        render = regional_summary.render_pdf if format == "pdf" else regional_summary.render_docx
        data = render(summary)
        Path(output).write_bytes(data)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {summary.title} ({summary.audits} audits) to {output}: {len(data):,} bytes."
            )
        )
