from django.apps import AppConfig, apps
from django.core.management.base import BaseCommand
from django.db import transaction

from auditportal import notices

DEFAULT_PASSWORD = "demo-password-2026"  # noqa: S105 (demo data only)


def demo_apps() -> list[AppConfig]:
    """The apps that seed part of the demo region (a ``demo_seed`` method on their AppConfig),
    in INSTALLED_APPS order, so councils and people come before visits, and visits before
    their reports."""
    return [config for config in apps.get_app_configs() if hasattr(config, "demo_seed")]


class Command(BaseCommand):
    help = "Create a realistic demo region with one person per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", default=DEFAULT_PASSWORD, help="Password for every demo person."
        )

    def handle(self, *args, password, **options):
        sign_ins = []
        # The seeds replay workflows through the real services; the notices those would send
        # are about made-up history, so none is even queued.
        with notices.suppressed(), transaction.atomic():
            for config in demo_apps():
                sign_ins += config.demo_seed(password=password, out=self.stdout) or []
        self.stdout.write(
            self.style.SUCCESS("Demo region ready. Sign in at http://127.0.0.1:8000 with:")
        )
        for label, email in sign_ins:
            self.stdout.write(f"  {label:<45} {email}")
        self.stdout.write(f"  Password for everyone: {password}")
        self.stdout.write(
            "  Those marked “code” also need a code from an authenticator app. The demo's app\n"
            "  is already set up: print its current code with\n"
            "      DJANGO_DEBUG=true .venv/bin/python manage.py demo_code EMAIL\n"
            "  (or add the secret AUDITPORTALDEMOAUTHENTICATORCODE to your own app)."
        )
