from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand, CommandError

from authorities.mfa import DEMO_TOTP_SECRET, current_code
from authorities.models import User


class Command(BaseCommand):
    help = "Print the current sign-in code of a demo person's authenticator app."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The demo person's e-mail address.")

    def handle(self, *args, email, **options):
        person = User.objects.filter(email__iexact=email.strip()).first()
        if person is None:
            raise CommandError(f"Nobody signs in with {email}. Run `manage.py seed_demo` first?")
        totp = Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).first()
        if totp is None:
            raise CommandError(f"{email} has no authenticator app: they sign in with a password.")
        # Only the demo's own secret: a real person's codes never leave their phone.
        if decrypt(totp.data["secret"]) != DEMO_TOTP_SECRET:
            raise CommandError(f"{email} uses their own authenticator app, not the demo's.")
        self.stdout.write(current_code(DEMO_TOTP_SECRET))
