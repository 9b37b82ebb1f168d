"""Running totals of payments for time, for people who receive benefits.

Benefits rules look at earnings per week, per month (assessment period) and per
tax year. We attribute each payment for time to the date the person took part
(their contribution's date, a Europe/London calendar date) and compare the totals
with the thresholds the organisation set in its policy. Expenses never count,
and nor does a fee the person declined or asked to be paid to an organisation.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from alongside.payments.models import Claim, ClaimLine, Method, PaymentPolicy
from alongside.payments.money import ZERO, split, to_money
from alongside.payments.policy import NoPolicy, policy_in_force

COUNTED_STATUSES = (Claim.Status.SUBMITTED, Claim.Status.CHECKED, Claim.Status.APPROVED, Claim.Status.PAID)


def week_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    start = day - datetime.timedelta(days=day.weekday())
    return start, start + datetime.timedelta(days=6)


def month_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    start = day.replace(day=1)
    following = (start + datetime.timedelta(days=32)).replace(day=1)
    return start, following - datetime.timedelta(days=1)


def tax_year_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The UK tax year runs from 6 April to 5 April."""
    year = day.year if day >= datetime.date(day.year, 4, 6) else day.year - 1
    return datetime.date(year, 4, 6), datetime.date(year + 1, 4, 5)


PERIODS = (
    ("week", week_of, "weekly_limit"),
    ("month", month_of, "monthly_limit"),
    ("tax year", tax_year_of, "tax_year_limit"),
)


def counted_fee(method: str, fee_payable) -> Decimal:
    return ZERO if method in (Method.DECLINE, Method.ORGANISATION) else to_money(fee_payable)


def _line_amounts(claim: Claim, lines: list[ClaimLine], counted) -> list[tuple[datetime.date, Decimal]]:
    if not lines:
        return []
    weights = [line.fee for line in lines] if sum(line.fee for line in lines) > 0 else [1] * len(lines)
    return [
        (line.contribution.date, share) for line, share in zip(lines, split(counted, weights), strict=True)
    ]


@dataclass
class PeriodTotal:
    period: str
    start: datetime.date
    end: datetime.date
    before: Decimal
    this_claim: Decimal
    limit: Decimal | None

    @property
    def after(self) -> Decimal:
        return self.before + self.this_claim

    @property
    def crosses(self) -> bool:
        return self.limit is not None and self.this_claim > 0 and self.after > self.limit


def running_totals(claim: Claim, *, method: str | None = None, lower_amount=None) -> list[PeriodTotal]:
    """What this claim (with ``method``) adds to the person's totals, for each period it touches.

    Each period's limit is the one in the policy in force on the date the person took part (the
    latest such date in the period, when the claim has several), never simply the newest version:
    a limit raised next April does not apply to this November.
    """
    lines = list(claim.lines.filter(active=True).select_related("contribution"))
    if method is None:
        method, lower_amount = claim.method, claim.lower_amount
    fee_full = sum((line.fee for line in lines), ZERO)
    payable = fee_full
    if method == Method.LOWER and lower_amount not in (None, ""):
        payable = min(to_money(lower_amount), fee_full)
    mine = _line_amounts(claim, lines, counted_fee(method, payable))
    if not mine:
        return []
    earliest = min(tax_year_of(day)[0] for day, _ in mine)
    others = _other_amounts(claim, earliest)
    in_force = _policies_in_force(claim.organisation_id)
    results = []
    for name, period_of, limit_field in PERIODS:
        touched = defaultdict(lambda: ZERO)
        latest: dict[tuple, datetime.date] = {}
        for day, amount in mine:
            touched[period_of(day)] += amount
            latest[period_of(day)] = max(day, latest.get(period_of(day), day))
        for (start, end), amount in sorted(touched.items()):
            before = sum((a for day, a in others if start <= day <= end), ZERO)
            policy = in_force(latest[(start, end)])
            limit = getattr(policy, limit_field) if policy else None
            results.append(PeriodTotal(name, start, end, before, amount, limit))
    return results


def _policies_in_force(organisation_id: int):
    """A lookup of the policy version in force on a date (None before the first), reading each once."""
    known: dict[datetime.date, PaymentPolicy | None] = {}

    def on(day: datetime.date) -> PaymentPolicy | None:
        if day not in known:
            try:
                known[day] = policy_in_force(organisation_id, day)
            except NoPolicy:
                known[day] = None
        return known[day]

    return on


def _other_amounts(claim: Claim, since: datetime.date) -> list[tuple[datetime.date, Decimal]]:
    claims = (
        Claim.objects.filter(contributor_id=claim.contributor_id, status__in=COUNTED_STATUSES)
        .exclude(pk=claim.pk)
        .filter(lines__contribution__date__gte=since)
        .distinct()
        .prefetch_related("lines__contribution")
    )
    amounts = []
    for other in claims:
        lines = [line for line in other.lines.all() if line.active]
        amounts.extend(_line_amounts(other, lines, counted_fee(other.method, other.fee_payable)))
    return amounts
