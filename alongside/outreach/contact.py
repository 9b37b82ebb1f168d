"""Checks on contact details: caught when they are typed, and again before anything is sent."""

from __future__ import annotations

import re
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from alongside.core import phones
from alongside.people.regions import is_valid_postcode

MAX_ADDRESS_LINES = 7
MAX_LINE_LENGTH = 50
_BFPO = re.compile(r"^BFPO\s?\d{1,4}$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _parse(number: str):
    return phones.parse(number)


# UK mobiles: 07xxx xxxxxx, in any of the usual spellings. Checking the shape is cheap enough for
# routing 100,000 people; the full check (phonenumbers) runs at entry and again just before sending.
_UK_MOBILE_SHAPE = re.compile(r"^(?:\+44|0044|0)7\d{9}$")
_ANY_PHONE_SHAPE = re.compile(r"^(?:\+44|0044|0)[1-9]\d{8,9}$")
_SEPARATORS = re.compile(r"[\s().-]")


def looks_like_mobile(number: str) -> bool:
    compact = _SEPARATORS.sub("", number or "")
    return bool(_UK_MOBILE_SHAPE.match(compact)) or (compact.startswith("+") and is_mobile(number))


def looks_like_phone(number: str) -> bool:
    compact = _SEPARATORS.sub("", number or "")
    return bool(_ANY_PHONE_SHAPE.match(compact)) or (compact.startswith("+") and is_phone(number))


def is_mobile(number: str) -> bool:
    parsed = _parse(number or "")
    return parsed is not None and phones.is_mobile(parsed)


def is_phone(number: str) -> bool:
    return _parse(number or "") is not None


def international(number: str) -> str:
    """+447700900123 — the form providers want."""
    parsed = _parse(number or "")
    if parsed is None:
        raise ValueError("Not a valid phone number")
    return phones.e164(parsed)


# The everyday shape of an address (name@host.example): a strict subset of what Django's
# EmailValidator accepts, checked in one match. Routing 100,000 people spent a third of its time in
# the full validator; anything outside this shape still gets the full check, so answers are the same.
_PLAIN_EMAIL = re.compile(
    r"^[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\Z"
)


def is_email(address: str) -> bool:
    if not address:
        return False
    if len(address) <= 254 and _PLAIN_EMAIL.match(address):
        return True
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def validate_mobile(value: str) -> None:
    """Form validator: a number a text message can reach."""
    if value and not is_mobile(value):
        raise ValidationError(_("Enter a mobile phone number, like 07700 900 982 or +44 7700 900 982"))


def validate_phone(value: str) -> None:
    if value and not is_phone(value):
        raise ValidationError(_("Enter a phone number, like 01632 960 001 or 07700 900 982"))


def address_lines(name: str, *lines: str) -> list[str]:
    return [line.strip() for line in (name, *lines) if line and line.strip()]


def address_problems(lines: list[str]) -> list[str]:
    """Why a letter cannot be posted to these lines, or an empty list.

    The rules follow what postal providers (and GOV.UK Notify) accept: at most 7 lines,
    at least a name, one address line and a postcode, and the last line a UK postcode
    or a British Forces (BFPO) number.
    """
    problems = []
    if len(lines) > MAX_ADDRESS_LINES:
        problems.append(_("The address has more than 7 lines."))
    if len(lines) < 3:
        problems.append(_("The address needs a name, at least one address line and a postcode."))
    last = lines[-1] if lines else ""
    if not (is_valid_postcode(last) or _BFPO.match(last)):
        problems.append(_("The last line of the address must be a UK postcode or a BFPO number."))
    if any(len(line) > MAX_LINE_LENGTH for line in lines):
        problems.append(_("An address line is longer than 50 characters."))
    return problems
