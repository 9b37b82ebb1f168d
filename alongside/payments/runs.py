"""Payment runs: choose approved claims, write the files, mark each claim paid exactly once.

The pattern is GOV.UK Notify's job pattern. ``start_run`` gives every claim its
identity in the run (a ``PaymentRunItem`` with a sequence number) before any
work starts; a claim can belong to one run only (a unique constraint), and on
PostgreSQL claims being taken by another run are skipped (row locks with SKIP
LOCKED), so two finance users starting runs at once never share a claim.

``process_run`` then writes the files from the run's items and, in one database
transaction, marks the claims paid and posts one balanced ledger transaction for
the run (itself unique per run). It holds a lock on the run while it works. If
it is interrupted at any point, nothing is marked paid, and running it again
writes the same files and finishes the job; once finished, running it again does
nothing. So no claim is paid twice and none is dropped.
"""

from __future__ import annotations

import csv
import datetime
import functools
import hashlib
import io
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from alongside.accounts.permissions import has_role
from alongside.payments import bacs, crypto, ledger, reconciliation
from alongside.payments.bulk import insert_rows
from alongside.payments.models import (
    Account,
    Claim,
    ClaimEvent,
    CsvLayout,
    FinanceSettings,
    LedgerTransaction,
    Method,
    PaymentRun,
    PaymentRunItem,
)
from alongside.payments.money import PENNY, ZERO, to_money
from alongside.payments.services import APPROVERS

BATCH = 5000
# Columns finance can choose for the CSV, in the order offered.
CSV_COLUMNS = {
    "run": "Run",
    "sequence": "Line",
    "claim": "Claim",
    "contributor_reference": "Contributor reference",
    "payee_name": "Payee",
    "method": "Method",
    "payee_organisation": "Paid to organisation",
    "fee": "Payment for time",
    "expenses": "Expenses",
    "to_bank": "By bank transfer",
    "to_vouchers": "In vouchers",
    "to_organisation": "To organisation",
    "total": "Total",
    "approved_on": "Approved on",
    "sort_code": "Sort code",
    "account_number": "Account number",
}
DEFAULT_CSV_COLUMNS = [
    "run",
    "sequence",
    "claim",
    "contributor_reference",
    "payee_name",
    "method",
    "payee_organisation",
    "fee",
    "expenses",
    "to_bank",
    "to_vouchers",
    "to_organisation",
    "total",
    "approved_on",
]
FILES = {"csv": "payments.csv", "bacs": "bacs-standard-18.txt", "vouchers": "vouchers.csv"}


class RunError(Exception):
    pass


def split_payout(method: str, fee, expenses) -> tuple:
    """(to bank, to vouchers, to a named organisation) for a claim's payable fee and expenses."""
    # Both are stored to the penny, so their sum is exact: no rounding happens here.
    if method == Method.VOUCHER:
        return ZERO, fee + expenses, ZERO
    if method == Method.ORGANISATION:
        return expenses, ZERO, fee
    return fee + expenses, ZERO, ZERO


def _unclaimed_approved(organisation):
    taken = PaymentRunItem.objects.filter(claim=OuterRef("pk"))
    claims = Claim.objects.filter(organisation=organisation, status=Claim.Status.APPROVED).filter(
        ~Exists(taken)
    )
    if connection.features.has_select_for_update_skip_locked:
        # Claims another finance user's run is taking right now are skipped, not waited for.
        claims = claims.select_for_update(skip_locked=True)
    return claims.order_by("pk")


