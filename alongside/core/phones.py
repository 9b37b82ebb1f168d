"""UK phone numbers: the one parser that forms, imports and sending share.

Ofcom keeps 07700 900000 to 07700 900999 and 01632 960000 to 01632 960999 for fiction and
examples. Our hints use them and so does the demo, but the phonenumbers library calls them
invalid, so without this a person typing the example we gave them was told it was wrong
(review D7). Nothing sent to them reaches anyone: a real provider refuses them and the local
outbox only keeps them.
"""

from __future__ import annotations

import phonenumbers
from phonenumbers import PhoneNumber, PhoneNumberFormat, PhoneNumberType

# Ofcom's ranges for drama and examples, as the whole number with the country code.
EXAMPLE_MOBILES = range(447700900000, 447700901000)
EXAMPLE_LANDLINES = range(441632960000, 441632961000)
_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def parse(value: str) -> PhoneNumber | None:
    """The number, read as dialled in the UK, when it is a valid one (or an example); else None."""
    try:
        number = phonenumbers.parse(value or "", "GB")
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(number) or _whole(number) in EXAMPLE_LANDLINES:
        return number
    return number if _is_example_mobile(number) else None


def is_mobile(number: PhoneNumber) -> bool:
    return _is_example_mobile(number) or phonenumbers.number_type(number) in _MOBILE_TYPES


def e164(number: PhoneNumber) -> str:
    """+447700900123: how numbers are stored and what providers want."""
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _whole(number: PhoneNumber) -> int:
    return int(f"{number.country_code}{number.national_number}")


def _is_example_mobile(number: PhoneNumber) -> bool:
    return _whole(number) in EXAMPLE_MOBILES


def for_people(value: str) -> str:
    """A stored number as people write it: UK numbers nationally (07911 123456), others in full."""
    number = parse(value) if value else None
    if number is None:
        return value or ""
    style = PhoneNumberFormat.NATIONAL if number.country_code == 44 else PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)
