"""Render a visit's current draft report to a file, for a look at it outside the service."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audits.models import Visit
from reports import builder, docx, pdf


class Command(BaseCommand):
    help = "Render the current draft of a visit's covering report as a PDF or Word file."

    def add_arguments(self, parser):
        parser.add_argument("visit_id", type=int)
        parser.add_argument("--format", choices=["pdf", "docx"], default="pdf")
        parser.add_argument("--output", required=True, help="The file to write.")

    def handle(self, *args, visit_id, format, output, **options):
        visit = Visit.objects.filter(pk=visit_id).first()
        if visit is None:
            raise CommandError(f"There is no visit {visit_id}.")
        data = builder.build(visit, draft=True)
        content = pdf.render_pdf(data) if format == "pdf" else docx.render_docx(data)
        Path(output).write_bytes(content)
        self.stdout.write(f"Wrote the draft of {data.title} ({len(content):,} bytes) to {output}.")
