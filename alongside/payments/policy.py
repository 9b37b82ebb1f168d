"""Which payment policy applies on a date, and what it pays for a contribution."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from alongside.payments.models import Basis, PaymentPolicy, PolicyRate
from alongside.payments.money import to_money


class NoPolicy(LookupError):
    pass


@dataclass(frozen=True)
class Fee:
    policy: PaymentPolicy
    basis: str
    rate: Decimal
    units: Decimal
    amount: Decimal


def policy_in_force(organisation_id: int, on: datetime.date) -> PaymentPolicy:
    policy = (
        PaymentPolicy.objects.filter(organisation_id=organisation_id, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
    if policy is None:
        raise NoPolicy("There is no payment policy in force on that date.")
    return policy


def current_policy(organisation_id: int) -> PaymentPolicy | None:
    from django.utils import timezone

    try:
        return policy_in_force(organisation_id, timezone.localdate())
    except NoPolicy:
        return None


def units_for(policy: PaymentPolicy, basis: str, minutes: int) -> Decimal:
    if basis == Basis.HOUR:
        return Decimal(minutes) / Decimal(60)
    if basis == Basis.HALF_DAY:
        return Decimal(math.ceil(minutes / policy.half_day_minutes))
    if basis == Basis.DAY:
        return Decimal(math.ceil(minutes / policy.day_minutes))
    return Decimal(1)


def fee_for(policy: PaymentPolicy, activity_type: str, minutes: int) -> Fee:
    try:
        rate = policy.rates.get(activity_type=activity_type)
    except PolicyRate.DoesNotExist as exc:
        raise NoPolicy(f"The payment policy has no rate for “{activity_type}”.") from exc
    units = units_for(policy, rate.basis, minutes)
    return Fee(
        policy, rate.basis, rate.amount, units.quantize(Decimal("0.0001")), to_money(rate.amount * units)
    )


def next_version(organisation_id: int) -> int:
    latest = PaymentPolicy.objects.filter(organisation_id=organisation_id).order_by("-version").first()
    return (latest.version + 1) if latest else 1
