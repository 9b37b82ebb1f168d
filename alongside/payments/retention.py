"""Payment records after erasure (security catalogue item 98).

When a person who has been paid is erased, their payee record (claims, run lines, ledger
lines) is kept for financial records, and staff see why and until when. Their bank details,
bank-change history and payment preferences (which say whether they receive benefits) are
deleted at erasure. Once the retention period ends, ``purge_expired`` anonymises what is
left: amounts stay, so the ledger still balances; text and files that could identify them go.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from alongside.payments.models import (
    BankDetails,
    BankDetailsChange,
    Claim,
    ClaimEvent,
    Expense,
    LedgerEntry,
    PayeeRetention,
    PaymentPreference,
)
from alongside.people.models import Contributor

RETENTION_YEARS = 6


def financial_year_end(day: datetime.date) -> datetime.date:
    """The last day (5 April) of the UK financial year that ``day`` falls in."""
    end = datetime.date(day.year, 4, 5)
    return end if day <= end else datetime.date(day.year + 1, 4, 5)


def keep_until(last_paid: datetime.date) -> datetime.date:
    """Kept to the end of this day: six years after the end of the financial year of the last payment."""
    end = financial_year_end(last_paid)
    return end.replace(year=end.year + RETENTION_YEARS)


def _last_paid_on(contributor) -> datetime.date | None:
    last = Claim.objects.filter(contributor=contributor, paid_at__isnull=False).aggregate(last=Max("paid_at"))
    return timezone.localtime(last["last"]).date() if last["last"] else None


@transaction.atomic
def on_erasure(contributor) -> PayeeRetention | None:
    """Delete bank details at once; keep the payee record if there is money history to keep."""
    BankDetails.objects.filter(contributor=contributor).delete()
    BankDetailsChange.objects.filter(contributor=contributor).delete()
    PaymentPreference.objects.filter(contributor=contributor).delete()
    # Claims that never reached the ledger (drafts, refused) are no financial record: their
    # descriptions, reasons and receipts go now rather than at the end of the retention period.
    on_ledger = LedgerEntry.objects.filter(contributor=contributor).exclude(claim=None).values("claim_id")
    _anonymise_claims(contributor.pk, exclude=on_ledger)
    has_money = LedgerEntry.objects.filter(contributor=contributor).exists()
    if not has_money:
        return None
    last_paid = _last_paid_on(contributor)
    erased = contributor.erased_at or timezone.now()
    record, _created = PayeeRetention.objects.update_or_create(
        contributor=contributor,
        defaults={
            "erased_at": erased,
            "last_paid_on": last_paid,
            # Approved but never paid: the period runs from the erasure instead.
            "keep_until": keep_until(last_paid or timezone.localtime(erased).date()),
        },
    )
    return record


def purge_expired(today: datetime.date | None = None) -> int:
    """Anonymise every kept payee record whose retention has ended; returns how many."""
    today = today or timezone.localdate()
    due = PayeeRetention.objects.filter(keep_until__lt=today, purged_at__isnull=True)
    done = 0
    for record in due.order_by("pk").iterator():
        purge(record)
        done += 1
    return done


@transaction.atomic
def purge(record: PayeeRetention) -> None:
    record = PayeeRetention.objects.select_for_update().get(pk=record.pk)
    if record.purged_at is not None:
        return
    _anonymise_claims(record.contributor_id)
    # The ledger keeps its link to the (already erased) person row; the reference that tied it
    # to other systems goes, so nothing left points to a person.
    Contributor.objects.filter(pk=record.contributor_id).update(reference=f"P-{record.contributor_id}")
    record.purged_at = timezone.now()
    record.save(update_fields=["purged_at"])


def _anonymise_claims(contributor_id: int, exclude=None) -> None:
    """Claims keep their amounts (the ledger must still add up); text and files that could
    identify the person go."""
    claims = Claim.objects.filter(contributor_id=contributor_id)
    if exclude is not None:
        claims = claims.exclude(pk__in=exclude)
    expenses = Expense.objects.filter(claim__in=claims).exclude(receipt="")
    # A repaid claim shares its receipt with the claim it repays: a file a kept claim still
    # points at stays, and every other file is deleted once.
    kept = set(
        Expense.objects.exclude(claim__in=claims)
        .filter(receipt__in=expenses.values("receipt"))
        .values_list("receipt", flat=True)
    )
    for expense in expenses:
        if expense.receipt.name not in kept and expense.receipt.storage.exists(expense.receipt.name):
            expense.receipt.delete(save=False)
    Expense.objects.filter(claim__in=claims).update(description="", receipt="", receipt_type="")
    ClaimEvent.objects.filter(claim__in=claims).update(reason="")
    claims.update(payee_organisation="", rejected_reason="")
