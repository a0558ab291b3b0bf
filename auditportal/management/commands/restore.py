from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from auditportal.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = "Replace the database and the stored files with those of a backup archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="An archive written by `manage.py backup`.")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask: replace what is there now."
        )

    def handle(self, *args, archive, yes, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"There is no file {path}: give the archive `backup` wrote.")
        if (
            not yes
            and input(
                "This replaces the whole database and every stored file. Type 'restore' to go on: "
            )
            != "restore"
        ):
            raise CommandError("Nothing was restored.")
        try:
            restored = restore_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = restored.manifest
        same = restored.fingerprint == manifest["fingerprint"]
        self.stdout.write(
            f"Restored {sum(manifest['tables'].values())} rows and {len(manifest['files'])} "
            f"files (each file's SHA-256 checked) in {restored.seconds:.1f} s."
        )
        self.stdout.write(f"Database fingerprint: {restored.fingerprint}")
        if not same:
            raise CommandError(
                f"The restored database differs from the backup ({manifest['fingerprint']})."
            )
        self.stdout.write("The fingerprint matches the backup's: the data is the same.")
