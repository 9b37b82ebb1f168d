"""Every change to claims, policies, preferences and bank details, with its rules.

Views, commands and the API call these; each runs in a database transaction.
Errors a person can fix are raised as ``ClaimError`` with a plain message
(and, where it belongs to a form field, the field's name).
"""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.permissions import has_role
from alongside.core.uploads import RECEIPT_TYPES, check_upload
from alongside.opportunities.models import Contribution
from alongside.payments import crypto, holds, ledger
from alongside.payments.errors import ClaimError, IdempotencyConflict
from alongside.payments.ledger import Line
from alongside.payments.models import (
    Account,
    BankDetails,
    BankDetailsChange,
    Claim,
    ClaimEvent,
    ClaimLine,
    Expense,
    ExpenseKind,
    LedgerTransaction,
    Method,
    PaymentPolicy,
    PaymentPreference,
    PolicyRate,
)
from alongside.payments.money import ABSURD, ZERO, split, to_money
from alongside.payments.notifications import notify
from alongside.payments.policy import NoPolicy, fee_for, next_version, policy_in_force
from alongside.payments.roles import APPROVERS, CHECKERS

RECEIPT_REQUIRED = {ExpenseKind.TRAVEL, ExpenseKind.TAXI, ExpenseKind.CARER, ExpenseKind.SUBSISTENCE}


# ---------------------------------------------------------------- policies


POLICY_AMOUNTS = (
    "mileage_rate",
    "home_costs_amount",
    "subsistence_limit",
    "weekly_limit",
    "monthly_limit",
    "tax_year_limit",
)


@transaction.atomic
def create_policy(
    organisation, *, effective_from: datetime.date, rates, created_by=None, backdated=False, **fields
):
    """A new version of ``organisation``'s policy; ``rates`` is (activity_type, label, basis, amount).

    A version starts today or later, so claims already made keep the rates that applied to them;
    ``backdated`` is only for loading history (the demo, benchmarks).
    """
    _check_policy(organisation, effective_from, rates, fields, backdated=backdated)
    policy = PaymentPolicy.objects.create(
        organisation=organisation,
        version=next_version(organisation.pk),
        effective_from=effective_from,
        created_by=created_by,
        **fields,
    )
    PolicyRate.objects.bulk_create(
        PolicyRate(policy=policy, activity_type=t, label=label, basis=basis, amount=to_money(amount))
        for t, label, basis, amount in rates
    )
    policy.refresh_from_db()  # typed values (Decimals, dates), whatever the caller passed
    return policy


def negative_policy_amounts(fields: dict) -> dict[str, list[str]]:
    """The policy's amounts and limits that are below zero, with the message for each field."""
    return {
        name: [_("Enter an amount of £0 or more")]
        for name in POLICY_AMOUNTS
        if fields.get(name) not in (None, "") and to_money(fields[name]) < 0
    }


def _check_policy(organisation, effective_from, rates, fields, *, backdated: bool) -> None:
    """Every rule a new version breaks, at once, keyed by the form field it belongs to."""
    errors: dict[str, list[str]] = {}
    if not backdated and effective_from < timezone.localdate():
        errors["effective_from"] = [_("The date must be today or in the future")]
    elif PaymentPolicy.objects.filter(organisation=organisation, effective_from=effective_from).exists():
        errors["effective_from"] = [_("There is already a version starting on that date")]
    types = [rate[0] for rate in rates]
    if len(set(types)) != len(types):
        errors[NON_FIELD_ERRORS] = [_("Each activity type can have one rate only")]
    errors.update(negative_policy_amounts(fields))
    if errors:
        raise ValidationError(errors)


# ---------------------------------------------------------------- preferences and bank details


def set_preference(contributor, *, method: str, lower_amount=None, payee_organisation: str = "", **extra):
    _check_choice(method, lower_amount, payee_organisation)
    preference, _created = PaymentPreference.objects.update_or_create(
        contributor=contributor,
        defaults={
            "method": method,
            "lower_amount": to_money(lower_amount) if lower_amount not in (None, "") else None,
            "payee_organisation": payee_organisation.strip(),
            **extra,
        },
    )
    return preference


