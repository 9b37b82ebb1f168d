"""The payment run benchmark: a full run over the approved claims of the busiest organisation.

The run is the real code path (``runs.run_payments``: run items, the second
person's approval, BACS and CSV files, claims marked paid, the ledger posted)
inside a transaction that is rolled back, so every repeat pays the same claims.
The limit does the same database work in bare SQL: read the claims with their
bank details, mark them paid and post what is owed.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from alongside.accounts.models import Organisation, Role


def payment_run(f):
    try:
        from alongside.payments import runs
        from alongside.payments.models import Claim
    except ImportError:
        return None, "payment run: payments app not on main yet"
    busiest = (
        Claim.objects.filter(status=Claim.Status.APPROVED)
        .values("organisation_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    if not busiest:
        return None, "payment run: no approved claims in this database"
    organisation = Organisation.objects.get(pk=busiest["organisation_id"])
    finance = f.staff(Role.FINANCE, organisation.pk)
    from alongside.payments.bench import second_finance_user

    approver = second_finance_user(organisation, other_than=finance)
    from alongside.bench.operations import Operation

    return (
        Operation(
            f"payment run ({busiest['n']:,} claims)",
            lambda: runs.run_payments(organisation, by=finance, approver=approver),
            lambda: _run_in_sql(organisation.pk),
            kind="job",
        ),
        None,
    )


def _run_in_sql(organisation_id: int) -> int:
    from alongside.bench.operations import _sql, _table
    from alongside.payments.models import BankDetails, Claim, LedgerEntry, LedgerTransaction

    claims, bank, entries = _table(Claim), _table(BankDetails), _table(LedgerEntry)
    rows = _sql(
        f"SELECT c.id, c.contributor_id, c.method, c.fee_payable, c.expenses_total, b.encrypted "  # noqa: S608
        f"FROM {claims} c LEFT JOIN {bank} b ON b.contributor_id = c.contributor_id "
        "WHERE c.organisation_id = %s AND c.status = %s ORDER BY c.id",
        [organisation_id, "approved"],
    )
    approval = LedgerTransaction.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True)[
        0
    ]
    _sql(
        f"INSERT INTO {entries} (transaction_id, organisation_id, account, amount, contributor_id, claim_id) "  # noqa: S608
        f"SELECT %s, organisation_id, %s, fee_payable + expenses_total, contributor_id, id FROM {claims} "
        "WHERE organisation_id = %s AND status = %s",
        [approval, "owed", organisation_id, "approved"],
        fetch=False,
    )
    _sql(
        f"UPDATE {claims} SET status = %s, paid_at = %s WHERE organisation_id = %s AND status = %s",  # noqa: S608
        ["paid", timezone.now(), organisation_id, "approved"],
        fetch=False,
    )
    return len(rows)