@transaction.atomic
def start_run(organisation, *, by, claim_ids=None) -> PaymentRun:
    """Take approved claims not yet in any run (all, or those in ``claim_ids``) into a new run."""
    if not has_role(by, organisation, APPROVERS):
        raise PermissionDenied
    reconciliation.ensure_no_open_alerts(organisation)
    claims = _unclaimed_approved(organisation)
    if claim_ids is not None:
        claims = claims.filter(pk__in=list(claim_ids))
    rows = _fetch(claims.values_list("pk", "method", "fee_payable", "expenses_total"))
    if not rows:
        raise RunError("There are no approved claims waiting to be paid.")
    run = PaymentRun.objects.create(
        organisation=organisation, created_by=by, processing_date=timezone.localdate()
    )
    items = []
    total = ZERO
    for sequence, (pk, method, fee, expenses) in enumerate(rows, start=1):
        to_bank, to_vouchers, to_org = split_payout(method, fee, expenses)
        total += to_bank + to_vouchers + to_org
        items.append((run.pk, pk, sequence, to_bank, to_vouchers, to_org))
    fields = ["run", "claim", "sequence", "to_bank", "to_vouchers", "to_organisation"]
    insert_rows(PaymentRunItem, fields, items)
    run.claim_count, run.total = len(items), to_money(total)
    run.save(update_fields=["claim_count", "total"])
    return run


@dataclass
class _Row:
    sequence: int
    claim_id: int
    contributor_id: int
    to_bank: object
    to_vouchers: object
    to_organisation: object
    fee: object
    expenses: object
    method: str
    payee_organisation: str
    approved_at: object
    reference: str
    first_name: str
    last_name: str
    encrypted: str | None


_ROW_FIELDS = (
    "sequence",
    "claim_id",
    "claim__contributor_id",
    "to_bank",
    "to_vouchers",
    "to_organisation",
    "claim__fee_payable",
    "claim__expenses_total",
    "claim__method",
    "claim__payee_organisation",
    "claim__approved_at",
    "claim__contributor__reference",
    "claim__contributor__first_name",
    "claim__contributor__last_name",
    "claim__contributor__bank_details__encrypted",
)


def _fetch(query) -> list[tuple]:
    """(pk, method, fee, expenses) rows through a plain cursor, amounts as Decimals."""
    money = _money_reader()
    try:
        sql, params = query.query.sql_with_params()
    except EmptyResultSet:  # for example, no claim ids were chosen
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(pk, method, money(fee), money(expenses)) for pk, method, fee, expenses in cursor.fetchall()]


def _money_reader():
    """Decimal pounds from a raw database value: PostgreSQL gives Decimals; SQLite gives numbers."""
    if connection.vendor == "postgresql":
        return lambda value: value
    return lambda value: Decimal(repr(value)).quantize(PENNY) if value is not None else ZERO


def _rows(run: PaymentRun):
    """The run's items in order, by a plain cursor (at 100,000 rows the ORM's per-row work is the cost)."""
    query = PaymentRunItem.objects.filter(run=run).order_by("sequence").values_list(*_ROW_FIELDS)
    sql, params = query.query.sql_with_params()
    money = _money_reader()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(BATCH):
            for r in chunk:
                yield _Row(r[0], r[1], r[2], money(r[3]), money(r[4]), money(r[5]), r[6], r[7], *r[8:])


def _originator(organisation) -> bacs.Originator:
    settings_row = FinanceSettings.objects.filter(organisation=organisation).first() or FinanceSettings(
        organisation=organisation
    )
    return bacs.Originator(
        service_user_number=settings_row.service_user_number,
        name=settings_row.originator_name or organisation.name,
        sort_code=settings_row.sort_code,
        account_number=settings_row.account_number,
    )


def csv_columns(organisation) -> list[str]:
    layout = CsvLayout.objects.filter(organisation=organisation).first()
    columns = [c for c in (layout.columns if layout else []) if c in CSV_COLUMNS]
    return columns or list(DEFAULT_CSV_COLUMNS)


class _HashingWriter:
    """A text file that also keeps the SHA-256 of what is written (for the run's record)."""

    def __init__(self):
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 - closed once saved to storage
        self.hash = hashlib.sha256()
        self.buffer = io.StringIO()

    def write(self, text: str) -> None:
        self.buffer.write(text)
        if self.buffer.tell() > 1 << 20:
            self.flush()

    def flush(self) -> None:
        data = self.buffer.getvalue().encode("utf-8")
        self.hash.update(data)
        self.file.write(data)
        self.buffer = io.StringIO()