def preference_for(contributor) -> PaymentPreference:
    try:
        return contributor.payment_preference
    except PaymentPreference.DoesNotExist:
        return PaymentPreference(contributor=contributor)


def clean_sort_code(value: str) -> str:
    digits = re.sub(r"[\s-]", "", value or "")
    if not re.fullmatch(r"\d{6}", digits):
        raise ClaimError(_("Enter a valid sort code like 309430"), field="sort_code")
    return digits


def clean_account_number(value: str) -> str:
    digits = re.sub(r"\s", "", value or "")
    if not re.fullmatch(r"\d{6,8}", digits):
        raise ClaimError(_("Enter a valid account number like 00733445"), field="account_number")
    # Bacs account numbers are 8 digits; shorter ones are padded on the left, as banks do.
    return digits.zfill(8)


def clean_account_name(value: str) -> str:
    name = " ".join((value or "").split())
    if not name:
        raise ClaimError(_("Enter the name on the account"), field="account_name")
    if len(name) > 60 or not re.fullmatch(r"[A-Za-z0-9 .&'/-]+", name):
        raise ClaimError(
            _("Name on the account must only include letters, numbers, spaces and . & ' / -"),
            field="account_name",
        )
    return name


@transaction.atomic
def set_bank_details(contributor, *, account_name: str, sort_code: str, account_number: str, by=None):
    """Save a person's bank details. Changing existing ones starts a cooling-off hold and sends
    a security notice on the person's usual channel (security catalogue item 93)."""
    details = {
        "name": clean_account_name(account_name),
        "sort_code": clean_sort_code(sort_code),
        "account_number": clean_account_number(account_number),
    }
    record = BankDetails.objects.select_for_update().filter(contributor=contributor).first()
    if record is not None and read_bank_details(record) == details:
        return record  # nothing changed: no hold, no notice
    fields = {
        "encrypted": crypto.encrypt(json.dumps(details), crypto.bank_context(contributor.pk)),
        "account_number_last2": details["account_number"][-2:],
        "updated_by": by,
    }
    if record is None:
        record = BankDetails.objects.create(contributor=contributor, **fields)
        notify(
            contributor,
            _("Your bank details were saved"),
            _("We have saved bank details for you. If you did not do this, contact us straight away."),
        )
        return record
    now = timezone.now()
    change = BankDetailsChange.objects.create(
        contributor=contributor,
        changed_by=by,
        changed_at=now,
        previous_last2=record.account_number_last2,
        new_last2=fields["account_number_last2"],
        hold_until=holds.hold_end(contributor.organisation_id, now),
    )
    for name, value in fields.items():
        setattr(record, name, value)
    record.hold_until = change.hold_until
    record.save()
    transaction.on_commit(lambda: bank_change_notice(change))
    return record


def bank_change_notice(change: BankDetailsChange) -> None:
    """Tell the person on the channel they chose before the change; sent even if they opted out."""
    from alongside.outreach.content import Content
    from alongside.outreach.kinds import Kind
    from alongside.outreach.services import send

    contributor = change.contributor
    when = timezone.localtime(change.changed_at)
    body = _(
        "The bank details we hold for you were changed on %(date)s. The new account ends in "
        "%(last2)s. If you did not make this change, call us on ((contact_phone)) straight away."
    ) % {"date": f"{when:%-d %B %Y at %H:%M}", "last2": change.new_last2}
    if change.hold_until:
        until = timezone.localtime(change.hold_until)
        body += " " + _("We will not pay into the new account before %(until)s.") % {
            "until": f"{until:%-d %B %Y}"
        }
    send(
        Kind.SECURITY,
        [contributor],
        Content(subject=_("Your bank details were changed"), body=body, phone_script=body),
        organisation=contributor.organisation,
        sent_by=change.changed_by,
    )


def read_bank_details(record: BankDetails) -> dict[str, str]:
    """Decrypted details. Callers must be finance and must log the view (views do both)."""
    return json.loads(crypto.decrypt(record.encrypted, crypto.bank_context(record.contributor_id)))


