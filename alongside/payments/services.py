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
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from alongside.accounts.permissions import has_role
from alongside.core import numbers, words
from alongside.core.uploads import RECEIPT_TYPES, check_upload
from alongside.opportunities.models import Contribution
from alongside.payments import crypto, holds, ledger, notifications
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
    FinanceSettings,
    LedgerTransaction,
    Method,
    PaymentPolicy,
    PaymentPreference,
    PolicyRate,
)
from alongside.payments.money import ABSURD, ZERO, split, to_money
from alongside.payments.policy import NoPolicy, fee_for, next_version, policy_in_force
from alongside.payments.roles import APPROVERS, CHECKERS
from alongside.people import services as people_services
from alongside.people.models import OrganisationLink

# Claims whose expenses no longer count (a failed claim's expenses moved to the claim paying it again).
NOT_LIVE = (Claim.Status.REJECTED, Claim.Status.REVERSED, Claim.Status.FAILED)
RECEIPT_REQUIRED = {ExpenseKind.TRAVEL, ExpenseKind.TAXI, ExpenseKind.CARER, ExpenseKind.SUBSISTENCE}
# Miles are kept to a tenth (Expense.miles); a longer journey for one activity is a typing mistake.
MILES_PLACES = 1
MOST_MILES = Decimal("2000")


# ---------------------------------------------------------------- policies


# The policy's amounts and limits, with the words messages use for each.
POLICY_AMOUNTS = {
    "mileage_rate": _lazy("the mileage rate"),
    "home_costs_amount": _lazy("the home costs amount"),
    "subsistence_limit": _lazy("the food and drink limit"),
    "weekly_limit": _lazy("the weekly limit"),
    "monthly_limit": _lazy("the monthly limit"),
    "tax_year_limit": _lazy("the tax year limit"),
}
# A limit for a whole tax year can be far above any single payment.
POLICY_MAXIMUM = Decimal("1000000")


@transaction.atomic
def create_policy(
    organisation, *, effective_from: datetime.date, rates, created_by=None, backdated=False, **fields
):
    """A new version of ``organisation``'s policy; ``rates`` is (activity_type, label, basis, amount).

    A version starts today or later, so claims already made keep the rates that applied to them;
    ``backdated`` is only for loading history (the demo, benchmarks).
    """
    fields, rates = _check_policy(organisation, effective_from, rates, fields, backdated=backdated)
    policy = PaymentPolicy.objects.create(
        organisation=organisation,
        version=next_version(organisation.pk),
        effective_from=effective_from,
        created_by=created_by,
        **fields,
    )
    PolicyRate.objects.bulk_create(
        PolicyRate(policy=policy, activity_type=t, label=label, basis=basis, amount=amount)
        for t, label, basis, amount in rates
    )
    policy.refresh_from_db()  # typed values (Decimals, dates), whatever the caller passed
    return policy


def policy_amount_errors(fields: dict) -> dict[str, list[str]]:
    """The policy's amounts and limits that are not pounds and pence of £0 or more, with the message
    for each field."""
    errors = {}
    for name, what in POLICY_AMOUNTS.items():
        try:
            _policy_amount(fields.get(name))
        except numbers.AmountError as error:
            errors[name] = [numbers.message(error, str(what))]
    return errors


def _policy_amount(value) -> Decimal | None:
    if value in (None, ""):
        return None
    return numbers.parse_money(value, maximum=POLICY_MAXIMUM)


def _check_policy(organisation, effective_from, rates, fields, *, backdated: bool) -> tuple[dict, list]:
    """Every rule a new version breaks, at once, keyed by the form field it belongs to; the fields
    and rates with their amounts read exactly."""
    errors: dict[str, list[str]] = {}
    if not backdated and effective_from < timezone.localdate():
        errors["effective_from"] = [_("The date must be today or in the future")]
    elif PaymentPolicy.objects.filter(organisation=organisation, effective_from=effective_from).exists():
        errors["effective_from"] = [_("There is already a version starting on that date")]
    types = [rate[0] for rate in rates]
    if len(set(types)) != len(types):
        errors[NON_FIELD_ERRORS] = [_("Each activity type can have one rate only")]
    errors.update(policy_amount_errors(fields))
    typed_rates = []
    for activity_type, label, basis, amount in rates:
        try:
            typed_rates.append((activity_type, label, basis, numbers.parse_money(amount)))
        except (numbers.AmountError, TypeError) as error:
            problem = error if isinstance(error, numbers.AmountError) else "invalid"
            what = _("the rate for %(type)s") % {"type": activity_type}
            errors.setdefault(NON_FIELD_ERRORS, []).append(numbers.message(problem, what))
    if errors:
        raise ValidationError(errors)
    typed = {name: _policy_amount(fields[name]) for name in POLICY_AMOUNTS if name in fields}
    return {**fields, **typed}, typed_rates


