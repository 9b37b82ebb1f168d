"""One way to check and tidy a contributor's details, whichever way they arrive.

The forms, the API and imports all call ``clean_contributor`` (or the field cleaners below), and
so do the services that store a profile (``services.create_contributor`` and
``update_profile``), so nothing can store what a form would refuse. Each problem is a
``ValidationError`` keyed by field, with a message that says what to do. Lengths come from the
model, so a value the database would refuse (a 500 on PostgreSQL) is refused here first.

Tidying: emails are lower case; phone numbers are stored as +447700900982 (``core.phones``,
which accepts Ofcom's example numbers); postcodes are upper case with one space (M13 9PL).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from alongside.core import phones
from alongside.people.choices import AccessNeed, Channel, Confidence, Device, Internet, TimeOfDay, Weekday
from alongside.people.regions import is_valid_postcode, normalise_postcode, region_for_postcode

FREE_TEXT_LIMIT = 2000
MAX_POSTCODE = 10  # Contributor.postcode  # the model's TextFields have no length of their own
EMAIL_LIMIT = 254
MOST_LANGUAGES, LANGUAGE_LIMIT = 10, 40
MOST_MILES = 1000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
_BFPO = re.compile(r"^BFPO ?[0-9]{1,4}$")

PHONE_EXAMPLE = _("Enter a phone number, like 07700 900 982 or 0161 496 0000.")
MOBILE_EXAMPLE = _("Enter a mobile number, like 07700 900 982, or put it under landline.")
NAME_NEEDED = _("Enter a first name. Every person needs at least a first name.")


# What may be typed, before tidying: "+44 (0) 7700 900 982" is longer than the +447700900982 we keep.
_TYPED = {"email": EMAIL_LIMIT, "mobile": 30, "landline": 30, "postcode": 12}


def limit(field: str) -> int:
    """The most characters a detail may have: the model's limit, or what may be typed before tidying."""
    from alongside.people.models import Contributor

    return _TYPED.get(field) or Contributor._meta.get_field(field).max_length or FREE_TEXT_LIMIT


def text(value, *, limit: int, multiline: bool = False) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(_("Enter this as text."))
    value = value.strip()
    control = _CONTROL if multiline else re.compile(r"[\x00-\x1f\x7f]")
    if control.search(value):
        raise ValidationError(_("Remove the hidden control characters from this answer."))
    if len(value) > limit:
        message = _("Shorten this to %(limit)s characters or fewer (it has %(n)s).")
        raise ValidationError(message % {"limit": limit, "n": len(value)})
    return value


def email(value) -> str:
    value = text(value, limit=EMAIL_LIMIT).lower()
    if value:
        try:
            validate_email(value)
        except ValidationError as exc:
            raise ValidationError(_("Enter an email address like name@example.com.")) from exc
    return value


def phone(value, *, mobile: bool = False) -> str:
    """A UK or international number as +447700900982; '' for blank."""
    value = text(value, limit=_TYPED["mobile"])
    if not value:
        return ""
    number = phones.parse(value)
    if number is None:
        raise ValidationError(PHONE_EXAMPLE)
    if mobile and not phones.is_mobile(number):
        raise ValidationError(MOBILE_EXAMPLE)
    return phones.e164(number)


def postcode(value) -> str:
    """A full UK postcode, an outward code (M13) or a BFPO number, tidied; '' for blank."""
    value = normalise_postcode(text(value, limit=_TYPED["postcode"]))
    if value and not (is_valid_postcode(value) or _OUTWARD.match(value) or _BFPO.match(value)):
        raise ValidationError(_("Enter a UK postcode, like M13 9PL, or leave it blank."))
    if len(value) > MAX_POSTCODE:
        raise ValidationError(_("Enter a UK postcode, like M13 9PL, or leave it blank."))
    return value


def postcode_warning(value: str) -> str:
    """Said, not refused: a postcode in the right form that is not in our list is kept."""
    if value and not region_for_postcode(value) and not _BFPO.match(value):
        message = _("We did not recognise the postcode %(postcode)s; it has been kept.")
        return str(message % {"postcode": value})
    return ""


