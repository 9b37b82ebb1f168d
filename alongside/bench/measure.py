"""Time an operation and its limit: repeated runs, median and 95th percentile, queries counted.

Operations that write (a payment run, queuing a bulk send) run inside a
transaction that is rolled back, so they leave the data as they found it and each
repeat does the same work. Reads run as they would in a request, without one.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext


@dataclass
class Result:
    operation: str
    backend: str
    scale: str
    median_ms: float
    p95_ms: float
    queries: int
    limit_ms: float | None
    ratio: float | None
    note: str = ""

    def as_dict(self) -> dict:
        return {
            "operation": self.operation,
            "backend": self.backend,
            "scale": self.scale,
            "median_ms": round(self.median_ms, 2),
            "p95_ms": round(self.p95_ms, 2),
            "queries": self.queries,
            "limit_ms": None if self.limit_ms is None else round(self.limit_ms, 2),
            "ratio": None if self.ratio is None else round(self.ratio, 2),
        }


class _Rollback(Exception):
    pass


_CONTROL = ("BEGIN", "ROLLBACK", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")


def _once(func: Callable[[], object], rollback: bool = False) -> float:
    started = time.perf_counter()
    if not rollback:
        func()
        return (time.perf_counter() - started) * 1000
    try:
        with transaction.atomic():
            func()
            raise _Rollback
    except _Rollback:
        pass
    return (time.perf_counter() - started) * 1000


def _is_control(sql: str) -> bool:
    return sql.upper().startswith(_CONTROL)


def timings(
    func: Callable[[], object], repeats: int, budget_s: float, rollback: bool = False, warm_up: bool = True
) -> tuple[list[float], int]:
    """Run times in ms and the statements one run issued (not counting transaction control).

    At least three runs, at most ``repeats``, stopping early once past the budget. Reads get
    one warm-up run first; long jobs do not (their first run is as warm as any).
    """
    if warm_up:
        _once(func, rollback)
    with CaptureQueriesContext(connection) as captured:
        results = [_once(func, rollback)]
    queries = sum(1 for q in captured.captured_queries if not _is_control(q["sql"]))
    deadline = time.perf_counter() + budget_s
    while len(results) < repeats and (len(results) < 3 or time.perf_counter() < deadline):
        results.append(_once(func, rollback))
    return results, queries


def summarise(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95
