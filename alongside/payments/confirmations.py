"""Importing the confirmation file finance get back from their bank or finance system.

Security catalogue item 91. The file says, for each line of a payment run, whether it was
paid or failed. The whole file is checked before anything changes; any bad row means
nothing is applied. A file is imported once (by SHA-256) and a line is confirmed once, so
importing again never confirms twice. A failed line reverses that claim's payment in the
ledger (a reversal, never a deletion) and a new approved claim carries the debt to a later run.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.permissions import has_role
from alongside.payments import ledger, services
from alongside.payments.ledger import Line
from alongside.payments.models import (
    Account,
    Claim,
    ClaimEvent,
    ClaimLine,
    ConfirmationImport,
    Expense,
    LedgerTransaction,
    PaymentConfirmation,
    PaymentRun,
    PaymentRunItem,
)
from alongside.payments.money import format_money
from alongside.payments.policy import NoPolicy, policy_in_force
from alongside.payments.roles import APPROVERS

COLUMNS = ["run", "line", "claim", "amount", "status", "reason", "bank_reference"]
REQUIRED = {"line", "claim", "status"}
STATUSES = {"paid": PaymentConfirmation.Status.PAID, "failed": PaymentConfirmation.Status.FAILED}
MAX_BYTES = 10 * 1024 * 1024


@dataclass
class Row:
    number: int
    item: PaymentRunItem
    status: str
    amount: Decimal | None
    reason: str
    bank_reference: str


@dataclass
class Result:
    errors: list[str] = field(default_factory=list)
    already_imported: ConfirmationImport | None = None
    record: ConfirmationImport | None = None
    paid: int = 0
    failed: int = 0
    unchanged: int = 0

    @property
    def applied(self) -> bool:
        return self.record is not None


class ConfirmationError(ValueError):
    pass


def template_csv(run: PaymentRun) -> str:
    """A file finance can fill in: one row per line of the run, status and reason left blank."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in run.items.order_by("sequence").only("sequence", "claim_id", "to_bank", "to_vouchers"):
        writer.writerow([run.pk, item.sequence, item.claim_id, item.total, "", "", ""])
    return out.getvalue()