def masked_bank_details(record: BankDetails) -> dict[str, str]:
    return {
        "name": "••••",
        "sort_code": "••-••-••",
        "account_number": f"••••••{record.account_number_last2}",
        "last2": record.account_number_last2,
    }


# ---------------------------------------------------------------- claims


def _check_choice(method: str, lower_amount, payee_organisation: str) -> None:
    if method not in Method.values:
        raise ClaimError(_("Choose how you would like to be paid"), field="method")
    if method == Method.LOWER:
        if lower_amount in (None, ""):
            raise ClaimError(_("Enter the lower amount you would like"), field="lower_amount")
        _check_amount(lower_amount, "lower_amount", allow_zero=True)
    if method == Method.ORGANISATION and not (payee_organisation or "").strip():
        raise ClaimError(_("Enter the name of the organisation to pay"), field="payee_organisation")


def _check_amount(value, field: str, allow_zero: bool = False) -> Decimal:
    try:
        amount = to_money(value)
    except (ValueError, TypeError) as exc:
        raise ClaimError(_("Enter an amount in pounds and pence, like 12.50"), field=field) from exc
    if amount < 0 or (amount == 0 and not allow_zero):
        raise ClaimError(_("Enter an amount more than £0"), field=field)
    if amount > ABSURD:
        raise ClaimError(
            _("Enter an amount less than £10,000. Contact us about larger amounts."), field=field
        )
    return amount


def _deadline(contribution_or_date, policy: PaymentPolicy) -> datetime.date:
    day = getattr(contribution_or_date, "date", contribution_or_date)
    return day + datetime.timedelta(days=policy.claim_deadline_days)


def claimable_contributions(contributor):
    """Recorded contributions of ``contributor`` not yet in a live claim."""
    return (
        Contribution.objects.filter(contributor=contributor)
        .exclude(claim_lines__active=True)
        .select_related("activity", "opportunity")
        .order_by("date", "pk")
    )


@transaction.atomic
def start_claim(
    contributor, contributions, *, by, key: str, method=None, lower_amount=None, payee_organisation=""
):
    """Start a draft claim for ``contributions``. The same ``key`` always gives the same claim."""
    wanted = sorted({c.pk for c in contributions})
    existing = Claim.objects.filter(idempotency_key=key).first()
    if existing is not None:
        same = (
            existing.contributor_id == contributor.pk
            and sorted(existing.lines.values_list("contribution_id", flat=True)) == wanted
        )
        if not same:
            raise IdempotencyConflict(_("This form was already used for a different claim. Start again."))
        return existing
    if not wanted:
        raise ClaimError(_("Choose at least one time you took part"), field="contributions")
    preference = preference_for(contributor)
    method = method or preference.method
    if method == Method.LOWER and lower_amount is None:
        lower_amount = preference.lower_amount
    payee_organisation = payee_organisation or preference.payee_organisation
    _check_choice(method, lower_amount, payee_organisation)
    records = list(
        Contribution.objects.select_for_update()
        .filter(pk__in=wanted, contributor=contributor)
        .select_related("activity")
    )
    if len(records) != len(wanted):
        raise ClaimError(_("Choose only times you took part that have been recorded"), field="contributions")
    if len({c.organisation_id for c in records}) != 1:
        raise ClaimError(_("Claim for one organisation at a time"), field="contributions")
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                organisation_id=records[0].organisation_id,
                contributor=contributor,
                idempotency_key=key,
                method=method,
                lower_amount=to_money(lower_amount) if lower_amount not in (None, "") else None,
                payee_organisation=(payee_organisation or "").strip()
                if method == Method.ORGANISATION
                else "",
                created_by=by,
            )
    except IntegrityError:
        # The same form sent twice at the same moment: the first request made the claim.
        existing = Claim.objects.filter(idempotency_key=key, contributor=contributor).first()
        if existing is None:
            raise IdempotencyConflict(
                _("This form was already used for a different claim. Start again.")
            ) from None
        return existing
    today = timezone.localdate()
    lines = []
    for contribution in records:
        try:
            policy = policy_in_force(contribution.organisation_id, contribution.date)
            fee = fee_for(policy, contribution.activity.activity_type, contribution.minutes)
        except NoPolicy as exc:
            raise ClaimError(str(exc), field="contributions") from exc
        if today > _deadline(contribution, policy):
            raise ClaimError(
                _("The time to claim for %(activity)s on %(date)s has passed. Contact us if you need help.")
                % {"activity": contribution.activity, "date": f"{contribution.date:%-d %B %Y}"},
                field="contributions",
            )
        lines.append(
            ClaimLine(
                claim=claim,
                contribution=contribution,
                policy=fee.policy,
                basis=fee.basis,
                rate=fee.rate,
                units=fee.units,
                fee=fee.amount,
            )
        )
    try:
        with transaction.atomic():
            ClaimLine.objects.bulk_create(lines)
    except IntegrityError as exc:
        raise ClaimError(
            _("You have already claimed for one of these times. Check your payments page."),
            field="contributions",
        ) from exc
    recalculate(claim)
    ClaimEvent.objects.create(claim=claim, kind=ClaimEvent.Kind.CREATED, actor=by)
    return claim


