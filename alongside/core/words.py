"""Stored values as people say them: money, durations, days, phone numbers, dates, distances, choices.

Every page, document and message shows values through these functions (templates through the
``words`` filters in ``core/templatetags/words.py``), so "3.0", "large_print", "tue, thu",
"+447911123456" and "None" never reach a person, and a figure looks the same everywhere.
Each gives "" when there is nothing to show, so ``or_none`` ("—") or ``default`` can follow.

Words come from gettext, so they follow the reader's language. Some wordings reuse Django's own
messages ("%d hour", "Monday", "and") on purpose: Django already translates those into Welsh.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Choices
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, gettext_noop, ngettext

from alongside.core import phones
from alongside.core.discovery import app_modules

NOTHING = "—"
_PENNY = Decimal("0.01")


def or_none(value, text: str | None = None) -> object:
    """The value, or "—" (or the words given) when there is nothing to show: never "None"."""
    if value is None or value == "" or value == [] or value == ():
        return NOTHING if text is None else text
    return value


# --- Money -------------------------------------------------------------------------------------


def _amount(value) -> Decimal:
    if isinstance(value, float):
        raise TypeError("Money is never a float; pass a Decimal, int or str.")
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError(f"Not an amount of money: {value!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"Not an amount of money: {value!r}")
    return amount.quantize(_PENNY, rounding=ROUND_HALF_UP)


def money(value) -> str:
    """£1,234.50, £0.00, -£5.00: pounds and pence with thousands separators (Decimal, int or str in)."""
    if value is None or value == "":
        return ""
    amount = _amount(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


# --- Durations and distances -------------------------------------------------------------------


def minutes(value) -> str:
    """45 minutes, 1 hour, 1½ hours, 3 hours, 2 hours 15 minutes."""
    if value is None or value == "":
        return ""
    total = int(value)
    whole_hours, rest = divmod(total, 60)
    if whole_hours and rest == 30:
        return gettext("%(hours)d½ hours") % {"hours": whole_hours}
    # Django's own wording for hours and minutes, which it already translates.
    hours_words = ngettext("%d hour", "%d hours", whole_hours) % whole_hours
    minutes_words = ngettext("%d minute", "%d minutes", rest) % rest
    if not whole_hours:
        return minutes_words
    if not rest:
        return hours_words
    return gettext("%(hours)s %(minutes)s") % {"hours": hours_words, "minutes": minutes_words}


def hours(value) -> str:
    """A number of hours (Decimal 3.0, 1.5, 0.75) in words: "3 hours", "1½ hours", "45 minutes"."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        raise TypeError("Hours are a Decimal, int or str, never a float.")
    in_minutes = (Decimal(str(value)) * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return minutes(int(in_minutes))


def _plain_number(value) -> str:
    """12, 12.5, 1,200: no ".0" on whole numbers."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"


def number(value) -> str:
    """A count or measure as people write it: 15, 15.5, 1,200 (never "15.0")."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        value = Decimal(repr(value))
    return _plain_number(value)


def miles(value) -> str:
    """12 miles, 1 mile, 12.5 miles."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        raise TypeError("Miles are a Decimal, int or str, never a float.")
    shown = _plain_number(value)
    count = 1 if Decimal(str(value)) == 1 else 2
    return ngettext("%(miles)s mile", "%(miles)s miles", count) % {"miles": shown}


def percent(value) -> str:
    """A share (0.3333) as people read it: "33.3%", "100%", "5%"."""
    if value is None or value == "":
        return ""
    shown = (Decimal(str(value)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return gettext("%(number)s%%") % {"number": _plain_number(shown)}


# --- Lists and choices -------------------------------------------------------------------------


def and_list(items: Iterable) -> str:
    """a, b and c (Django translates "and")."""
    words = [str(item) for item in items if item not in (None, "")]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {gettext('and')} {words[-1]}"


@cache
def _choice_sets() -> dict[str, type[Choices]]:
    """Every ``Choices`` class in the apps' ``choices.py`` modules, by class name."""
    found: dict[str, type[Choices]] = {}
    for _config, module in app_modules("choices"):
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, Choices) and value is not Choices:
                if found.get(name, value) is not value:
                    raise ImproperlyConfigured(f"Two choice lists are called {name}; rename one.")
                found[name] = value
    return found