# ---------------------------------------------------------------- preferences and bank details


def set_preference(contributor, *, method: str, lower_amount=None, payee_organisation: str = "", **extra):
    lower = _check_choice(method, lower_amount, payee_organisation)
    preference, _created = PaymentPreference.objects.update_or_create(
        contributor=contributor,
        defaults={
            "method": method,
            "lower_amount": lower,
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


def _not_zeros(value: str, field: str, message: str) -> str:
    # All zeros is what placeholder details look like; a bank would reject or misdirect them.
    if not value.strip("0"):
        raise ClaimError(message, field=field)
    return value


def clean_service_user_number(value: str) -> str:
    digits = re.sub(r"\s", "", value or "")
    message = _("Enter your Bacs service user number: the 6 digits your bank gave you, like 123456")
    if not re.fullmatch(r"\d{6}", digits):
        raise ClaimError(message, field="service_user_number")
    return _not_zeros(digits, "service_user_number", message)


def clean_originator_name(value: str) -> str:
    name = " ".join((value or "").split())
    if len(name) > 18 or not re.fullmatch(r"[A-Za-z0-9 .&/-]*", name):
        raise ClaimError(
            _(
                "The name on the Bacs file must be 18 characters at most: "
                "letters, numbers, spaces and . & / -"
            ),
            field="originator_name",
        )
    return name


# Bacs details finance fill in, each with the rule that reads it.
FINANCE_DETAILS = {
    "service_user_number": clean_service_user_number,
    "originator_name": clean_originator_name,
    "sort_code": lambda value: _not_zeros(
        clean_sort_code(value), "sort_code", _("Enter the sort code of your organisation's account")
    ),
    "account_number": lambda value: _not_zeros(
        clean_account_number(value), "account_number", _("Enter the number of your organisation's account")
    ),
}
FINANCE_DAYS = {"bank_change_hold_days": (0, 30), "confirmation_due_days": (1, 60)}


@transaction.atomic
def set_finance_settings(organisation, *, by, **fields):
    """Finance fill in the organisation's Bacs details and safeguards; every problem at once."""
    if not has_role(by, organisation, APPROVERS):
        raise PermissionDenied
    values, errors = {}, {}
    for name, clean in FINANCE_DETAILS.items():
        try:
            values[name] = clean(fields.get(name, ""))
        except ClaimError as error:
            errors[name] = error.messages
    for name, (lowest, highest) in FINANCE_DAYS.items():
        value = fields.get(name)
        if not isinstance(value, int) or not lowest <= value <= highest:
            errors[name] = [
                _("Enter a number of days from %(low)s to %(high)s") % {"low": lowest, "high": highest}
            ]
        values[name] = value
    if errors:
        raise ValidationError(errors)
    record, _created = FinanceSettings.objects.update_or_create(
        organisation=organisation, defaults={**values, "updated_by": by, "updated_at": timezone.now()}
    )
    return record


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
        notifications.bank_details_saved(contributor, by=by)
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
    notifications.bank_details_changed(change)
    return record


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


def _check_choice(method: str, lower_amount, payee_organisation: str) -> Decimal | None:
    """Refuse a choice that cannot be paid; the lower amount, read exactly, when one was chosen."""
    if method not in Method.values:
        raise ClaimError(_("Choose how you would like to be paid"), field="method")
    if method == Method.ORGANISATION and not (payee_organisation or "").strip():
        raise ClaimError(_("Enter the name of the organisation to pay"), field="payee_organisation")
    if method != Method.LOWER:
        return None
    if lower_amount in (None, ""):
        raise ClaimError(_("Enter the lower amount you would like"), field="lower_amount")
    return typed_amount(lower_amount, "lower_amount", what=_("the lower amount"), allow_zero=True)


def typed_amount(value, field: str, *, what: str, allow_zero: bool = False) -> Decimal:
    """An amount someone gave (through a form, a command or a test), read exactly by the one parser;
    ``what`` names it in the message."""
    try:
        return numbers.parse_money(value, maximum=ABSURD, allow_zero=allow_zero)
    except numbers.AmountError as error:
        raise ClaimError(numbers.message(error, what), field=field) from None
    except TypeError:
        raise ClaimError(numbers.message("invalid", what), field=field) from None


def typed_miles(value) -> Decimal:
    """Miles someone gave, read exactly by the one parser (never "1e3" miles, never rounded)."""
    try:
        return numbers.parse_number(value, places=MILES_PLACES, maximum=MOST_MILES, allow_zero=False)
    except (numbers.AmountError, TypeError) as error:
        problem = error if isinstance(error, numbers.AmountError) else "invalid"
        raise ClaimError(numbers.message(problem, _("the miles"), money=False), field="miles") from None


def _worked_out(amount: Decimal, field: str, what: str) -> Decimal:
    """An amount Alongside worked out (miles × rate), rounded by the one rule and kept sensible."""
    amount = to_money(amount)
    if amount > ABSURD:
        raise ClaimError(numbers.message(numbers.AmountError("maximum", maximum=ABSURD), what), field=field)
    return amount


def _deadline(contribution_or_date, policy: PaymentPolicy) -> datetime.date:
    day = getattr(contribution_or_date, "date", contribution_or_date)
    return day + datetime.timedelta(days=policy.claim_deadline_days)


def claimable_contributions(contributor):
    """Recorded contributions of ``contributor`` not yet in a live claim, for days that have come."""
    return (
        Contribution.objects.filter(contributor=contributor, date__lte=timezone.localdate())
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
    lower = _check_choice(method, lower_amount, payee_organisation)
    records = list(
        Contribution.objects.select_for_update()
        .filter(pk__in=wanted, contributor=contributor)
        .select_related("activity")
    )
    if len(records) != len(wanted):
        raise ClaimError(_("Choose only times you took part that have been recorded"), field="contributions")
    if any(c.date > timezone.localdate() for c in records):
        raise ClaimError(_("A claim can include a session only once it has happened"), field="contributions")
    if len({c.organisation_id for c in records}) != 1:
        raise ClaimError(_("Claim for one organisation at a time"), field="contributions")
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                organisation_id=records[0].organisation_id,
                contributor=contributor,
                idempotency_key=key,
                method=method,
                lower_amount=lower,
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
    # Staff of the paying organisation see the person's record from now on (people/queries.py).
    people_services.link_organisation(contributor, claim.organisation_id, OrganisationLink.Reason.PAID)
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
                % {"activity": contribution.activity, "date": words.day(contribution.date)},
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
    lower = _check_choice(method, lower_amount, payee_organisation)
    claim.method = method
    claim.lower_amount = lower
    claim.payee_organisation = payee_organisation.strip() if method == Method.ORGANISATION else ""
    claim.save(update_fields=["method", "lower_amount", "payee_organisation"])
    return recalculate(claim)


def _expense_amount(
    claim: Claim, day: datetime.date, policy: PaymentPolicy, kind: str, amount, miles
) -> tuple[Decimal, Decimal | None]:
    if kind == ExpenseKind.MILEAGE:
        if miles in (None, ""):
            raise ClaimError(_("Enter how many miles you travelled"), field="miles")
        distance = typed_miles(miles)
        if policy.mileage_rate <= 0:
            raise ClaimError(_("This organisation does not pay mileage"), field="kind")
        return _worked_out(distance * policy.mileage_rate, "miles", _("the mileage")), distance
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
    value = typed_amount(amount, "amount", what=_("the amount you spent"))
    if kind == ExpenseKind.SUBSISTENCE and policy.subsistence_limit > 0:
        _check_daily_food_and_drink(claim, day, value, policy.subsistence_limit)
    return value, None


def _check_daily_food_and_drink(claim: Claim, day: datetime.date, value: Decimal, limit: Decimal) -> None:
    """The limit is per day: what the person already claimed for that day (in any live claim) counts."""
    spent = (
        Expense.objects.filter(
            claim__contributor_id=claim.contributor_id, kind=ExpenseKind.SUBSISTENCE, date=day
        )
        .exclude(claim__status__in=NOT_LIVE)
        .aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    if spent + value <= limit:
        return
    message = _("Food and drink can be claimed up to %(limit)s a day") % {"limit": words.money(limit)}
    if spent:
        message += ". " + _("%(spent)s is already claimed for %(day)s.") % {
            "spent": words.money(to_money(spent)),
            "day": words.day(day),
        }
    raise ClaimError(message, field="amount")


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
    value, distance = _expense_amount(claim, date, policy, kind, amount, miles)
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
    notifications.claim_received(claim)
    return claim


# ---------------------------------------------------------------- checking and approval


def is_claimant(claim: Claim, user) -> bool:
    return claim.contributor.user_id is not None and claim.contributor.user_id == user.pk


def _started_by(claim: Claim, user) -> bool:
    """``user`` started or sent the claim, or added an expense to it, for the person."""
    if user.pk in {claim.created_by_id, claim.submitted_by_id}:
        return True
    return claim.expenses.filter(added_by=user).exists()


def _changed_by(claim: Claim, user) -> bool:
    if _started_by(claim, user):
        return True
    return claim.events.filter(kind=ClaimEvent.Kind.ADJUSTED, actor=user).exists()


# What each step on a claim needs: the roles that may take it and the statuses it is taken from.
STEPS = {
    "adjust": (CHECKERS, (Claim.Status.SUBMITTED, Claim.Status.CHECKED)),
    "check": (CHECKERS, (Claim.Status.SUBMITTED,)),
    "approve": (APPROVERS, (Claim.Status.CHECKED,)),
    "reject": (CHECKERS | APPROVERS, (Claim.Status.SUBMITTED, Claim.Status.CHECKED)),
    "reverse": (APPROVERS, (Claim.Status.APPROVED, Claim.Status.PAID)),
}


def refusal(claim: Claim, user, step: str) -> str | None:
    """Why ``user`` may not take ``step`` on ``claim`` (whatever its status), or None when they may.

    Separation of duties: nobody takes any step on their own claim; whoever started or sent a claim
    for someone (for example a person without a login) does not also check it; whoever made,
    changed or checked a claim does not approve it.
    """
    roles, _statuses = STEPS[step]
    if not has_role(user, claim.organisation_id, roles):
        return _("You cannot do that to this claim.")
    if is_claimant(claim, user):
        return _("This is your own claim, so someone else must check, change or approve it.")
    if step == "check" and _started_by(claim, user):
        return _("You made or sent this claim for the person, so someone else must check it.")
    if step == "approve" and (_changed_by(claim, user) or claim.checked_by_id == user.pk):
        return _("Someone else must approve this claim: you made, changed or checked it.")
    return None


def allowed_steps(claim: Claim, user) -> set[str]:
    """The steps ``user`` may take on ``claim`` now: the buttons their page shows."""
    return {
        step
        for step, (_roles, statuses) in STEPS.items()
        if claim.status in statuses and refusal(claim, user, step) is None
    }


def refusals(claim: Claim, user) -> list[str]:
    """Why steps that ``claim`` is waiting for are refused to ``user``, when their role would allow them."""
    reasons = []
    for step, (roles, statuses) in STEPS.items():
        reason = refusal(claim, user, step) if claim.status in statuses else None
        if reason and has_role(user, claim.organisation_id, roles) and reason not in reasons:
            reasons.append(reason)
    return reasons


def _require_step(claim: Claim, user, step: str) -> None:
    reason = refusal(claim, user, step)
    if reason is not None:
        raise PermissionDenied(reason)
    _require_status(claim, *STEPS[step][1])


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
    _require_step(claim, by, "adjust")
    if not (reason or "").strip():
        raise ClaimError(_("Enter the reason for the change"), field="reason")
    amount = typed_amount(new_amount, "new_amount", what=_("the new amount"), allow_zero=line is not None)
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
    _require_step(claim, by, "check")
    claim.status, claim.checked_at, claim.checked_by = Claim.Status.CHECKED, timezone.now(), by
    claim.save(update_fields=["status", "checked_at", "checked_by"])
    ClaimEvent.objects.create(claim=claim, kind=ClaimEvent.Kind.CHECKED, actor=by)
    return claim


@transaction.atomic
def reject(claim: Claim, *, by, reason: str) -> Claim:
    claim = _lock(claim)
    _require_step(claim, by, "reject")
    if not (reason or "").strip():
        raise ClaimError(_("Enter the reason, in words the person will understand"), field="reason")
    claim.status, claim.rejected_reason = Claim.Status.REJECTED, reason.strip()
    claim.save(update_fields=["status", "rejected_reason"])
    # Free the contributions so a corrected claim can be made.
    claim.lines.update(active=False)
    ClaimEvent.objects.create(claim=claim, kind=ClaimEvent.Kind.REJECTED, actor=by, reason=reason.strip())
    notifications.claim_not_accepted(claim)
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
    _require_step(claim, by, "approve")
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
    notifications.claim_approved(claim)
    return claim


@transaction.atomic
def reverse_claim(claim: Claim, *, by, reason: str) -> Claim:
    """Cancel an approved or paid claim by reversing its ledger postings; nothing is deleted."""
    claim = _lock(claim)
    _require_step(claim, by, "reverse")
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
