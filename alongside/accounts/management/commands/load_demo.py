from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from alongside.accounts.demo import DEMO_PASSWORD
from alongside.core.discovery import app_modules


class Command(BaseCommand):
    help = "Load demo data for every app, lowest layer first (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print sign-in details.")

    def handle(self, *args, quiet=False, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded in production (ALONGSIDE_ENV=production).")
        logins = []
        with transaction.atomic():
            # Each app may have a demo.py with load_demo(); INSTALLED_APPS lists them in layer order.
            for config, module in app_modules("demo"):
                result = module.load_demo()
                if config.label == "accounts":
                    logins = result
        if not quiet:
            self._print(logins)

    def _print(self, logins):
        out = self.stdout.write
        out("\nDemo sign-in details (demo data only — never use these anywhere real):")
        out(f"  Staff password for every staff account: {DEMO_PASSWORD}")
        out("  Staff also need a code from an authenticator app; add the secret shown,")
        out("  or print the current code with:  .venv/bin/alongside totp_code EMAIL")
        for login in logins:
            secret = f"  authenticator secret {login.totp_secret}" if login.totp_secret else ""
            out(f"  {login.role:<20} {login.email:<34}{secret}")
        out("  Public contributors sign in with a code sent by email; in the demo the")
        out("  email is printed in the server's output.\n")
