"""The one rounding rule for money, and splitting without gaining or losing a penny.

Every amount in Alongside is a ``Decimal`` in pounds. Anything that turns a
calculation into money (rates × hours, miles × rate, shares of a total) goes
through ``to_money`` here, so there is exactly one rounding rule: half up to
the penny, as people are used to on receipts and payslips.

What people type is never rounded: it is read by ``core.numbers.parse_money``
(through ``core.forms.MoneyField`` on forms), which refuses "5,00" or "12.345"
rather than guessing what was meant.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from alongside.core import words
from alongside.core.numbers import MONEY_MAXIMUM

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
# Nothing in involvement payments comes near this; larger figures are typing mistakes.
ABSURD = MONEY_MAXIMUM


def to_money(value) -> Decimal:
    """The result of a calculation (Decimal, int or a plain decimal string; never float) rounded half
    up to the penny. Not for what people type: a comma or a typo is an error here, never dropped."""
    if isinstance(value, float):
        raise TypeError("Money is never a float; pass a Decimal, int or str.")
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError(f"Not an amount of money: {value!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"Not an amount of money: {value!r}")
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def to_pence(value) -> int:
    return int(to_money(value) * 100)


def from_pence(pence: int) -> Decimal:
    return (Decimal(pence) / 100).quantize(PENNY)


def split(total, weights: int | Sequence) -> list[Decimal]:
    """Share ``total`` by ``weights`` (or into that many equal parts); the shares add up to it exactly.

    Each share is first rounded down to the penny; the pennies left over go, one
    each, to the shares that lost most in rounding (largest remainder), earlier
    shares first on a tie. So the same inputs always give the same answer.
    """
    total = to_money(total)
    if isinstance(weights, int):
        weights = [1] * weights
    weights = [Decimal(str(w)) for w in weights]
    if not weights:
        raise ValueError("Cannot split into no parts.")
    if any(w < 0 for w in weights) or sum(weights) == 0:
        raise ValueError("Weights must be zero or more and not all zero.")
    sign = -1 if total < 0 else 1
    pence = abs(to_pence(total))
    whole = sum(weights)
    exact = [Decimal(pence) * w / whole for w in weights]
    shares = [int(e.to_integral_value(rounding=ROUND_DOWN)) for e in exact]
    left = pence - sum(shares)
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in by_remainder[:left]:
        shares[i] += 1
    return [from_pence(sign * p) for p in shares]


def format_money(value) -> str:
    """£1,234.50: the house style for money everywhere (``core.words.money``), after our rounding."""
    return words.money(to_money(value))
