from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

# Each app seeds its own part of the demo region, in this order.
DEMO_MODULES = [
    "authorities.demo",
    "audits.demodata.tools",
    "audits.demodata.visits",
    "audits.demodata.casework",
    "audits.demodata.fieldwork",
    "audits.demodata.retention",
    "reports.demo",
]
QUIET_EMAIL = "django.core.mail.backends.dummy.EmailBackend"
DEFAULT_PASSWORD = "demo-password-2026"  # noqa: S105 (demo data only)


class Command(BaseCommand):
    help = "Create a realistic demo region with one person per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", default=DEFAULT_PASSWORD, help="Password for every demo person."
        )

    def handle(self, *args, password, **options):
        sign_ins = []
        # Demo modules may replay workflows through the real services; the notices those send
        # (on commit, at the end of the block) would be about made-up history, so none go out.
        with override_settings(EMAIL_BACKEND=QUIET_EMAIL), transaction.atomic():
            for module_name in DEMO_MODULES:
                try:
                    module = import_module(module_name)
                except ModuleNotFoundError as error:
                    if error.name != module_name:
                        raise
                    continue
                sign_ins += module.seed(password=password, out=self.stdout) or []
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
