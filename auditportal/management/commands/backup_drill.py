"""python manage.py backup_drill [--seed]: practise a restore, and prove it gives the same data.

Backs up this database and its files, restores the archive into a new database and a new
media folder, then compares every table's row count and ordered-row hash and every issued
report file's SHA-256 with what was issued, and prints how long the restore took.
"""

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.utils import load_backend

from auditportal.backups import (
    _sha256,
    file_digests,
    fingerprint,
    make_backup,
    restore_backup,
    table_states,
)

DRILL = "backup_drill"


class Command(BaseCommand):
    help = "Back up, restore into a new database and folder, and compare everything."

    def add_arguments(self, parser):
        parser.add_argument("--seed", action="store_true", help="Load the demo region first.")

    def handle(self, *args, seed, **options):
        if seed:
            call_command("seed_demo", stdout=self.stdout)
        folder = Path(tempfile.mkdtemp(prefix="auditportal-drill-"))
        self.target = None
        try:
            self._drill(folder)
        finally:
            self._drop_drill_database()
            shutil.rmtree(folder, ignore_errors=True)

    def _drill(self, folder: Path) -> None:
        source_states = table_states()
        source_files = file_digests(Path(settings.MEDIA_ROOT))
        archive = folder / "backup.tar.gz"
        make_backup(archive)
        self.stdout.write(f"Backed up to an archive of {archive.stat().st_size:,} bytes.")
        self._add_drill_database(folder)
        media = folder / "media"
        restored = restore_backup(archive, connection=self.target, media_root=media)
        target_states = table_states(self.target)
        differ = [
            f"{a.name}: {a.rows} rows → {b.rows}"
            for a, b in zip(source_states, target_states, strict=False)
            if a != b
        ] + [f"table count {len(source_states)} → {len(target_states)}"] * (
            len(source_states) != len(target_states)
        )
        for state in target_states:
            self.stdout.write(f"  {state.name:<45} {state.rows:>7} rows  {state.digest[:16]}")
        issued = self._issued_files(media)
        if file_digests(media) != source_files:
            differ.append("the restored media folder differs from the original")
        differ += [f"{name}: SHA-256 differs from the one issued" for name, ok in issued if not ok]
        self.stdout.write(
            f"Tables: {len(target_states)}, rows: {sum(s.rows for s in target_states):,}, "
            f"files: {len(source_files)}, issued report files checked: {len(issued)}."
        )
        self.stdout.write(f"Fingerprint before: {fingerprint(source_states)}")
        self.stdout.write(f"Fingerprint after:  {restored.fingerprint}")
        self.stdout.write(f"Restore time: {restored.seconds:.1f} s")
        if differ:
            raise CommandError("The restore differs: " + "; ".join(differ[:20]))
        self.stdout.write(self.style.SUCCESS("Backup drill passed: the restore is identical."))

    def _issued_files(self, media: Path) -> list[tuple[str, bool]]:
        with self.target.cursor() as cursor:
            cursor.execute(
                "SELECT pdf_file, pdf_sha256, docx_file, docx_sha256 FROM reports_issuedreport"
            )
            rows = cursor.fetchall()
        checked = []
        for pdf, pdf_sha, docx, docx_sha in rows:
            for name, digest in ((pdf, pdf_sha), (docx, docx_sha)):
                path = media / name
                checked.append((name, path.is_file() and _sha256(path) == digest))
        return checked

    def _add_drill_database(self, folder: Path) -> None:
        source = connections["default"].settings_dict
        target = dict(source)
        if source["ENGINE"].endswith("postgresql"):
            target["NAME"] = f"{source['NAME']}_drill"
            with connections["default"].cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}"')
                cursor.execute(f'CREATE DATABASE "{target["NAME"]}"')
        else:
            target["NAME"] = str(folder / "drill.sqlite3")
        # A connection of its own, outside Django's list: nothing else can write to it.
        self.target = load_backend(target["ENGINE"]).DatabaseWrapper(target, DRILL)

    def _drop_drill_database(self) -> None:
        if self.target is None:
            return
        self.target.close()
        target = self.target.settings_dict
        if target["ENGINE"].endswith("postgresql"):
            with connections["default"].cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}"')