def postcode_area(value) -> str:
    """The letters at the start of a postcode (LS, M), checked against the areas we know."""
    from alongside.people.regions import area_regions

    value = text(value, limit=2).upper()
    if value and value not in area_regions():
        raise ValidationError(_("Enter the letters at the start of a postcode, like LS or M."))
    return value


def choices(value, options, *, many: bool):
    allowed = set(options.values)
    if not many:
        if value in (None, ""):
            return ""
        if value not in allowed:
            raise ValidationError(_("Choose one of the options given."))
        return value
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValidationError(_("Give a list of options."))
    unknown = [v for v in value if v not in allowed]
    if unknown:
        raise ValidationError(
            _("These are not options we offer: %(values)s. Choose from: %(allowed)s.")
            % {"values": ", ".join(map(str, unknown)), "allowed": ", ".join(options.values)}
        )
    return list(dict.fromkeys(value))  # in order, once each


def languages(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ValidationError(_("Give a list of languages."))
    tidy = [text(v, limit=LANGUAGE_LIMIT) for v in value]
    tidy = [v for v in tidy if v]
    if len(tidy) > MOST_LANGUAGES:
        raise ValidationError(_("Give at most %(n)s languages.") % {"n": MOST_LANGUAGES})
    return tidy


def yes_no(value) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(_("Answer yes or no."))
    return value


def miles(value) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MOST_MILES:
        raise ValidationError(_("Enter a whole number of miles from 0 to %(n)s.") % {"n": MOST_MILES})
    return value


def _text_field(name: str, *, multiline: bool = False) -> Callable:
    return lambda value: text(value, limit=limit(name), multiline=multiline)


FIELDS: dict[str, Callable] = {
    "first_name": _text_field("first_name"),
    "last_name": _text_field("last_name"),
    "known_as": _text_field("known_as"),
    "email": email,
    "mobile": lambda value: phone(value, mobile=True),
    "landline": phone,
    "address_line_1": _text_field("address_line_1"),
    "address_line_2": _text_field("address_line_2"),
    "town": _text_field("town"),
    "postcode": postcode,
    "times_not_to_call": _text_field("times_not_to_call"),
    "access_needs_other": _text_field("access_needs_other", multiline=True),
    "lived_experience_other": _text_field("lived_experience_other", multiline=True),
    "preferred_channels": lambda value: choices(value, Channel, many=True),
    "access_needs": lambda value: choices(value, AccessNeed, many=True),
    "available_days": lambda value: choices(value, Weekday, many=True),
    "available_times": lambda value: choices(value, TimeOfDay, many=True),
    "device": lambda value: choices(value, Device, many=False),
    "internet": lambda value: choices(value, Internet, many=False),
    "digital_confidence": lambda value: choices(value, Confidence, many=False),
    "languages": languages,
    "online": yes_no,
    "by_phone": yes_no,
    "in_person": yes_no,
    "wants_digital_buddy": yes_no,
    "travel_miles": miles,
}


def check_contributor(data: Mapping[str, object], *, creating: bool = False) -> tuple[dict, dict]:
    """The details in ``data`` that are good, tidied, and the problems with the rest, by field.
    A name that is not a contributor detail is a programming error (TypeError)."""
    cleaned, errors = {}, {}
    for name, value in data.items():
        if name not in FIELDS:
            raise TypeError(f"{name!r} is not a contributor detail")
        try:
            cleaned[name] = FIELDS[name](value)
        except ValidationError as exc:
            errors[name] = exc.messages
    if ("first_name" in cleaned and not cleaned["first_name"]) or (creating and "first_name" not in data):
        errors.setdefault("first_name", [str(NAME_NEEDED)])
        cleaned.pop("first_name", None)
    return cleaned, errors


def clean_contributor(data: Mapping[str, object], *, creating: bool = False) -> dict:
    """The details in ``data``, checked and tidied. Raises ValidationError naming every bad field."""
    cleaned, errors = check_contributor(data, creating=creating)
    if errors:
        raise ValidationError(errors)
    return cleaned
