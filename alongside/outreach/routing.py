"""Which channel, format and language each person gets a message in.

Pure functions over a person's stored preferences: no queries, so queuing a
message to 100,000 people costs one pass over their rows.
"""

from __future__ import annotations

from typing import NamedTuple

from alongside.outreach import contact
from alongside.outreach.kinds import policy
from alongside.people.choices import AccessNeed, Channel, Status

# When a person has not said how they want to hear from us.
DEFAULT_ORDER = (Channel.EMAIL, Channel.LETTER, Channel.TEXT, Channel.PHONE)

QUEUED, NO_CHANNEL, WITHHELD = "queued", "no_channel", "withheld"


class Route(NamedTuple):
    """Where one person's message goes (a tuple: one is made per person, 100,000 in a bulk send)."""

    status: str
    channel: str = ""
    reason: str = ""
    large_print: bool = False
    easy_read: bool = False
    language: str = ""


def usable(channel: str, person) -> bool:
    if channel == Channel.EMAIL:
        return contact.is_email(person.email)
    if channel == Channel.TEXT:
        return contact.looks_like_mobile(person.mobile)
    if channel == Channel.LETTER:
        return not contact.address_problems(letter_address(person))
    if channel == Channel.PHONE:
        return contact.looks_like_phone(person.landline) or contact.looks_like_phone(person.mobile)
    return False


def letter_address(person) -> list[str]:
    name = " ".join(p for p in (person.first_name, person.last_name) if p)
    return contact.address_lines(
        name, person.address_line_1, person.address_line_2, person.town, person.postcode
    )


def channel_order(person, kind: str) -> list[str]:
    allowed = policy(kind).channels
    chosen = [c for c in (person.preferred_channels or []) if c in allowed]
    return chosen or [c for c in DEFAULT_ORDER if c in allowed]


def next_channel(person, kind: str, tried: list[str]) -> str:
    """The first channel, in the person's order, not yet tried and usable; '' when none is left."""
    for channel in channel_order(person, kind):
        if channel not in tried and usable(channel, person):
            return channel
    return ""


def withheld_reason(person, kind: str, opted_out: bool) -> str:
    rules = policy(kind)
    if person.erased_at is not None:
        return "Their record has been erased."
    if rules.consent and not getattr(person, f"consent_{rules.consent}"):
        return f"No consent recorded for {rules.consent}."
    # Someone who paused or left still hears about what they started (an application, a claim).
    if rules.unprompted and person.status != Status.ACTIVE:
        return f"Their status is {person.status}."
    if not rules.essential and opted_out:
        return "They asked not to get these messages."
    return ""


# People write the languages they use in their own words; these are the ones we have wording in.
LANGUAGE_NAMES = {"welsh": "cy", "cymraeg": "cy", "english": "en-gb", "saesneg": "en-gb"}


def pick_language(person, available: set[str]) -> str:
    for language in person.languages or []:
        code = str(language).strip().lower()
        code = LANGUAGE_NAMES.get(code, code)
        if code in available:
            return code
    return ""


def resolve(
    person, kind: str, *, opted_out: bool = False, has_easy_read: bool = False, languages=()
) -> Route:
    reason = withheld_reason(person, kind, opted_out)
    if reason:
        return Route(WITHHELD, reason=reason)
    channel = next_channel(person, kind, [])
    if not channel:
        return Route(NO_CHANNEL, reason="No usable contact details for the ways they allow.")
    needs = person.access_needs or []
    return Route(
        QUEUED,
        channel=channel,
        large_print=AccessNeed.LARGE_PRINT in needs,
        easy_read=has_easy_read and AccessNeed.EASY_READ in needs,
        language=pick_language(person, set(languages)),
    )
