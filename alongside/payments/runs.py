"""Payment runs: choose approved claims, write the files, mark each claim paid exactly once.

The pattern is GOV.UK Notify's job pattern. ``start_run`` gives every claim its
identity in the run (a ``PaymentRunItem`` with a sequence number) before any
work starts; a claim can belong to one run only (a unique constraint), and on
PostgreSQL claims being taken by another run are skipped (row locks with SKIP
LOCKED), so two finance users starting runs at once never share a claim.

Paying is maker and checker: the finance user who starts a run cannot approve
it; ``approve_run`` by a second finance user records who and when and queues
the work. Before the files are written, the run's count and total are checked
against its claims again, and a run whose amounts no longer match loses its
approval (catalogue H.92).

``process_run`` then writes the files from the run's items and, in one database
transaction, marks the claims paid and posts one balanced ledger transaction for
the run (itself unique per run). It holds a lock on the run while it works. If
it is interrupted at any point, nothing is marked paid, and running it again
writes the same files and finishes the job; once finished, running it again does
nothing. So no claim is paid twice and none is dropped.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import BigIntegerField, CharField, Count, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.permissions import has_role
from alongside.payments import arrival, bacs, crypto, holds, ledger, reconciliation, run_lines
from alongside.payments.bulk import insert_rows
from alongside.payments.errors import RunError
from alongside.payments.models import (
    Account,
    Claim,
    ClaimEvent,
    CsvLayout,
    FinanceSettings,
    LedgerTransaction,
    Method,
    PaymentRun,
    PaymentRunEvent,
    PaymentRunItem,
)
from alongside.payments.money import ZERO, to_money
from alongside.payments.roles import APPROVERS

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
    claims = (
        Claim.objects.filter(organisation=organisation, status=Claim.Status.APPROVED)
        .filter(~Exists(taken))
        # Bank transfers to details changed in the last few days wait for the hold to end.
        .exclude(holds.held_claims_filter(organisation))
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
    _one_preparation_at_a_time(organisation)
    reconciliation.ensure_no_open_alerts(organisation)
    _ensure_bacs_details(organisation)
    claims = _unclaimed_approved(organisation)
    if claim_ids is not None:
        claims = claims.filter(pk__in=list(claim_ids))
    rows = _fetch(claims.values_list("pk", "method", "fee_payable", "expenses_total"))
    if not rows:
        raise RunError(_nothing_to_pay(organisation))
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
    PaymentRunEvent.objects.create(run=run, kind=PaymentRunEvent.Kind.STARTED, actor=by)
    return run


# The first key of PostgreSQL advisory locks taken while preparing a run; the second is the organisation.
RUN_PREPARATION_LOCK = 0x50415952  # "PAYR"


def _one_preparation_at_a_time(organisation) -> None:
    """Serialise run preparation per organisation, so a second person is told, not given an error.

    Row locks alone are not enough: a run started a moment earlier can commit its items while this
    one is reading, and this one would then try to take the same claims (a unique violation). On
    PostgreSQL a transaction-level advisory lock is tried; on SQLite every transaction takes the
    write lock when it begins (``transaction_mode`` IMMEDIATE in settings), which serialises already.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(%s, %s)", [RUN_PREPARATION_LOCK, organisation.pk & 0x7FFFFFFF]
        )
        locked = cursor.fetchone()[0]
    if not locked:
        raise RunError(
            _(
                "Someone else in finance is preparing a payment run for this organisation right now. "
                "Wait a moment, then look at the list of payment runs."
            )
        )


def _nothing_to_pay(organisation) -> str:
    waiting = (
        PaymentRun.objects.filter(organisation=organisation, status=PaymentRun.Status.READY)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
        .first()
    )
    if waiting is None:
        return _("There are no approved claims waiting to be paid.")
    return _(
        "There are no approved claims waiting to be paid that are not already in a run: run %(run)s, "
        "prepared by %(who)s, is waiting for approval."
    ) % {"run": waiting.pk, "who": waiting.created_by}


def _locked_run(run_id: int) -> PaymentRun:
    return PaymentRun.objects.select_for_update().select_related("organisation").get(pk=run_id)


