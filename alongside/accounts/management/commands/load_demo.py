from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from alongside.accounts.demo import DEMO_PASSWORD
from alongside.core.discovery import app_modules

# The story sends a few hundred messages as it unfolds (outcomes, payment notices, newsletters).
# They are recorded as a real send records them, but printing every email would bury the
# sign-in details; emails sent once the server runs are printed as usual.
QUIET_EMAIL = "django.core.mail.backends.locmem.EmailBackend"


class Command(BaseCommand):
    help = "Load demo data for every app, lowest layer first (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print sign-in details.")

    def handle(self, *args, quiet=False, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded in production (ALONGSIDE_ENV=production).")
        logins = []
        with override_settings(EMAIL_BACKEND=QUIET_EMAIL):
            before = len(getattr(mail, "outbox", []))
            with transaction.atomic():
                # Each app may have a demo.py with load_demo(); INSTALLED_APPS lists them in layer order.
                for config, module in app_modules("demo"):
                    result = module.load_demo()
                    if config.label == "accounts":
                        logins = result
            emails = len(getattr(mail, "outbox", [])) - before
        if not quiet:
            self._print(logins, emails)

    def _print(self, logins, emails: int):
        out = self.stdout.write
        out("\nDemo sign-in details (demo data only — never use these anywhere real):")
        out(f"  Staff password for every staff account: {DEMO_PASSWORD}")
        out("  Staff also need a code from an authenticator app; add the secret shown,")
        out("  or print the current code with:  .venv/bin/alongside totp_code EMAIL\n")
        for login in logins:
            secret = f"  authenticator secret {login.totp_secret}" if login.totp_secret else ""
            out(f"  {login.role:<20} {login.name:<16} {login.email:<34}{secret}")
            if login.can:
                out(f"  {'':<20} {login.can}")
        out("\n  Public contributors sign in with a code sent by email; in the demo the")
        out("  email is printed in the server's output.")
        out("  A payment run waits for its second approver: sign in as finance2@northbridge.example")
        out("  (Owen Hughes) and open Staff area, then Payment runs.")
        if emails:
            out(f"  Loading the demo sent {emails} emails; they are not printed here (staff see every")
            out("  message under Messages). Emails sent from now on are printed as usual.")
        out("")
