from django.core.management.base import BaseCommand

from alongside.payments import retention


class Command(BaseCommand):
    help = (
        "Anonymise the payment records of erased people whose retention period has ended "
        "(six years after the end of the financial year of their last payment). Run daily."
    )

    def handle(self, *args, **options):
        purged = retention.purge_expired()
        self.stdout.write(f"Anonymised the payment records of {purged} people.")