def _waiting_run(run: PaymentRun, by, refusal: str) -> PaymentRun:
    """The run, locked, once ``by`` may act on it and it still waits for approval.

    ``refusal`` is the message when it no longer waits, with ``{status}`` for its status.
    """
    run = _locked_run(run.pk)
    if not has_role(by, run.organisation, APPROVERS):
        raise PermissionDenied
    if run.status != PaymentRun.Status.READY:
        raise RunError(refusal.format(status=run.get_status_display()))
    return run


def approval_refusal(run: PaymentRun, user) -> str | None:
    """Why ``user`` may not approve ``run``, or None when they may.

    Maker and checker: a waiting run may be approved by anyone in its organisation's finance team
    except whoever prepared it and anyone it would pay.
    """
    if run.status != PaymentRun.Status.READY:
        return _("This run cannot be approved: it is “%(status)s”.") % {"status": run.get_status_display()}
    if not has_role(user, run.organisation_id, APPROVERS):
        return _("Only finance staff of the organisation that prepared this run can approve it.")
    if run.created_by_id == user.pk:
        return _("You prepared this run, so you cannot approve it: someone else in finance must.")
    if PaymentRunItem.objects.filter(run=run, claim__contributor__user_id=user.pk).exists():
        return _("This run pays a claim of yours, so someone else in finance must approve it.")
    return None


def may_approve(run: PaymentRun, user) -> bool:
    return approval_refusal(run, user) is None


@transaction.atomic
def approve_run(run: PaymentRun, *, by) -> PaymentRun:
    """The second pair of eyes: someone in finance other than the run's maker lets it be paid."""
    run = _waiting_run(run, by, "This run cannot be approved: it is “{status}”.")
    refused = approval_refusal(run, by) or bacs_refusal(run.organisation)
    if refused is not None:
        raise RunError(refused)
    if not amounts_unchanged(run):
        raise RunError("The claims in this run have changed since it was started. Cancel it and start again.")
    run.status, run.approved_by, run.approved_at = PaymentRun.Status.APPROVED, by, timezone.now()
    run.save(update_fields=["status", "approved_by", "approved_at"])
    PaymentRunEvent.objects.create(run=run, kind=PaymentRunEvent.Kind.APPROVED, actor=by)
    return run


@transaction.atomic
def cancel_run(run: PaymentRun, *, by, reason: str) -> PaymentRun:
    """Drop a run that has not been approved; its claims wait for the next run. Nothing was paid."""
    run = _waiting_run(run, by, "Only a run waiting for approval can be cancelled; this one is “{status}”.")
    if not (reason or "").strip():
        raise RunError("Enter the reason for cancelling the run.")
    run.items.all().delete()  # the items only reserved the claims; no money moved
    run.status = PaymentRun.Status.CANCELLED
    run.save(update_fields=["status"])
    PaymentRunEvent.objects.create(
        run=run, kind=PaymentRunEvent.Kind.CANCELLED, actor=by, note=reason.strip()
    )
    return run


def amounts_unchanged(run: PaymentRun) -> bool:
    """True when the run's claims are all still approved and add up to the run's count and total."""
    found = PaymentRunItem.objects.filter(run=run).aggregate(
        n=Count("pk"),
        total=Sum(F("to_bank") + F("to_vouchers") + F("to_organisation")),
        approved=Count("pk", filter=Q(claim__status=Claim.Status.APPROVED)),
        claimed=Sum(F("claim__fee_payable") + F("claim__expenses_total")),
    )
    expected = (run.claim_count, run.total)
    in_items = (found["n"], to_money(found["total"] or 0))
    in_claims = (found["approved"], to_money(found["claimed"] or 0))
    return in_items == expected == in_claims


def _withdraw_approval(run: PaymentRun) -> PaymentRun:
    run.status, run.approved_by, run.approved_at = PaymentRun.Status.READY, None, None
    run.save(update_fields=["status", "approved_by", "approved_at"])
    PaymentRunEvent.objects.create(
        run=run,
        kind=PaymentRunEvent.Kind.APPROVAL_WITHDRAWN,
        note="The claims changed after approval, so nothing was paid. Cancel the run and start again.",
    )
    return run


