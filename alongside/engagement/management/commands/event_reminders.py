from django.core.management.base import BaseCommand

from alongside.engagement import events


class Command(BaseCommand):
    help = "Remind everyone with a place at an event starting within two days (each person once)."

    def handle(self, *args, **options):
        sent = sum(events.send_reminders(event) for event in events.due_for_reminders())
        self.stdout.write(f"Reminded {sent} people.")
