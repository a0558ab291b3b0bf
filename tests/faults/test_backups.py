"""Backup and restore are practised: the drill restores into a new database and folder and
finds every row and every issued file the same; a damaged archive is refused."""

import io
import tarfile
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TransactionTestCase

from auditportal.backups import BackupError, make_backup, restore_backup
from reports.models import IssuedReport
from tests.base import Cast
from tests.reports.support import store_version


class DrillTests(TransactionTestCase):
    def setUp(self):
        Cast.build(self)
        from tests.factories import make_tool, make_visit

        self.visit = make_visit(
            host=self.sandwell,
            tool=make_tool(self.region),
            coordinator=self.coordinator,
            lead=self.auditor,
            auditors=[self.co_auditor],
            cases=4,
            status="issued",
        )
        store_version(self.visit, 1, by=self.coordinator)

    def test_the_drill_restores_every_row_and_every_issued_file(self):
        out = io.StringIO()
        call_command("backup_drill", stdout=out)
        output = out.getvalue()
        self.assertIn("Backup drill passed: the restore is identical.", output)
        self.assertIn("issued report files checked: 2", output)
        before = output.split("Fingerprint before: ")[1].split()[0]
        self.assertIn(f"Fingerprint after:  {before}", output)
        self.assertRegex(output, r"Restore time: \d+\.\d s")
        self.assertEqual(IssuedReport.objects.count(), 1)

    def test_a_damaged_archive_is_refused_and_nothing_is_restored(self):
        with tempfile.TemporaryDirectory() as folder:
            archive = Path(folder) / "backup.tar.gz"
            make_backup(archive)
            damaged = Path(folder) / "damaged.tar.gz"
            with tarfile.open(archive) as original, tarfile.open(damaged, "w:gz") as copy:
                for member in original.getmembers():
                    data = original.extractfile(member) if member.isfile() else None
                    if member.name.startswith("database"):
                        content = data.read()[:-10] + b"0" * 10
                        member.size = len(content)
                        data = io.BytesIO(content)
                    copy.addfile(member, data)
            with self.assertRaisesMessage(BackupError, "damaged"):
                restore_backup(damaged, media_root=Path(folder) / "media")
        self.assertEqual(IssuedReport.objects.count(), 1)

    def test_restore_asks_before_replacing_everything(self):
        with self.assertRaisesMessage(CommandError, "There is no file"):
            call_command("restore", "/nonexistent/backup.tar.gz", "--yes")