def _name(row: _Row) -> str:
    return " ".join(p for p in (row.first_name, row.last_name) if p)


@functools.lru_cache(maxsize=4096)
def _local_date(value, tz) -> str:
    # Claims are approved in batches, so the same times repeat: worth remembering.
    if not value:
        return ""
    if isinstance(value, str):  # SQLite gives the UTC time as text
        value = datetime.datetime.fromisoformat(value).replace(tzinfo=datetime.UTC)
    return f"{value.astimezone(tz):%Y-%m-%d}"


def _csv_getters(columns: list[str], run_id: int, tz) -> list:
    """One function per chosen column, so each row does only the work its columns need."""
    money = _money_reader()
    getters = {
        "run": lambda r, b: run_id,
        "sequence": lambda r, b: r.sequence,
        "claim": lambda r, b: r.claim_id,
        "contributor_reference": lambda r, b: r.reference,
        "payee_name": lambda r, b: _name(r),
        "method": lambda r, b: r.method,
        "payee_organisation": lambda r, b: r.payee_organisation,
        "fee": lambda r, b: money(r.fee),
        "expenses": lambda r, b: money(r.expenses),
        "to_bank": lambda r, b: r.to_bank,
        "to_vouchers": lambda r, b: r.to_vouchers,
        "to_organisation": lambda r, b: r.to_organisation,
        "total": lambda r, b: r.to_bank + r.to_vouchers + r.to_organisation,
        "approved_on": lambda r, b: _local_date(r.approved_at, tz),
        "sort_code": lambda r, b: b.get("sort_code", ""),
        "account_number": lambda r, b: b.get("account_number", ""),
    }
    return [_guarded(getters[column]) if column in _TEXT else getters[column] for column in columns]


def _guarded(get):
    return lambda r, b: _cell(str(get(r, b)))


def _csv_row(getters, row: _Row, bank: dict) -> list:
    return [get(row, bank) for get in getters]


def _cell(value: str) -> str:
    # Text starting with these is run as a formula by spreadsheets (CSV injection).
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# Columns holding text people typed; the others are numbers, dates and codes Alongside made.
_TEXT = {"contributor_reference", "payee_name", "method", "payee_organisation"}


def _write_files(run: PaymentRun, crash: Callable[[str], None]) -> tuple[dict, list[tuple]]:
    aead = crypto.cipher()
    tz = timezone.get_current_timezone()
    columns = csv_columns(run.organisation)
    getters = _csv_getters(columns, run.pk, tz)
    needs_bank_in_csv = bool({"sort_code", "account_number"} & set(columns))
    outs = {kind: _HashingWriter() for kind in FILES}
    table = csv.writer(outs["csv"], lineterminator="\r\n")
    table.writerow([CSV_COLUMNS[c] for c in columns])
    vouchers = csv.writer(outs["vouchers"], lineterminator="\r\n")
    vouchers.writerow(["Voucher reference", "Contributor reference", "Name", "Amount"])
    origin = _originator(run.organisation)
    bank_file = bacs.Writer(
        outs["bacs"], origin, serial=f"{run.pk % 1_000_000:06d}", processing=run.processing_date
    )
    owed: list[tuple] = []
    for index, row in enumerate(_rows(run)):
        crash(f"row:{index}")
        bank = {}
        if row.encrypted and (row.to_bank > 0 or needs_bank_in_csv):
            bank = json.loads(
                crypto.decrypt(row.encrypted, crypto.bank_context(row.contributor_id), using=aead)
            )
        if row.to_bank > 0:
            if not bank:
                raise RunError(
                    f"Claim {row.claim_id} is to be paid by bank transfer but has no bank details."
                )
            bank_file.credit(
                sort_code=bank["sort_code"],
                account_number=bank["account_number"],
                name=bank["name"],
                pence=int(row.to_bank * 100),  # amounts are stored to the penny
                reference=f"INVOLVEMENT {row.claim_id}",
            )
        if row.to_vouchers > 0:
            vouchers.writerow([f"V{run.pk}-{row.sequence}", row.reference, _name(row), row.to_vouchers])
        total = row.to_bank + row.to_vouchers + row.to_organisation  # exact: each has two places
        if total > 0:
            table.writerow(_csv_row(getters, row, bank))
            owed.append((Account.OWED, total, row.contributor_id, None, row.claim_id))
    bank_file.close()
    for out in outs.values():
        out.flush()
    crash("files_built")
    for kind, name in FILES.items():
        path = file_name(run, kind)
        if default_storage.exists(path):
            default_storage.delete(path)
        outs[kind].file.seek(0)
        default_storage.save(path, File(outs[kind].file, name=name))
        outs[kind].file.close()
        crash(f"saved:{kind}")
    return {kind: out.hash.hexdigest() for kind, out in outs.items()}, owed


