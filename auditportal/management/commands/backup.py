from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from auditportal.backups import BackupError, make_backup


class Command(BaseCommand):
    help = "Write one archive of the database and the stored files (issued reports)."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="The archive to write (.tar.gz).")

    def handle(self, *args, output, **options):
        path = Path(output)
        try:
            manifest = make_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up {sum(manifest['tables'].values())} rows in {len(manifest['tables'])} "
            f"tables and {len(manifest['files'])} files to {path}."
        )
        self.stdout.write(f"Database fingerprint: {manifest['fingerprint']}")
