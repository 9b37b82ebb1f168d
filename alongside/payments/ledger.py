"""Posting to the double-entry ledger, and balances derived from it.

Every transaction's lines sum to exactly zero; this is checked here before
anything is written, inside the caller's database transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Sum

from alongside.payments.bulk import insert_from_query, insert_rows
from alongside.payments.models import Account, LedgerEntry, LedgerTransaction
from alongside.payments.money import ZERO, to_money


class UnbalancedTransaction(ValueError):
    pass


@dataclass
class Line:
    account: str
    amount: Decimal
    contributor_id: int | None = None
    project_id: int | None = None
    claim_id: int | None = None


# A ledger line's columns, in the order every posting writes them.
ENTRY_FIELDS = ["transaction", "organisation", "account", "amount", "contributor", "project", "claim"]


def _new_transaction(organisation, kind: str, memo: str, links: dict) -> LedgerTransaction:
    return LedgerTransaction.objects.create(organisation=organisation, kind=kind, memo=memo[:200], **links)


def post(*, organisation, kind: str, lines: Iterable[Line], memo: str = "", **links):
    """Write one balanced transaction. ``links`` are claim, run, reverses, created_by."""
    lines = [line for line in lines if to_money(line.amount) != 0]
    total = sum((to_money(line.amount) for line in lines), ZERO)
    if total != 0:
        raise UnbalancedTransaction(f"Ledger lines sum to {total}, not zero.")
    with transaction.atomic():
        txn = _new_transaction(organisation, kind, memo, links)
        rows = (
            (line.account, to_money(line.amount), line.contributor_id, line.project_id, line.claim_id)
            for line in lines
        )
        insert_rows(LedgerEntry, ENTRY_FIELDS, ((txn.pk, organisation.pk, *row) for row in rows))
    return txn


def post_selected(*, organisation, kind: str, lines_query, rows: list[tuple], memo: str = "", **links):
    """``post`` for the largest postings: most lines come straight from the database.

    ``lines_query`` is a ``values_list`` of (account, amount, contributor_id, project_id,
    claim_id), copied into the ledger by one ``INSERT … SELECT`` with no Python per line;
    ``rows`` are further lines in the same layout (the balancing ones). The transaction's
    lines are then summed in the database and must come to exactly zero, or nothing is kept.
    """
    with transaction.atomic():
        txn = _new_transaction(organisation, kind, memo, links)
        insert_from_query(LedgerEntry, ENTRY_FIELDS, (txn.pk, organisation.pk), lines_query)
        extra = ((txn.pk, organisation.pk, *row) for row in rows if row[1] != 0)
        insert_rows(LedgerEntry, ENTRY_FIELDS, extra)
        total = to_money(LedgerEntry.objects.filter(transaction=txn).aggregate(t=Sum("amount"))["t"] or 0)
        if total != 0:
            raise UnbalancedTransaction(f"Ledger lines sum to {total}, not zero.")
    return txn


def reverse(original: LedgerTransaction, *, created_by=None, memo: str = "") -> LedgerTransaction:
    """Post the mirror image of ``original``. A transaction can be reversed once."""
    lines = [
        Line(e.account, -e.amount, e.contributor_id, e.project_id, e.claim_id) for e in original.entries.all()
    ]
    return post(
        organisation=original.organisation,
        kind=LedgerTransaction.Kind.REVERSAL,
        lines=lines,
        memo=memo or f"Reversal of {original}",
        claim=original.claim,
        reverses=original,
        created_by=created_by,
    )


def balance(account: str | None = None, **filters) -> Decimal:
    """Sum of entries, e.g. ``balance(Account.OWED, contributor=c)``; filter by organisation, project…"""
    entries = LedgerEntry.objects.filter(**filters)
    if account:
        entries = entries.filter(account=account)
    return to_money(entries.aggregate(total=Sum("amount"))["total"] or 0)


def balances(**filters) -> dict[str, Decimal]:
    rows = LedgerEntry.objects.filter(**filters).values("account").annotate(total=Sum("amount"))
    found = {row["account"]: to_money(row["total"]) for row in rows}
    return {account: found.get(account, ZERO) for account in Account.values}


def unbalanced_transactions():
    """Transactions whose lines do not sum to zero (there should never be any)."""
    return (
        LedgerEntry.objects.values("transaction")
        .annotate(total=Sum("amount"))
        .exclude(total=0)
        .values_list("transaction", flat=True)
    )


def orphaned_entries():
    """Ledger lines whose claim, contributor, project or organisation no longer exists.

    These references carry no database foreign-key check (see ``LedgerEntry``), so this is
    the check: there should never be any. Reconciliation runs it nightly.
    """
    from alongside.accounts.models import Organisation
    from alongside.opportunities.models import Project
    from alongside.payments.models import Claim
    from alongside.people.models import Contributor

    missing = Q()
    for field, model in (
        ("claim", Claim),
        ("contributor", Contributor),
        ("project", Project),
        ("organisation", Organisation),
    ):
        exists = Exists(model.objects.filter(pk=OuterRef(f"{field}_id")))
        missing |= Q(**{f"{field}_id__isnull": False}) & ~exists
    return LedgerEntry.objects.filter(missing)