def file_name(run: PaymentRun, kind: str) -> str:
    return f"payment-runs/{run.organisation_id}/{run.pk}/{FILES[kind]}"


def _no_crash(point: str) -> None:
    return None


def process_run(run_id: int, *, crash: Callable[[str], None] | None = None) -> PaymentRun:
    """Write the run's files and mark its claims paid; safe to call again after any failure."""
    crash = crash or _no_crash
    with transaction.atomic():
        run = PaymentRun.objects.select_for_update().select_related("organisation").get(pk=run_id)
        if run.status == PaymentRun.Status.DONE:
            return run
        crash("start")
        sums, owed = _write_files(run, crash)
        now = timezone.now()
        Claim.objects.filter(run_item__run=run, status=Claim.Status.APPROVED).update(
            status=Claim.Status.PAID, paid_at=now
        )
        crash("claims_marked")
        paid_total = sum((row[1] for row in owed), ZERO)
        voucher_total = _voucher_total(run)
        ledger.post_rows(
            organisation=run.organisation,
            kind=LedgerTransaction.Kind.PAYMENT,
            rows=[
                *owed,
                (Account.BANK, -(paid_total - voucher_total), None, None, None),
                (Account.VOUCHERS, -voucher_total, None, None, None),
            ],
            run=run,
            created_by=run.created_by,
            memo=f"Payment run {run.pk}",
        )
        crash("ledger_posted")
        run.status, run.completed_at = PaymentRun.Status.DONE, now
        run.csv_sha256, run.bacs_sha256, run.vouchers_sha256 = sums["csv"], sums["bacs"], sums["vouchers"]
        run.save(update_fields=["status", "completed_at", "csv_sha256", "bacs_sha256", "vouchers_sha256"])
        crash("before_commit")
        transaction.on_commit(lambda: _after_paid(run.pk))
    return run


def _voucher_total(run: PaymentRun):
    from django.db.models import Sum

    return to_money(PaymentRunItem.objects.filter(run=run).aggregate(t=Sum("to_vouchers"))["t"] or 0)


def _after_paid(run_id: int) -> None:
    from alongside.payments.tasks import tell_paid

    tell_paid.enqueue(run_id)


def run_payments(organisation, *, by, claim_ids=None) -> PaymentRun:
    """Start a run over the approved claims and process it: the entry point for the bench helper."""
    run = start_run(organisation, by=by, claim_ids=claim_ids)
    return process_run(run.pk)


def record_paid_events(run: PaymentRun) -> None:
    ClaimEvent.objects.bulk_create(
        (
            ClaimEvent(claim_id=pk, kind=ClaimEvent.Kind.PAID)
            for pk in run.items.values_list("claim_id", flat=True)
        ),
        batch_size=BATCH,
    )
