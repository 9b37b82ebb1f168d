"""Small integer codes for the search columns, so a search compares numbers inside one index."""

from __future__ import annotations

from alongside.accounts.models import Region
from alongside.people.choices import AccessNeed, Disability, EthnicGroupHigh, Weekday

REGION = {value: index + 1 for index, value in enumerate(Region.values)}
ETHNIC = {value: index + 1 for index, value in enumerate(EthnicGroupHigh.values)}
DISABILITY = {value: index + 1 for index, value in enumerate(Disability.values)}
DAY_BIT = {value: 1 << index for index, value in enumerate(Weekday.values)}
NEED_BIT = {value: 1 << index for index, value in enumerate(AccessNeed.values)}
# "Anything else, in their words" cannot be matched to an offer, so it is its own bit.
OTHER_NEED_BIT = 1 << len(AccessNeed.values)

ONLINE, PHONE, IN_PERSON = 1, 2, 4
MODES = {"online": ONLINE, "phone": PHONE, "in_person": IN_PERSON}


def mask(values, bits: dict[str, int]) -> int:
    total = 0
    for value in values or ():
        total |= bits.get(value, 0)
    return total