def counts(run: PaymentRun) -> dict[str, int]:
    """How many of the run's lines the bank confirmed, by status (``paid``, ``failed``)."""
    totals = run.confirmations.values("status").annotate(n=Count("pk")).values_list("status", "n")
    return dict(totals)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _text(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ConfirmationError(_("The file is larger than 10 MB. Split it and import each part."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfirmationError(_("The file must be a CSV saved as UTF-8 text.")) from None


def _header(reader) -> list[str]:
    header = [name.strip().lower().replace(" ", "_") for name in next(reader, [])]
    missing = sorted(REQUIRED - set(header))
    if missing:
        raise ConfirmationError(
            _("The first row must name the columns; missing: %(names)s.") % {"names": ", ".join(missing)}
        )
    return header


def _amount(value: str) -> Decimal | None:
    value = value.strip().lstrip("£")
    if not value:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise ConfirmationError(_("amount %(value)s is not a number of pounds") % {"value": value}) from None
    if amount < 0 or amount.as_tuple().exponent < -2:
        raise ConfirmationError(_("amount %(value)s must be pounds and pence, like 25.50") % {"value": value})
    return amount


def _row(run: PaymentRun, items: dict[int, PaymentRunItem], number: int, values: dict, seen: set) -> Row:
    if values.get("run", "").strip() and values["run"].strip() != str(run.pk):
        raise ConfirmationError(
            _("it is for run %(other)s, not run %(run)s") % {"other": values["run"], "run": run.pk}
        )
    line = values.get("line", "").strip()
    if not line.isdigit() or int(line) not in items:
        raise ConfirmationError(
            _("line %(line)s is not a line of run %(run)s") % {"line": line, "run": run.pk}
        )
    item = items[int(line)]
    if values.get("claim", "").strip() != str(item.claim_id):
        raise ConfirmationError(
            _("line %(line)s is claim %(claim)s in the export, not %(given)s")
            % {"line": line, "claim": item.claim_id, "given": values.get("claim", "").strip() or _("blank")}
        )
    if item.pk in seen:
        raise ConfirmationError(_("line %(line)s appears more than once in the file") % {"line": line})
    status = STATUSES.get(values.get("status", "").strip().lower())
    if status is None:
        raise ConfirmationError(_("status must be paid or failed"))
    reason = " ".join(values.get("reason", "").split())
    if status == PaymentConfirmation.Status.FAILED and not reason:
        raise ConfirmationError(_("a failed line needs the reason the bank gave"))
    bank_reference = values.get("bank_reference", "").strip()[:60]
    return Row(number, item, status, _amount(values.get("amount", "")), reason, bank_reference)


def validate(run: PaymentRun, data: bytes) -> tuple[list[Row], list[str]]:
    """Every row checked against the run before anything is applied; errors name the row."""
    try:
        reader = csv.reader(io.StringIO(_text(data)))
        header = _header(reader)
    except ConfirmationError as error:
        return [], [str(error)]
    items = {item.sequence: item for item in run.items.select_related("confirmation")}
    rows, errors, seen = [], [], set()
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = dict(zip(header, cells, strict=False))
        try:
            row = _row(run, items, number, values, seen)
        except ConfirmationError as error:
            errors.append(_("Row %(n)s: %(error)s.") % {"n": number, "error": error})
            continue
        seen.add(row.item.pk)
        existing = _existing(row.item)
        if existing is not None and existing.status != row.status:
            errors.append(
                _(
                    "Row %(n)s: line %(line)s was already confirmed as %(status)s on %(date)s; "
                    "it cannot change."
                )
                % {
                    "n": number,
                    "line": row.item.sequence,
                    "status": existing.get_status_display().lower(),
                    "date": f"{timezone.localtime(existing.confirmed_at):%-d %B %Y}",
                }
            )
        rows.append(row)
    if not rows and not errors:
        errors.append(_("The file has no rows under its column names."))
    return rows, errors


def _existing(item: PaymentRunItem) -> PaymentConfirmation | None:
    try:
        return item.confirmation
    except PaymentConfirmation.DoesNotExist:
        return None


def import_file(run: PaymentRun, data: bytes, *, by, file_name: str = "") -> Result:
    """Check the whole file, then apply it in one transaction; a file seen before changes nothing."""
    if not has_role(by, run.organisation_id, APPROVERS):
        raise PermissionDenied
    if run.status != PaymentRun.Status.DONE:
        return Result(errors=[_("This run has not finished, so there is nothing to confirm yet.")])
    digest = sha256(data)
    with transaction.atomic():
        # One import at a time per run: the second waits, then sees the first one's work.
        run = PaymentRun.objects.select_for_update().select_related("organisation").get(pk=run.pk)
        seen = ConfirmationImport.objects.filter(organisation=run.organisation, sha256=digest).first()
        if seen is not None:
            return Result(already_imported=seen)
        rows, errors = validate(run, data)
        if errors:
            return Result(errors=errors)
        return _apply(run, rows, by=by, digest=digest, file_name=file_name)


def _apply(run: PaymentRun, rows: list[Row], *, by, digest: str, file_name: str) -> Result:
    record = ConfirmationImport.objects.create(
        organisation=run.organisation, run=run, sha256=digest, file_name=file_name[:200], imported_by=by
    )
    result = Result(record=record)
    for row in rows:
        if _existing(row.item) is not None:
            result.unchanged += 1  # confirmed by an earlier file: never confirmed twice
            continue
        PaymentConfirmation.objects.create(
            item=row.item,
            run=run,
            source=record,
            status=row.status,
            amount=row.amount,
            reason=row.reason,
            bank_reference=row.bank_reference,
        )
        if row.status == PaymentConfirmation.Status.FAILED:
            fail_line(row.item, reason=row.reason, by=by)
            result.failed += 1
        else:
            result.paid += 1
    record.paid_count, record.failed_count, record.unchanged_count = (
        result.paid,
        result.failed,
        result.unchanged,
    )
    record.save(update_fields=["paid_count", "failed_count", "unchanged_count"])
    return result


def fail_line(item: PaymentRunItem, *, reason: str, by) -> Claim:
    """The bank could not pay this line: reverse its payment and approval, and carry the claim
    to a later run as a new approved claim (a run takes a claim once, so the old one cannot go again)."""
    claim = (
        Claim.objects.select_for_update().select_related("organisation", "contributor").get(pk=item.claim_id)
    )
    if claim.status != Claim.Status.PAID:
        return claim  # cancelled meanwhile: nothing is owed any more
    ledger.post(
        organisation=claim.organisation,
        kind=LedgerTransaction.Kind.REVERSAL,
        lines=[
            Line(Account.BANK, item.total - item.to_vouchers, claim.contributor_id, None, claim.pk),
            Line(Account.VOUCHERS, item.to_vouchers, claim.contributor_id, None, claim.pk),
            Line(Account.OWED, -item.total, claim.contributor_id, None, claim.pk),
        ],
        claim=claim,
        run=item.run,
        created_by=by,
        memo=f"Payment of claim {claim.pk} in run {item.run_id} failed: {reason}",
    )
    approval = LedgerTransaction.objects.filter(
        claim=claim, kind=LedgerTransaction.Kind.APPROVAL, reversed_by__isnull=True
    ).first()
    if approval is not None:
        ledger.reverse(approval, created_by=by, memo=f"Claim {claim.pk} moved to a new claim: payment failed")
    claim.status = Claim.Status.FAILED
    claim.save(update_fields=["status"])
    ClaimEvent.objects.create(claim=claim, kind=ClaimEvent.Kind.FAILED, actor=by, reason=reason)
    again = _repayment(claim, by=by, reason=reason)
    _tell_failed(claim, item, reason)
    return again


def _repayment(claim: Claim, *, by, reason: str) -> Claim:
    try:
        days = policy_in_force(claim.organisation_id, timezone.localdate()).days_to_pay
    except NoPolicy:
        days = 14
    again = Claim.objects.create(
        organisation=claim.organisation,
        contributor=claim.contributor,
        idempotency_key=f"repay-{claim.pk}",
        status=Claim.Status.APPROVED,
        method=claim.method,
        lower_amount=claim.lower_amount,
        payee_organisation=claim.payee_organisation,
        fee_full=claim.fee_full,
        fee_payable=claim.fee_payable,
        expenses_total=claim.expenses_total,
        created_by=by,
        submitted_at=claim.submitted_at,
        submitted_by=claim.submitted_by,
        checked_at=claim.checked_at,
        checked_by=claim.checked_by,
        approved_at=claim.approved_at,
        approved_by=claim.approved_by,
        expected_payment_date=timezone.localdate() + datetime.timedelta(days=days),
        repays=claim,
    )
    lines = list(claim.lines.filter(active=True))
    claim.lines.update(active=False)
    ClaimLine.objects.bulk_create(
        ClaimLine(
            claim=again,
            contribution_id=line.contribution_id,
            policy_id=line.policy_id,
            basis=line.basis,
            rate=line.rate,
            units=line.units,
            fee=line.fee,
        )
        for line in lines
    )
    Expense.objects.bulk_create(
        Expense(
            claim=again,
            kind=e.kind,
            date=e.date,
            description=e.description,
            miles=e.miles,
            amount=e.amount,
            receipt=e.receipt.name,
            receipt_type=e.receipt_type,
            added_by=e.added_by,
            added_at=e.added_at,
        )
        for e in claim.expenses.all()
    )
    ledger.post(
        organisation=again.organisation,
        kind=LedgerTransaction.Kind.APPROVAL,
        lines=services.approval_lines(again),
        claim=again,
        created_by=by,
        memo=f"Claim {again.pk} to pay again claim {claim.pk}, whose payment failed",
    )
    ClaimEvent.objects.create(
        claim=again,
        kind=ClaimEvent.Kind.APPROVED,
        actor=by,
        reason=_("To pay again claim %(pk)s: the bank said %(reason)s") % {"pk": claim.pk, "reason": reason},
    )
    return again


def _tell_failed(claim: Claim, item: PaymentRunItem, reason: str) -> None:
    from alongside.outreach.content import Content
    from alongside.outreach.kinds import Kind
    from alongside.outreach.services import send

    body = _(
        "We tried to pay you %(amount)s but the payment did not go through. The reason the bank gave: "
        "%(reason)s. We will try again in our next payment run. If your bank details have changed, "
        "please update them, or call us on ((contact_phone))."
    ) % {"amount": format_money(item.total), "reason": reason.replace("((", "(").replace("))", ")")}
    content = Content(subject=_("Your payment did not go through"), body=body, phone_script=body)
    contributor, organisation = claim.contributor, claim.organisation
    transaction.on_commit(lambda: send(Kind.PAYMENT, [contributor], content, organisation=organisation))
