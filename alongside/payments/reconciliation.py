"""Nightly reconciliation of payment runs (security catalogue item 97).

For each finished run it compares three records that must agree: the lines exported
(``PaymentRunItem``), the ledger's payment posting for the run, and the bank's
confirmations. Each difference raises a ``ReconciliationAlert`` once; while any alert is
open, ``runs.start_run`` refuses new runs for that organisation, so money never goes out
on top of an unexplained difference. Finance resolve an alert with a note.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import Organisation
from alongside.accounts.permissions import has_role
from alongside.payments import ledger
from alongside.payments.errors import ClaimError, RunError
from alongside.payments.models import (
    Account,
    FinanceSettings,
    LedgerEntry,
    LedgerTransaction,
    PaymentConfirmation,
    PaymentRun,
    PaymentRunItem,
    ReconciliationAlert,
)
from alongside.payments.money import to_money
from alongside.payments.roles import APPROVERS

Kind = ReconciliationAlert.Kind

logger = logging.getLogger(__name__)


def open_alerts(organisation):
    return ReconciliationAlert.objects.filter(organisation=organisation, resolved_at__isnull=True)


def ensure_no_open_alerts(organisation) -> None:
    """The guard at the top of ``runs.start_run``."""
    count = open_alerts(organisation).count()
    if count:
        raise RunError(
            _(
                "Payment runs are paused: %(n)s reconciliation alert(s) are open. Check and resolve "
                "them on the payment runs page, then start the run."
            )
            % {"n": count}
        )


def due_days(organisation) -> int:
    return FinanceSettings.of(organisation.pk).confirmation_due_days


def reconcile(organisation, now: datetime.datetime | None = None) -> list[ReconciliationAlert]:
    """Check every finished run of the organisation; return the alerts newly raised."""
    now = now or timezone.now()
    overdue_before = now - datetime.timedelta(days=due_days(organisation))
    raised = []
    runs = PaymentRun.objects.filter(organisation=organisation, status=PaymentRun.Status.DONE)
    for run in runs.order_by("pk").iterator():
        for kind, key, detail in differences(run, overdue=run.completed_at < overdue_before):
            alert = _raise(run, kind, key, detail)
            if alert is not None:
                raised.append(alert)
    return raised


def reconcile_all(now: datetime.datetime | None = None) -> int:
    orphans = list(ledger.orphaned_entries().values_list("pk", flat=True)[:20])
    if orphans:
        logger.error("Ledger lines refer to rows that no longer exist: %s", orphans)
    organisations = Organisation.objects.filter(
        pk__in=PaymentRun.objects.filter(status=PaymentRun.Status.DONE).values("organisation_id")
    )
    return sum(len(reconcile(organisation, now)) for organisation in organisations)


def _raise(run: PaymentRun, kind: str, key: str, detail: str) -> ReconciliationAlert | None:
    try:
        with transaction.atomic():
            alert, created = ReconciliationAlert.objects.get_or_create(
                organisation_id=run.organisation_id,
                key=key,
                defaults={"run": run, "kind": kind, "detail": detail},
            )
    except IntegrityError:  # raised by a parallel check a moment ago
        return None
    return alert if created else None


def differences(run: PaymentRun, *, overdue: bool):
    """(kind, key, detail) for each way the export, the ledger and the confirmations disagree."""
    exported = {
        claim_id: (sequence, to_money(bank + vouchers + org))
        for sequence, claim_id, bank, vouchers, org in PaymentRunItem.objects.filter(run=run).values_list(
            "sequence", "claim_id", "to_bank", "to_vouchers", "to_organisation"
        )
    }
    yield from _ledger_differences(run, exported)
    yield from _confirmation_differences(run, exported, overdue=overdue)


def _ledger_differences(run: PaymentRun, exported: dict):
    posting = LedgerTransaction.objects.filter(run=run, kind=LedgerTransaction.Kind.PAYMENT).first()
    if posting is None:
        yield (
            Kind.LEDGER,
            f"run:{run.pk}:no-posting",
            _("Run %(run)s is finished but the ledger has no payment posting for it.") % {"run": run.pk},
        )
        return
    paid = defaultdict(Decimal)
    rows = (
        LedgerEntry.objects.filter(transaction=posting, account=Account.OWED)
        .values("claim_id")
        .annotate(total=Sum("amount"))
    )
    for row in rows:
        paid[row["claim_id"]] = to_money(row["total"])
    for claim_id, (sequence, total) in exported.items():
        if total and paid.get(claim_id) != total:
            yield (
                Kind.LEDGER,
                f"run:{run.pk}:line:{sequence}:ledger",
                _(
                    "Run %(run)s line %(line)s (claim %(claim)s) was exported for £%(total)s but the ledger "
                    "shows £%(paid)s paid."
                )
                % {
                    "run": run.pk,
                    "line": sequence,
                    "claim": claim_id,
                    "total": total,
                    "paid": paid.get(claim_id, 0),
                },
            )
    for claim_id, amount in paid.items():
        if claim_id not in exported:
            yield (
                Kind.NOT_EXPORTED,
                f"run:{run.pk}:ledger-claim:{claim_id}",
                _(
                    "The ledger shows £%(amount)s paid for claim %(claim)s in run %(run)s, "
                    "which is not in its export."
                )
                % {"amount": amount, "claim": claim_id, "run": run.pk},
            )


def _confirmation_differences(run: PaymentRun, exported: dict, *, overdue: bool):
    confirmed = {}
    rows = PaymentConfirmation.objects.filter(run=run).values_list("item__run_id", "item__claim_id", "amount")
    for item_run, claim_id, amount in rows:
        if item_run != run.pk or claim_id not in exported:
            yield (
                Kind.NOT_EXPORTED,
                f"run:{run.pk}:confirmed-claim:{claim_id}",
                _("A confirmation for run %(run)s names claim %(claim)s, which is not in its export.")
                % {"run": run.pk, "claim": claim_id},
            )
            continue
        confirmed[claim_id] = amount
    for claim_id, (sequence, total) in exported.items():
        if claim_id not in confirmed:
            if overdue:
                yield (
                    Kind.UNCONFIRMED,
                    f"run:{run.pk}:line:{sequence}:unconfirmed",
                    _(
                        "Run %(run)s line %(line)s (claim %(claim)s, £%(total)s) "
                        "has not been confirmed by the bank."
                    )
                    % {"run": run.pk, "line": sequence, "claim": claim_id, "total": total},
                )
        elif confirmed[claim_id] is not None and to_money(confirmed[claim_id]) != total:
            yield (
                Kind.AMOUNT,
                f"run:{run.pk}:line:{sequence}:amount",
                _(
                    "Run %(run)s line %(line)s (claim %(claim)s) was exported for £%(total)s but the bank "
                    "confirmed £%(amount)s."
                )
                % {
                    "run": run.pk,
                    "line": sequence,
                    "claim": claim_id,
                    "total": total,
                    "amount": confirmed[claim_id],
                },
            )


@transaction.atomic
def resolve(alert: ReconciliationAlert, *, by, note: str) -> ReconciliationAlert:
    """Finance close an alert with what they found and did; the note is kept."""
    alert = ReconciliationAlert.objects.select_for_update().get(pk=alert.pk)
    if not has_role(by, alert.organisation_id, APPROVERS):
        raise PermissionDenied
    note = (note or "").strip()
    if not note:
        raise ClaimError(_("Enter what you found and did"), field="reason")
    if alert.resolved_at is not None:
        raise ClaimError(_("This alert was already resolved."))
    alert.resolved_at, alert.resolved_by, alert.resolution = timezone.now(), by, note
    alert.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    return alert
