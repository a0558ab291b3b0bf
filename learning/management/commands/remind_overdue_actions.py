from django.core.management.base import BaseCommand

from learning.reminders import remind_overdue_actions


class Command(BaseCommand):
    help = (
        "E-mail each owner of overdue learning actions a list of them, at most once a day. "
        "Run it daily from a scheduler; running it again the same day sends nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default="",
            help="The service's address for the link in the e-mail, e.g. https://audits.example.org",
        )

    def handle(self, *args, site_url, **options):
        queued = remind_overdue_actions(site_url=site_url)
        self.stdout.write(
            self.style.SUCCESS(f"Queued {queued} reminder{'s' if queued != 1 else ''}.")
        )