def choice_set(choices: str | type[Choices]) -> type[Choices]:
    return _choice_sets()[choices] if isinstance(choices, str) else choices


@cache
def _names(choices: type[Choices]) -> dict:
    return dict(choices.choices)


def display(value, choices: type[Choices]) -> str:
    """What ``get_FOO_display()`` gives, for hot pages: Django's own builds and hashes the whole
    list of choices, translating every label, on each call (a millisecond a card for regions)."""
    name = _names(choices).get(value)
    return value if name is None else str(name)


def labels(values, choices: str | type[Choices]) -> list[str]:
    """The labels of stored values, in order ("large_print" → "Large print").

    ``choices`` is a Choices class or the name of one kept in an app's ``choices.py``.
    A value no longer in the list is shown as it was stored rather than dropped.
    """
    if values in (None, ""):
        return []
    if isinstance(values, str):
        values = [values]
    names = dict(choice_set(choices).choices)
    return [str(names.get(value, value)) for value in values]


def label(value, choices: str | type[Choices]) -> str:
    return "".join(labels(value, choices)[:1])


# --- Days --------------------------------------------------------------------------------------

# Stored codes (people.choices.Weekday) in week order, with the day's name and "every week" form.
_DAYS = {
    "mon": ("Monday", gettext_noop("Mondays")),
    "tue": ("Tuesday", gettext_noop("Tuesdays")),
    "wed": ("Wednesday", gettext_noop("Wednesdays")),
    "thu": ("Thursday", gettext_noop("Thursdays")),
    "fri": ("Friday", gettext_noop("Fridays")),
    "sat": ("Saturday", gettext_noop("Saturdays")),
    "sun": ("Sunday", gettext_noop("Sundays")),
}


def _every(code: str) -> str:
    name, weekly = _DAYS[code]
    shown = gettext(weekly)
    # Welsh names a day the same once or every week ("dydd Mawrth"); until a translation of the
    # weekly form exists, the day's own name (which Django translates) reads correctly.
    if shown == weekly and not (get_language() or "en").startswith("en"):
        return gettext(name)
    return shown


def days(codes) -> str:
    """["tue", "thu"] → "Tuesdays and Thursdays", in week order; unknown codes are left out."""
    if not codes:
        return ""
    if isinstance(codes, str):
        codes = [part.strip() for part in codes.split(",")]
    known = [code for code in _DAYS if code in set(codes)]
    return and_list(_every(code) for code in known)


# --- Phone numbers -----------------------------------------------------------------------------


def phone(value) -> str:
    """+447911123456 → 07911 123456; numbers from other countries in full international form."""
    return phones.for_people(value) if value else ""


# --- Dates and times ---------------------------------------------------------------------------


def clock(value: datetime.time | datetime.datetime) -> str:
    """10am, 5:30pm, midday, midnight."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.time()
    if value.minute == 0 and value.hour in (0, 12):
        return gettext("midnight") if value.hour == 0 else gettext("midday")
    hour = value.hour % 12 or 12
    shown = f"{hour}:{value.minute:02d}" if value.minute else str(hour)
    morning = value.hour < 12
    return (gettext("%(time)sam") if morning else gettext("%(time)spm")) % {"time": shown}


def day(value: datetime.date | datetime.datetime | None, style: str = "") -> str:
    """Tuesday 16 December 2026 (in the reader's language); "short" for tables: 16 Dec 2026."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "j M Y" if style == "short" else "l j F Y")


def when(value: datetime.date | datetime.datetime | None, style: str = "") -> str:
    """The house style for a moment: "Tuesday 16 December 2026, 10am"; a date alone has no time.
    "short", for tables and logs: "16 Dec 2026, 10am"."""
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime.datetime):
        return day(value, style)
    return gettext("%(day)s, %(time)s") % {"day": day(value, style), "time": clock(value)}
