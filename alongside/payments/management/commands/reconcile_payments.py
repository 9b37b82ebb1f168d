from django.core.management.base import BaseCommand

from alongside.payments import reconciliation


class Command(BaseCommand):
    help = (
        "Compare each finished payment run's export, ledger posting and bank confirmations; raise an "
        "alert for each difference (new payment runs wait until alerts are resolved). Run nightly."
    )

    def handle(self, *args, **options):
        raised = reconciliation.reconcile_all()
        self.stdout.write(f"Raised {raised} new reconciliation alerts.")
