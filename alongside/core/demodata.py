"""What every app's ``demo.py`` shares: the story's clock and seeded chance.

The demo is a story that happened over the last few months: people joined, opportunities were
published and reviewed, sessions took place, claims were checked and paid. Each step runs through
the app's services on the day it happened: ``Story.at`` moves the clock back (time-machine), so
every timestamp, ledger entry, event and message is the one the product itself would have made.
Dates are counted from the day the demo is loaded, so the demo never goes stale.

Named ``demodata`` rather than ``demo``: ``load_demo`` runs every app's ``demo.py``.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import holidays
import time_machine
from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


class Story:
    """Days counted from the day the demo is loaded: ``-3`` is three days ago, ``5`` in five days."""

    def __init__(self, today: datetime.date | None = None):
        self.today = today or timezone.localdate()
        years = range(self.today.year - 1, self.today.year + 2)
        self._bank_holidays = holidays.country_holidays("GB", subdiv="ENG", years=years)

    def day(self, offset: int) -> datetime.date:
        return self.today + datetime.timedelta(days=offset)

    def workday(self, offset: int) -> int:
        """The nearest working day to ``offset`` (earlier for the past, later for the future),
        missing bank holidays in England and the days between Christmas and New Year."""
        step = -1 if offset < 0 else 1
        while not self._working(self.day(offset)):
            offset += step
        return offset

    def _working(self, day: datetime.date) -> bool:
        christmas = (day.month == 12 and day.day >= 24) or (day.month == 1 and day.day <= 2)
        return day.weekday() < 5 and day not in self._bank_holidays and not christmas

    def moment(self, offset: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
        return datetime.datetime.combine(self.day(offset), datetime.time(hour, minute), tzinfo=LONDON)

    @contextmanager
    def at(self, offset: int, hour: int = 10, minute: int = 0) -> Iterator[None]:
        """Run the block as if it were that day and time (the clock keeps ticking from there)."""
        moment = self.moment(offset, hour, minute)
        if moment > timezone.now():
            raise ValueError("The demo only records what has already happened; plan the future instead.")
        with time_machine.travel(moment, tick=True):
            yield


def chance(name: str) -> random.Random:
    """A random generator that gives the same demo every time (one per part of the story)."""
    return random.Random(f"alongside-demo:{name}")
