"""Shares, gaps and the rule for flagging a group as under-represented (docs/insights.md).

A group is flagged only when the difference is unlikely to be chance, given how few people there
are: the 95% Wilson score interval for the group's share of involved people must lie wholly below
its share of the population, and at least ``MIN_EXPECTED`` (10) people would be expected in the
group if it were represented in proportion. For a hidden count ("fewer than 10") the test uses 9,
the most it could be, so a hidden group is flagged only when even 9 would be too few.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z_95 = 1.959964
MIN_EXPECTED = 10


def wilson(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for a proportion (Wilson, 1927)."""
    if trials <= 0:
        return (0.0, 1.0)
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    margin = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return (max(0.0, centre - margin), min(1.0, centre + margin))


@dataclass(frozen=True)
class Comparison:
    share: float | None  # of involved people who answered, 0..1
    population_share: float | None
    under_represented: bool

    @property
    def gap_points(self) -> float | None:
        """Percentage points: negative when fewer are involved than live in the area."""
        if self.share is None or self.population_share is None:
            return None
        return 100 * (self.share - self.population_share)

    @property
    def ratio(self) -> float | None:
        """Share of involved people divided by share of the population: 1 is in proportion."""
        if self.share is None or not self.population_share:
            return None
        return self.share / self.population_share


def compare(
    count: int | None, answered: int | None, population_share: float | None, *, small: bool
) -> Comparison:
    """Compare a published count (None when hidden) out of ``answered`` with the population."""
    share = count / answered if count is not None and answered else None
    return Comparison(share, population_share, _flag(count, answered, population_share, small=small))


def _flag(count: int | None, answered: int | None, population_share: float | None, *, small: bool) -> bool:
    if not answered or population_share is None or answered * population_share < MIN_EXPECTED:
        return False
    if count is None:
        if not small:
            return False  # hidden only to protect another group: nothing is known about it
        count = 9
    return wilson(count, answered)[1] < population_share
