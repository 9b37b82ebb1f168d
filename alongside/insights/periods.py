"""The days the counts are kept for: the end of each of the last eight quarters, and today."""

from __future__ import annotations

import datetime

TREND_QUARTERS = 8


def quarter_ends(today: datetime.date, count: int = TREND_QUARTERS) -> list[datetime.date]:
    """The last day of each of the ``count`` quarters before the one ``today`` is in, oldest first."""
    ends = []
    start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    for _quarter in range(count):
        end = start - datetime.timedelta(days=1)
        ends.append(end)
        start = datetime.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
    return sorted(ends)