def _fetch(query) -> list[tuple]:
    """(pk, method, fee, expenses) rows through a plain cursor, amounts as Decimals."""
    money = run_lines.money_reader()
    try:
        sql, params = query.query.sql_with_params()
    except EmptyResultSet:  # for example, no claim ids were chosen
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(pk, method, money(fee), money(expenses)) for pk, method, fee, expenses in cursor.fetchall()]


def bacs_refusal(organisation) -> str | None:
    """Why no bank file can be written for ``organisation`` yet (its Bacs details), or None."""
    missing = FinanceSettings.of(organisation.pk).missing_bacs_details()
    if not missing:
        return None
    return _(
        "No bank file can be written until your organisation's Bacs details are filled in (%(missing)s). "
        "Someone in finance can fill them in under Payment runs, Bacs details."
    ) % {"missing": ", ".join(missing)}


def _ensure_bacs_details(organisation) -> None:
    refused = bacs_refusal(organisation)
    if refused is not None:
        raise RunError(refused)


def _originator(organisation) -> bacs.Originator:
    _ensure_bacs_details(organisation)  # never a file with made-up details
    settings_row = FinanceSettings.of(organisation.pk)
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


def _write_files(
    run: PaymentRun,
    lines: list[tuple],
    columns: list[str],
    origin: bacs.Originator,
    crash: Callable[[str], None],
) -> dict[str, str]:
    """Build and store the run's files from its lines; no database access (it runs in a thread)."""
    aead = crypto.cipher()
    csv_row = run_lines.csv_maker(columns)
    needs_bank_in_csv = bool(run_lines.BANK_COLUMNS & set(columns))
    outs = {kind: _HashingWriter() for kind in FILES}
    table = csv.writer(outs["csv"], lineterminator="\r\n")
    table.writerow([CSV_COLUMNS[c] for c in columns])
    vouchers = csv.writer(outs["vouchers"], lineterminator="\r\n")
    vouchers.writerow(["Voucher reference", "Contributor reference", "Name", "Amount"])
    bank_file = bacs.Writer(
        outs["bacs"], origin, serial=f"{run.pk % 1_000_000:06d}", processing=run.processing_date
    )
    L = run_lines  # noqa: N806 - short name for the line positions in the loop below
    for index, line in enumerate(lines):
        crash(f"row:{index}")
        claim_id, to_bank, to_vouchers, total = (
            line[L.CLAIM],
            line[L.TO_BANK],
            line[L.TO_VOUCHERS],
            line[L.TOTAL],
        )
        bank = {}
        if line[L.ENCRYPTED] and (to_bank > 0 or needs_bank_in_csv):
            context = crypto.bank_context(line[L.CONTRIBUTOR])
            bank = json.loads(crypto.decrypt(line[L.ENCRYPTED], context, using=aead))
        if to_bank > 0:
            if not bank:
                raise RunError(f"Claim {claim_id} is to be paid by bank transfer but has no bank details.")
            bank_file.credit(
                sort_code=bank["sort_code"],
                account_number=bank["account_number"],
                name=bank["name"],
                pence=int(to_bank * 100),  # amounts are stored to the penny
                reference=bank_reference(claim_id),
            )
        if to_vouchers > 0:
            voucher = f"V{run.pk}-{line[L.SEQUENCE]}"
            vouchers.writerow([voucher, line[L.REFERENCE], line[L.NAME], to_vouchers])
        if total > 0:
            table.writerow(csv_row(line, bank))
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
    return {kind: out.hash.hexdigest() for kind, out in outs.items()}


def bank_reference(claim_id: int) -> str:
    """What the payee's bank statement shows (18 characters at most): never cuts the claim number."""
    reference = f"INVOLVEMENT {claim_id}"
    return reference if len(reference) <= bacs.REFERENCE_WIDTH else f"INV {claim_id}"


def file_name(run: PaymentRun, kind: str) -> str:
    return f"payment-runs/{run.organisation_id}/{run.pk}/{FILES[kind]}"


def _no_crash(point: str) -> None:
    return None


