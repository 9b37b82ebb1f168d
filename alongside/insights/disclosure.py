"""What may be published from a table of counts of people (docs/insights.md, "Keeping people safe").

1. A count below ``MINIMUM`` (10) is not shown: the page says "fewer than 10".
2. In each table, if the hidden counts together hold fewer than 10 people (always so when only one
   is hidden), the next smallest counts are hidden too, until the hidden ones hold at least 10.
   Taking the shown counts from the total then reveals only a group of 10 or more.
3. Every count shown is rounded to the nearest 5, and shares, gaps and flags are worked out from
   the rounded counts only. Comparing two views (a region and the country, one quarter and the
   next, "registered" and "selected") therefore gives a range, never a hidden count.
4. A table whose total is below 10 shows nothing but "fewer than 10".
"""

from __future__ import annotations

from dataclasses import dataclass

MINIMUM = 10
ROUND_TO = 5


def rounded(count: int) -> int:
    """To the nearest 5, halves up (12 -> 10, 13 -> 15)."""
    return ROUND_TO * ((count + ROUND_TO // 2) // ROUND_TO)


@dataclass(frozen=True)
class Published:
    """One count as it may be shown: ``value`` is None when it is hidden."""

    value: int | None
    # True when hidden because it is below 10; False when hidden only to protect another cell.
    small: bool = False

    @property
    def hidden(self) -> bool:
        return self.value is None


HIDDEN_SMALL = Published(None, small=True)
HIDDEN_OTHER = Published(None, small=False)


def publish_total(count: int) -> Published:
    return Published(rounded(count)) if count >= MINIMUM else HIDDEN_SMALL


def publish_table(counts: dict[str, int]) -> dict[str, Published]:
    """Every count of one table (groups that add up to its total), with rules 1 to 4 applied."""
    if sum(counts.values()) < MINIMUM:
        return dict.fromkeys(counts, HIDDEN_SMALL)
    small = {key for key, n in counts.items() if n < MINIMUM}
    hidden = set(small)
    # Rule 2: smallest first; ties in table order, so the same counts always hide the same cells.
    order = sorted((n, index, key) for index, (key, n) in enumerate(counts.items()) if key not in hidden)
    while hidden and sum(counts[key] for key in hidden) < MINIMUM and order:
        hidden.add(order.pop(0)[2])
    return {
        key: (HIDDEN_SMALL if key in small else HIDDEN_OTHER) if key in hidden else Published(rounded(n))
        for key, n in counts.items()
    }
