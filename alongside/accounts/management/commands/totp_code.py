from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from alongside.accounts.authenticator_codes import current_code


class Command(BaseCommand):
    help = "Print the current authenticator code of a demo staff account (not in production)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        if settings.PRODUCTION:
            raise CommandError("Not available in production.")
        try:
            self.stdout.write(current_code(email))
        except LookupError as error:
            raise CommandError(str(error)) from error
