"""Reading the amounts and quantities people type: one parser, so a slip is refused, never reinterpreted.

"5,00" is not £500 and "12.345" is not £12.35. What is accepted: spaces around the number,
a leading "£" (money only), thousands separators in their proper places ("1,234.50"), no more
decimal places than the field keeps, a minus sign only where the field allows one, finite values
up to the field's maximum. Everything else is refused with an ``AmountError`` whose ``code`` says
what was wrong; ``message`` turns it into words that name the field ("Enter the bus fare in pounds
and pence, like 12.50"). Forms use ``core.forms.MoneyField`` and ``NumberField``; services call
``parse_money`` and ``parse_number`` on values that did not come through a form.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

PENCE_PLACES = 2
# Longer than any real amount; refused before any work is done on it.
_LONGEST = 40
# Bigger than any single payment for involvement; larger figures are typing mistakes.
MONEY_MAXIMUM = Decimal("10000.00")

# ASCII digits only: Python's Decimal would also read Arabic-Indic and other digits.
_NUMBER = re.compile(
    r"(?P<minus>-)?(?P<pound>£ *)?(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.(?P<fraction>[0-9]+))?",
    re.ASCII,
)
# "5,00", "12,5" or "1.234,56": a comma used where English uses a full stop.
_DECIMAL_COMMA = re.compile(r"-?(?:£ *)?[0-9.]*[0-9],[0-9]{1,2}", re.ASCII)


class AmountError(ValueError):
    """What is wrong with a typed amount: ``code`` is one of the keys of ``_MONEY_MESSAGES``."""

    def __init__(self, code: str, *, places: int = PENCE_PLACES, maximum: Decimal | None = None):
        super().__init__(code)
        self.code, self.places, self.maximum = code, places, maximum


def parse_number(
    value,
    *,
    places: int,
    maximum: Decimal | None,
    allow_zero: bool = True,
    allow_negative: bool = False,
    currency: bool = False,
) -> Decimal:
    """``value`` (text, int or Decimal; never float) as a Decimal with exactly ``places`` places."""
    if isinstance(value, float | bool):
        raise TypeError("Amounts are never floats or booleans; pass text, an int or a Decimal.")
    if isinstance(value, Decimal | int):
        number = _from_number(Decimal(value), places)
    else:
        number = _from_text(str(value), places, currency)
    number = _in_range(number, maximum, allow_zero, allow_negative, places)
    try:
        return number.quantize(_unit(places))
    except InvalidOperation:  # more digits than Decimal's context holds: only with no maximum
        raise AmountError("invalid", places=places) from None


def _unit(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def parse_money(
    value, *, maximum: Decimal | None = MONEY_MAXIMUM, allow_zero: bool = True, allow_negative: bool = False
) -> Decimal:
    """Pounds and pence that a person typed (or a caller passed), exactly; see the module's rules."""
    return parse_number(
        value,
        places=PENCE_PLACES,
        maximum=maximum,
        allow_zero=allow_zero,
        allow_negative=allow_negative,
        currency=True,
    )


def _from_number(number: Decimal, places: int) -> Decimal:
    if not number.is_finite():
        raise AmountError("invalid", places=places)
    try:
        exact = number == number.quantize(_unit(places), ROUND_DOWN)
    except InvalidOperation:  # too many digits to be an amount anyone means
        raise AmountError("invalid", places=places) from None
    if not exact:
        raise AmountError("places", places=places)
    return number


def _from_text(text: str, places: int, currency: bool) -> Decimal:
    text = text.strip()
    found = _NUMBER.fullmatch(text) if len(text) <= _LONGEST else None
    if found is None or not (found["whole"] or found["fraction"]) or (found["pound"] and not currency):
        code = "decimal_comma" if _DECIMAL_COMMA.fullmatch(text) else "invalid"
        raise AmountError(code, places=places)
    fraction = found["fraction"] or ""
    if len(fraction) > places:
        raise AmountError("places", places=places)
    whole = (found["whole"] or "0").replace(",", "")
    return Decimal(f"{found['minus'] or ''}{whole}.{fraction or '0'}")


def _in_range(number: Decimal, maximum, allow_zero: bool, allow_negative: bool, places: int) -> Decimal:
    if number < 0 and not allow_negative:
        raise AmountError("negative" if allow_zero else "zero", places=places)
    if number == 0 and not allow_zero:
        raise AmountError("zero", places=places)
    if maximum is not None and abs(number) > maximum:
        raise AmountError("maximum", places=places, maximum=maximum)
    return number if number != 0 else abs(number)  # never "-0.00"


def _money_messages() -> dict[str, str]:
    return {
        "required": _("Enter %(what)s"),
        "invalid": _("Enter %(what)s in pounds and pence, like 12.50"),
        "decimal_comma": _("Enter %(what)s with a full stop before the pence, like 12.50, not a comma"),
        "places": _("Enter %(what)s to the nearest penny, with no more than 2 numbers after the full stop"),
        "negative": _("Enter %(what)s of £0 or more"),
        "zero": _("Enter %(what)s of more than £0"),
        "maximum": _("Enter %(what)s of %(maximum)s or less"),
    }


def _number_messages(places: int) -> dict[str, str]:
    return {
        "required": _("Enter %(what)s"),
        "invalid": _("Enter %(what)s as a number, like %(example)s"),
        "decimal_comma": _("Enter %(what)s with a full stop, not a comma, like %(example)s"),
        "places": ngettext(
            "Enter %(what)s with no more than %(places)s number after the full stop",
            "Enter %(what)s with no more than %(places)s numbers after the full stop",
            places,
        ),
        "negative": _("Enter %(what)s as a number of 0 or more"),
        "zero": _("Enter %(what)s as a number more than 0"),
        "maximum": _("Enter %(what)s as a number no more than %(maximum)s"),
    }


def message(error: AmountError | str, what: str, *, money: bool = True, example: str = "12.5") -> str:
    """The words for ``error`` (or an error code) about the field people know as ``what``."""
    code = error if isinstance(error, str) else error.code
    maximum = None if isinstance(error, str) else error.maximum
    places = PENCE_PLACES if isinstance(error, str) else error.places
    if maximum is None:
        shown = ""
    elif money:
        shown = f"£{maximum:,.2f}".removesuffix(".00")
    else:
        shown = f"{maximum:,}"
    text = (_money_messages() if money else _number_messages(places))[code]
    return text % {"what": what, "maximum": shown, "places": places, "example": example}