def _lock(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim.pk)


def _require_status(claim: Claim, *statuses: str) -> None:
    if claim.status not in statuses:
        raise ClaimError(
            _("This claim cannot be changed now: it is “%(status)s”.")
            % {"status": claim.get_status_display()}
        )


def recalculate(claim: Claim) -> Claim:
    fee_full = sum((line.fee for line in claim.lines.filter(active=True)), ZERO)
    if claim.method == Method.DECLINE:
        payable = ZERO
    elif claim.method == Method.LOWER and claim.lower_amount is not None:
        payable = min(to_money(claim.lower_amount), fee_full)
    else:
        payable = fee_full
    expenses = sum((e.amount for e in claim.expenses.all()), ZERO)
    claim.fee_full, claim.fee_payable, claim.expenses_total = (
        to_money(fee_full),
        to_money(payable),
        to_money(expenses),
    )
    claim.save(update_fields=["fee_full", "fee_payable", "expenses_total"])
    return claim


@transaction.atomic
def set_choice(claim: Claim, *, method: str, lower_amount=None, payee_organisation: str = "") -> Claim:
    claim = _lock(claim)
    _require_status(claim, Claim.Status.DRAFT)
    _check_choice(method, lower_amount, payee_organisation)
    claim.method = method
    claim.lower_amount = to_money(lower_amount) if method == Method.LOWER else None
    claim.payee_organisation = payee_organisation.strip() if method == Method.ORGANISATION else ""
    claim.save(update_fields=["method", "lower_amount", "payee_organisation"])
    return recalculate(claim)


def _expense_amount(policy: PaymentPolicy, kind: str, amount, miles) -> tuple[Decimal, Decimal | None]:
    if kind == ExpenseKind.MILEAGE:
        if miles in (None, ""):
            raise ClaimError(_("Enter how many miles you travelled"), field="miles")
        try:
            distance = Decimal(str(miles))
        except Exception as exc:
            raise ClaimError(_("Enter the miles as a number, like 12.5"), field="miles") from exc
        if not distance.is_finite() or distance <= 0 or distance > 2000:
            raise ClaimError(_("Enter miles between 0.1 and 2,000"), field="miles")
        if policy.mileage_rate <= 0:
            raise ClaimError(_("This organisation does not pay mileage"), field="kind")
        return _check_amount(distance * policy.mileage_rate, "miles"), distance
    if kind == ExpenseKind.HOME:
        if policy.home_costs_amount <= 0:
            raise ClaimError(_("This organisation does not pay a home costs amount"), field="kind")
        return to_money(policy.home_costs_amount), None
    refused = {
        ExpenseKind.TAXI: not policy.taxis_by_agreement,
        ExpenseKind.CARER: not policy.carer_costs,
        ExpenseKind.TRAVEL: not policy.travel_at_cost,
    }
    if refused.get(kind):
        raise ClaimError(_("This organisation's policy does not cover this kind of expense"), field="kind")
    value = _check_amount(amount, "amount")
    if kind == ExpenseKind.SUBSISTENCE and policy.subsistence_limit > 0 and value > policy.subsistence_limit:
        raise ClaimError(
            _("Food and drink can be claimed up to £%(limit)s a day") % {"limit": policy.subsistence_limit},
            field="amount",
        )
    return value, None