def process_run(run_id: int, *, crash: Callable[[str], None] | None = None) -> PaymentRun:
    """Write the run's files and mark its claims paid; safe to call again after any failure."""
    crash = crash or _no_crash
    with transaction.atomic():
        run = _locked_run(run_id)
        if run.status != PaymentRun.Status.APPROVED:
            return run  # finished already, cancelled, or not approved yet: nothing to do
        if not amounts_unchanged(run):
            return _withdraw_approval(run)
        crash("start")
        now = timezone.now()
        # Read everything the files need here, in this transaction; then build the files in a
        # second thread while this one marks the claims paid and posts the ledger. The database
        # works while Python formats (about 3 s saved at 100,000 claims), and everything is still
        # one database transaction: if either side fails, nothing is marked paid.
        lines = list(run_lines.lines(run))
        columns, origin = csv_columns(run.organisation), _originator(run.organisation)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="payment-run-files") as pool:
            files = pool.submit(_write_files, run, lines, columns, origin, crash)
            try:
                Claim.objects.filter(run_item__run=run, status=Claim.Status.APPROVED).update(
                    status=Claim.Status.PAID, paid_at=now
                )
                crash("claims_marked")
                _post_payment(run)
                crash("ledger_posted")
            finally:
                sums = files.result()  # waits for the files; raises what stopped them
        run.status, run.completed_at = PaymentRun.Status.DONE, now
        run.expected_arrival = arrival.bacs_arrival(timezone.localdate(now))
        run.csv_sha256, run.bacs_sha256, run.vouchers_sha256 = sums["csv"], sums["bacs"], sums["vouchers"]
        run.save(
            update_fields=[
                "status",
                "completed_at",
                "expected_arrival",
                "csv_sha256",
                "bacs_sha256",
                "vouchers_sha256",
            ]
        )
        PaymentRunEvent.objects.create(run=run, kind=PaymentRunEvent.Kind.DONE, at=now)
        crash("before_commit")
        transaction.on_commit(lambda: _after_paid(run.pk))
    return run


def _post_payment(run: PaymentRun) -> None:
    """One balanced ledger transaction: each claim's debt settled, paid from the bank and vouchers."""
    paid = PaymentRunItem.objects.filter(run=run).annotate(
        paid=F("to_bank") + F("to_vouchers") + F("to_organisation")
    )
    paid = paid.filter(paid__gt=0)
    sums = paid.aggregate(total=Sum("paid"), vouchers=Sum("to_vouchers"))
    total, vouchers = to_money(sums["total"] or 0), to_money(sums["vouchers"] or 0)
    owed = paid.annotate(
        account=Value(Account.OWED, output_field=CharField()),
        project=Cast(Value(None), output_field=BigIntegerField()),  # typed: PostgreSQL needs it
    ).values_list("account", "paid", "claim__contributor_id", "project", "claim_id")
    ledger.post_selected(
        organisation=run.organisation,
        kind=LedgerTransaction.Kind.PAYMENT,
        lines_query=owed.order_by("sequence"),
        rows=[
            (Account.BANK, -(total - vouchers), None, None, None),
            (Account.VOUCHERS, -vouchers, None, None, None),
        ],
        run=run,
        created_by=run.created_by,
        memo=f"Payment run {run.pk}",
    )


def _after_paid(run_id: int) -> None:
    from alongside.payments.tasks import tell_paid

    tell_paid.enqueue(run_id)


def run_payments(organisation, *, by, approver, claim_ids=None) -> PaymentRun:
    """Start a run over the approved claims, approve it and process it (tests and the bench)."""
    run = start_run(organisation, by=by, claim_ids=claim_ids)
    approve_run(run, by=approver)
    return process_run(run.pk)


def record_paid_events(run: PaymentRun) -> None:
    """The 'paid' step on each claim of the run. A claim has one 'paid' event ever (a unique index),
    so a retried follow-up records nothing a second time."""
    ClaimEvent.objects.bulk_create(
        (
            ClaimEvent(claim_id=pk, kind=ClaimEvent.Kind.PAID)
            for pk in run.items.values_list("claim_id", flat=True)
        ),
        batch_size=BATCH,
        ignore_conflicts=True,
    )
