from django.core.management.base import BaseCommand

from alongside.outreach import services


class Command(BaseCommand):
    help = "Send scheduled messages and retries that are due, and pick up deliveries a crashed worker left."

    def handle(self, *args, **options):
        handled = services.send_due()
        self.stdout.write(f"Handled {handled} deliveries.")