@transaction.atomic
def add_expense(
    claim: Claim, *, kind: str, date: datetime.date, by, amount=None, miles=None, description="", receipt=None
):
    claim = _lock(claim)
    _require_status(claim, Claim.Status.DRAFT)
    if kind not in ExpenseKind.values:
        raise ClaimError(_("Choose the kind of expense"), field="kind")
    today = timezone.localdate()
    if date is None or date > today:
        raise ClaimError(_("The date of the expense must be today or in the past"), field="date")
    try:
        policy = policy_in_force(claim.organisation_id, date)
    except NoPolicy as exc:
        raise ClaimError(_("There is no payment policy for that date"), field="date") from exc
    if today > _deadline(date, policy):
        raise ClaimError(
            _("Expenses must be claimed within %(days)s days. This one is too late.")
            % {"days": policy.claim_deadline_days},
            field="date",
        )
    value, distance = _expense_amount(policy, kind, amount, miles)
    receipt_type = ""
    if receipt:
        try:
            receipt_type = check_upload(receipt, RECEIPT_TYPES).content_type
        except ValidationError as exc:
            raise ClaimError(exc.messages[0], field="receipt") from exc
    expense = Expense(
        claim=claim,
        kind=kind,
        date=date,
        amount=value,
        miles=distance,
        description=(description or "").strip()[:200],
        receipt_type=receipt_type,
        added_by=by,
    )
    if receipt:
        expense.receipt.save("receipt", receipt, save=False)
    expense.save()
    recalculate(claim)
    return expense


@transaction.atomic
def remove_expense(expense: Expense) -> None:
    claim = _lock(expense.claim)
    _require_status(claim, Claim.Status.DRAFT)
    expense.delete()
    recalculate(claim)


def needs_bank_details(claim: Claim) -> bool:
    to_person = claim.expenses_total + claim.fee_to_person
    return claim.method != Method.VOUCHER and to_person > 0


@transaction.atomic
def submit(claim: Claim, *, by) -> Claim:
    """Send the claim. Submitting twice (a double click) changes nothing the second time."""
    claim = _lock(claim)
    if claim.status != Claim.Status.DRAFT:
        return claim
    if not claim.lines.filter(active=True).exists():
        raise ClaimError(_("Add at least one time you took part"))
    if (
        needs_bank_details(claim)
        and not BankDetails.objects.filter(contributor_id=claim.contributor_id).exists()
    ):
        raise ClaimError(_("Add bank details, or choose vouchers, before sending this claim"))
    claim.status = Claim.Status.SUBMITTED
    claim.submitted_at = timezone.now()
    claim.submitted_by = by
    claim.save(update_fields=["status", "submitted_at", "submitted_by"])
    ClaimEvent.objects.create(claim=claim, kind=ClaimEvent.Kind.SUBMITTED, actor=by)
    _tell(
        claim,
        _("We have your claim"),
        _("We have your claim for %(total)s. We will check it and tell you when it is approved."),
    )
    return claim


# ---------------------------------------------------------------- checking and approval


def _is_claimant(claim: Claim, user) -> bool:
    return claim.contributor.user_id is not None and claim.contributor.user_id == user.pk


def _changed_by(claim: Claim, user) -> bool:
    if user.pk in {claim.created_by_id, claim.submitted_by_id}:
        return True
    if claim.expenses.filter(added_by=user).exists():
        return True
    return claim.events.filter(kind=ClaimEvent.Kind.ADJUSTED, actor=user).exists()


