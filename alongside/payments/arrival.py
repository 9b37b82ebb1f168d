"""When money sent to the bank should arrive, and what to call a claim until it has.

Writing a run's bank file is not paying anyone: Bacs takes three working days (the file goes in on
day one, is processed on day two and reaches the account on day three), and the bank can still
return a payment. So a claim whose run is finished is "sent to the bank, expected by <date>" until
the bank's confirmation says it was paid, or the expected day has passed with no word that it
failed; then it is "paid". Working days leave out weekends and bank holidays in England and Wales,
which Bacs follows.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alongside.payments.models import Claim, PaymentConfirmation

BACS_DAYS = 3


@lru_cache(maxsize=8)
def _bank_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv="ENG", years=[year, year + 1])


def _working(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def bacs_arrival(sent_on: datetime.date) -> datetime.date:
    """The day money in a file sent on ``sent_on`` reaches accounts: the third Bacs working day,
    counting the first working day on or after ``sent_on`` as day one."""
    day, counted = sent_on, 0
    while True:
        if _working(day):
            counted += 1
            if counted == BACS_DAYS:
                return day
        day += datetime.timedelta(days=1)


def expected_by(claim: Claim) -> datetime.date | None:
    """When the money for ``claim`` should arrive: the run's Bacs day once sent, else the policy's."""
    item = getattr(claim, "run_item", None) if claim.status == Claim.Status.PAID else None
    if item is not None and item.run.expected_arrival:
        return item.run.expected_arrival
    return claim.expected_payment_date


def on_its_way(claim: Claim, today: datetime.date | None = None) -> bool:
    """Sent to the bank, not confirmed, and not yet past the day it should arrive."""
    if claim.status != Claim.Status.PAID:
        return False
    item = getattr(claim, "run_item", None)
    confirmation = getattr(item, "confirmation", None) if item is not None else None
    if confirmation is not None and confirmation.status == PaymentConfirmation.Status.PAID:
        return False
    expected = expected_by(claim)
    return expected is not None and (today or timezone.localdate()) <= expected


def status_text(claim: Claim, today: datetime.date | None = None) -> str:
    """The claim's status in words a person can rely on ("sent to the bank" is not "paid")."""
    if claim.status != Claim.Status.PAID:
        return claim.get_status_display()
    if on_its_way(claim, today):
        return _("Sent to the bank, expected by %(date)s") % {
            "date": date_format(expected_by(claim), "j F Y")
        }
    return _("Paid")
