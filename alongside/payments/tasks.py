"""Background work for payments."""

from __future__ import annotations

from django_tasks import task

from alongside.payments.models import Claim, PaymentRun
from alongside.payments.money import format_money
from alongside.payments.notifications import notify


@task()
def tell_paid(run_id: int) -> int:
    """Record the 'paid' step on each claim of a finished run and tell each person."""
    from alongside.payments.runs import record_paid_events

    run = PaymentRun.objects.get(pk=run_id)
    record_paid_events(run)
    told = 0
    claims = Claim.objects.filter(run_item__run=run).select_related("contributor", "run_item")
    for claim in claims.iterator(chunk_size=2000):
        told += notify(
            claim.contributor,
            "Your payment is on its way",
            f"We have paid your claim for {format_money(claim.run_item.total)}. "
            "Bank transfers usually arrive within three working days.",
        )
    return told


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
