"""python manage.py purge_expired [--dry-run]: remove what the retention rules say has expired."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone

from api.calls import prune_calls
from auditportal import dates, denials
from audits import retention


class Command(BaseCommand):
    help = (
        "Remove the case-level notes of closed visits past their retention period (legal holds "
        "excepted), and access-denial records and API calls older than "
        "AUDITPORTAL_SECURITY_EVENT_DAYS; run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be removed; remove nothing."
        )

    def handle(self, *args, dry_run, **options):
        now = timezone.now()
        due = retention.due_for_removal(now=now)
        held = [expiry for expiry in due if expiry.held]
        ready = [expiry for expiry in due if not expiry.held]
        verb = "Would remove" if dry_run else "Removed"
        for expiry in ready:
            line = self._describe(expiry)
            if dry_run:
                self.stdout.write(f"{verb} {retention.texts_held(expiry.visit)} notes: {line}")
                continue
            try:
                purge = retention.purge_visit(visit=expiry.visit, now=now)
            except ValidationError as error:  # changed since it was listed (a hold just set)
                self.stdout.write(f"Kept: {line}: {' '.join(error.messages)}")
            else:
                self.stdout.write(f"{verb} {purge.texts_removed} notes: {line}")
        for expiry in held:
            self.stdout.write(
                f"Kept (legal hold since {dates.day(timezone.localtime(expiry.hold.set_at))}): "
                f"{self._describe(expiry)}"
            )
        summary = f"{len(ready)} visit(s) past their retention period"
        if held:
            summary += f" and {len(held)} more kept on a legal hold"
        self.stdout.write(summary + (" (dry run: nothing removed)." if dry_run else "."))
        self._denials(now, dry_run)

    def _describe(self, expiry) -> str:
        closed = timezone.localtime(expiry.closed_at)
        return (
            f"{expiry.visit} (visit {expiry.visit.pk}), closed {dates.day(closed)}, "
            f"kept {expiry.kept_days} days"
        )

    def _denials(self, now, dry_run) -> None:
        days = settings.AUDITPORTAL_SECURITY_EVENT_DAYS
        count = denials.prune(now=now, dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {count} access denial record(s) older than {days} days.")
        count = prune_calls(now=now, dry_run=dry_run)
        self.stdout.write(f"{verb} {count} API call record(s) older than {days} days.")
