"""Background work for payments."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _
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
    expected = date_format(run.expected_arrival, "j F Y") if run.expected_arrival else ""
    for claim in claims.iterator(chunk_size=2000):
        # Sent, not yet paid: the bank may still return it (payments.arrival).
        told += notify(
            claim.contributor,
            _("Your payment is on its way"),
            _("We have sent your payment of %(amount)s to the bank. It should reach you by %(date)s.")
            % {"amount": format_money(claim.run_item.total), "date": expected},
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