@transaction.atomic
def adjust(
    claim: Claim,
    *,
    by,
    reason: str,
    new_amount,
    line: ClaimLine | None = None,
    expense: Expense | None = None,
):
    """Staff change a fee or an expense, saying why; the person sees the reason."""
    claim = _lock(claim)
    if not has_role(by, claim.organisation_id, CHECKERS):
        raise PermissionDenied
    _require_status(claim, Claim.Status.SUBMITTED, Claim.Status.CHECKED)
    if not (reason or "").strip():
        raise ClaimError(_("Enter the reason for the change"), field="reason")
    amount = _check_amount(new_amount, "new_amount", allow_zero=line is not None)
    target = line or expense
    if target is None or target.claim_id != claim.pk:
        raise ClaimError(_("Choose what to change"))
    before = target.fee if line else target.amount
    if line:
        line.fee = amount
        line.save(update_fields=["fee"])
    else:
        expense.amount = amount
        expense.save(update_fields=["amount"])
    claim.status = Claim.Status.SUBMITTED  # a changed claim is checked again
    claim.save(update_fields=["status"])
    recalculate(claim)
    ClaimEvent.objects.create(
        claim=claim,
        kind=ClaimEvent.Kind.ADJUSTED,
        actor=by,
        reason=reason.strip(),
        before=before,
        after=amount,
    )
    return claim


@transaction.atomic
def check(claim: Claim, *, by) -> Claim:
    claim = _lock(claim)
    if not has_role(by, claim.organisation_id, CHECKERS):
        raise PermissionDenied
    if _is_claimant(claim, by):
        raise PermissionDenied(_("You cannot check your own claim."))
    _require_status(claim, Claim.Status.SUBMITTED)
    claim.status, claim.checked_at, claim.checked_by = Claim.Status.CHECKED, timezone.now(), by
    claim.save(update_fields=["status", "checked_at", "checked_by"])
    ClaimEvent.objects.create(claim=claim, kind=ClaimEvent.Kind.CHECKED, actor=by)
    return claim


@transaction.atomic
def reject(claim: Claim, *, by, reason: str) -> Claim:
    claim = _lock(claim)
    if not has_role(by, claim.organisation_id, CHECKERS | APPROVERS):
        raise PermissionDenied
    _require_status(claim, Claim.Status.SUBMITTED, Claim.Status.CHECKED)
    if not (reason or "").strip():
        raise ClaimError(_("Enter the reason, in words the person will understand"), field="reason")
    claim.status, claim.rejected_reason = Claim.Status.REJECTED, reason.strip()
    claim.save(update_fields=["status", "rejected_reason"])
    # Free the contributions so a corrected claim can be made.
    claim.lines.update(active=False)
    ClaimEvent.objects.create(claim=claim, kind=ClaimEvent.Kind.REJECTED, actor=by, reason=reason.strip())
    _tell(
        claim,
        _("Your claim was not accepted"),
        _("Your claim for %(total)s was not accepted. The reason:"),
        claim.rejected_reason,
    )
    return claim


def approval_lines(claim: Claim) -> list[Line]:
    """Debit fees and expenses per project (shared across the claim's lines), credit what is owed."""
    lines = list(claim.lines.filter(active=True).select_related("contribution__opportunity"))
    weights = [line.fee for line in lines] if sum(line.fee for line in lines) > 0 else [1] * len(lines)
    fee_shares = split(claim.fee_payable, weights)
    expense_shares = split(claim.expenses_total, [1] * len(lines))
    result = []
    for line, fee, expense in zip(lines, fee_shares, expense_shares, strict=True):
        project_id = line.contribution.opportunity.project_id
        result.append(Line(Account.FEES, fee, claim.contributor_id, project_id, claim.pk))
        result.append(Line(Account.EXPENSES, expense, claim.contributor_id, project_id, claim.pk))
    result.append(Line(Account.OWED, -claim.total, claim.contributor_id, None, claim.pk))
    return result


