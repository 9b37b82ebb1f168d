"""Background work for payments."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from alongside.payments import notifications
from alongside.payments.models import ClaimEvent, PaymentRun


@task()
def tell_paid(run_id: int) -> int:
    """Record the 'paid' step on each claim of a finished run and tell each person. Safe to run twice."""
    from alongside.payments.runs import record_paid_events

    with transaction.atomic():
        run = PaymentRun.objects.select_for_update().get(pk=run_id)
        if ClaimEvent.objects.filter(claim__run_item__run=run, kind=ClaimEvent.Kind.PAID).exists():
            return 0  # already recorded and told
        record_paid_events(run)
        return notifications.payment_sent(run)


@task()
def process_run(run_id: int) -> str:
    """Finish a payment run in the background (safe to run again; see runs.process_run)."""
    from alongside.payments import runs

    return runs.process_run(run_id).status


@task()
def reconcile_payments() -> int:
    """The nightly reconciliation (also ``alongside reconcile_payments``); safe to run at any time."""
    from alongside.payments import reconciliation

    return reconciliation.reconcile_all()


@task()
def purge_payee_records() -> int:
    """Daily: anonymise kept payee records whose retention has ended (``alongside purge_payee_records``)."""
    from alongside.payments import retention

    return retention.purge_expired()
