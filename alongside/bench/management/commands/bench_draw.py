"""``alongside bench_draw``: how long the representative draw takes for pools of different sizes.

Not a timed test: it prints figures to compare (docs/opportunities.md keeps the latest). Pools are
synthetic, each person's region, age band and ethnic group drawn in the census shares, and the
quotas are the census quotas the draw page offers.
"""

from __future__ import annotations

import statistics
import time

import numpy as np
from django.core.management.base import BaseCommand

from alongside.opportunities import selection, sortition

FEATURES = ("region", "age_band", "ethnic_group")


def synthetic_pool(size: int, features: list[str], seed: int) -> dict[int, dict[str, str]]:
    rng = np.random.default_rng(seed)
    columns = {}
    for feature in features:
        shares = selection.census_shares(feature)
        values = list(shares)
        weights = np.array([shares[v] for v in values])
        columns[feature] = rng.choice(values, size=size, p=weights / weights.sum())
    return {i: {f: str(columns[f][i]) for f in features} for i in range(size)}


class Command(BaseCommand):
    help = "Time the representative draw (leximin) for pools of several sizes; print a table."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="10,50,200,1000,10000", help="Pool sizes, comma-separated.")
        parser.add_argument("--places", type=int, default=20)
        parser.add_argument("--census", default=",".join(FEATURES), help="Census features for quotas.")
        parser.add_argument("--repeats", type=int, default=3)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, sizes, places, census, repeats, seed, **options):
        features = [f for f in census.split(",") if f]
        quotas_for = ", ".join(features) or "nothing"
        self.stdout.write(
            f"Representative draw (leximin): {places} places, census quotas for {quotas_for}, median of "
            f"{repeats}. Drawn in the background from {selection.BACKGROUND_FROM} applicants."
        )
        heading = ("applicants", 10), ("groups", 7), ("shapes", 7), ("lowest chance", 14), ("proven", 7)
        self.stdout.write(" ".join(f"{name:>{width}}" for name, width in heading) + f" {'median s':>9}")
        for size in (int(s) for s in sizes.split(",")):
            self.stdout.write(self._row(size, min(places, max(1, size // 2)), features, repeats, seed))

    def _row(self, size: int, places: int, features: list[str], repeats: int, seed: int) -> str:
        pool = synthetic_pool(size, features, seed)
        quotas = selection.draw_quotas([], features, places, pool)
        runs = []
        for _ in range(repeats):
            started = time.perf_counter()
            try:
                result = sortition.draw(pool, places, quotas, seed)
            except sortition.InfeasibleQuotas:
                return f"{size:>10} {'no panel meets the census quotas':>40}"
            runs.append(time.perf_counter() - started)
        lottery = result.distribution
        return (
            f"{size:>10,} {len(lottery.groups):>7} {len(lottery.shapes):>7} "
            f"{lottery.minimum_probability:>14.4f} {'yes' if lottery.exact else 'no':>7} "
            f"{statistics.median(runs):>9.2f}"
        )