@transaction.atomic
def approve(claim: Claim, *, by) -> Claim:
    """Finance approve a checked claim; never their own, nor one they made or changed."""
    claim = _lock(claim)
    if not has_role(by, claim.organisation_id, APPROVERS):
        raise PermissionDenied
    if _is_claimant(claim, by) or _changed_by(claim, by) or claim.checked_by_id == by.pk:
        raise PermissionDenied(_("Someone else must approve this claim: you made, changed or checked it."))
    _require_status(claim, Claim.Status.CHECKED)
    policy = policy_in_force(claim.organisation_id, timezone.localdate())
    claim.status, claim.approved_at, claim.approved_by = Claim.Status.APPROVED, timezone.now(), by
    claim.expected_payment_date = timezone.localdate() + datetime.timedelta(days=policy.days_to_pay)
    claim.save(update_fields=["status", "approved_at", "approved_by", "expected_payment_date"])
    ledger.post(
        organisation=claim.organisation,
        kind=LedgerTransaction.Kind.APPROVAL,
        lines=approval_lines(claim),
        claim=claim,
        created_by=by,
        memo=f"Claim {claim.pk} approved",
    )
    ClaimEvent.objects.create(claim=claim, kind=ClaimEvent.Kind.APPROVED, actor=by)
    _tell(
        claim,
        _("Your claim is approved"),
        _("Your claim for %(total)s is approved. We expect to pay it by %(date)s."),
    )
    return claim


@transaction.atomic
def reverse_claim(claim: Claim, *, by, reason: str) -> Claim:
    """Cancel an approved or paid claim by reversing its ledger postings; nothing is deleted."""
    claim = _lock(claim)
    if not has_role(by, claim.organisation_id, APPROVERS):
        raise PermissionDenied
    _require_status(claim, Claim.Status.APPROVED, Claim.Status.PAID)
    if not (reason or "").strip():
        raise ClaimError(_("Enter the reason for cancelling"), field="reason")
    item = getattr(claim, "run_item", None) if hasattr(claim, "run_item") else None
    if claim.status == Claim.Status.APPROVED and item is not None:
        raise ClaimError(_("This claim is in a payment run that has not finished. Finish the run first."))
    if claim.status == Claim.Status.PAID:
        # The money came back (or is recovered): the bank is debited and the debt restored.
        ledger.post(
            organisation=claim.organisation,
            kind=LedgerTransaction.Kind.REVERSAL,
            lines=[
                Line(
                    _paid_account(item), item.total - item.to_vouchers, claim.contributor_id, None, claim.pk
                ),
                Line(Account.VOUCHERS, item.to_vouchers, claim.contributor_id, None, claim.pk),
                Line(Account.OWED, -item.total, claim.contributor_id, None, claim.pk),
            ],
            claim=claim,
            created_by=by,
            memo=f"Payment of claim {claim.pk} reversed: {reason.strip()}",
        )
    approval = LedgerTransaction.objects.filter(
        claim=claim, kind=LedgerTransaction.Kind.APPROVAL, reversed_by__isnull=True
    ).first()
    if approval is not None:
        ledger.reverse(approval, created_by=by, memo=f"Claim {claim.pk} cancelled: {reason.strip()}")
    claim.status = Claim.Status.REVERSED
    claim.save(update_fields=["status"])
    claim.lines.update(active=False)
    ClaimEvent.objects.create(claim=claim, kind=ClaimEvent.Kind.REVERSED, actor=by, reason=reason.strip())
    return claim


def _paid_account(item) -> str:
    return Account.BANK


def _tell(claim: Claim, subject: str, body: str, extra: str = "") -> None:
    from alongside.payments.money import format_money

    date = f"{claim.expected_payment_date:%-d %B %Y}" if claim.expected_payment_date else ""
    text = body % {"total": format_money(claim.total), "date": date}
    text = f"{text} {extra}".strip()
    transaction.on_commit(lambda: notify(claim.contributor, subject, text))


# ---------------------------------------------------------------- employment status


@transaction.atomic
def record_employment_check(opportunity, answers: dict, *, by):
    """Any 'yes' points towards employment: the role needs advice before payments start."""
    from alongside.payments.models import EmploymentCheck

    needs_advice = any(value == "yes" for value in answers.values())
    return EmploymentCheck.objects.create(
        opportunity=opportunity, answers=answers, needs_advice=needs_advice, checked_by=by
    )


def set_csv_layout(organisation, columns: list[str]):
    from alongside.payments.models import CsvLayout

    layout, _created = CsvLayout.objects.update_or_create(
        organisation=organisation, defaults={"columns": list(columns)}
    )
    return layout
