import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Print the current authenticator code of a demo staff account (not in production)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        if settings.PRODUCTION:
            raise CommandError("Not available in production.")
        auth = Authenticator.objects.filter(user__email=email.lower(), type=Authenticator.Type.TOTP).first()
        if auth is None:
            raise CommandError(f"{email} has no authenticator.")
        secret = decrypt(auth.data["secret"])
        self.stdout.write(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
