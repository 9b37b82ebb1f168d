from __future__ import annotations

import json
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from alongside.bench.database import needs_own_database, prepare, rerun_with_own_database
from alongside.bench.generate import SCALES
from alongside.bench.measure import Result, summarise, timings
from alongside.bench.operations import Fixtures, all_operations

REPEATS = {"tiny": 3, "small": 20, "medium": 15, "large": 10}
BUDGET_S = {"tiny": 1.0, "small": 10.0, "medium": 20.0, "large": 30.0}


class Command(BaseCommand):
    help = "Measure every capability's operations at a scale; print a table and write bench-results.json."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--output", default="bench-results.json")
        parser.add_argument("--only", help="Run only operations whose name contains this text.")
        parser.add_argument(
            "--in-place",
            action="store_true",
            help="Use the configured database as it is (no separate bench database, no migrate).",
        )

    def handle(self, *args, scale, seed, output, only, in_place, **options):
        if settings.PRODUCTION:
            raise CommandError("Benchmarks never run against a production database.")
        if not in_place and needs_own_database():
            return rerun_with_own_database(scale, self.stdout)
        prepare(scale, seed, self.stdout, migrate=not in_place)
        # Files the operations write (payment files, print packs) go to a folder removed afterwards.
        # Pages are timed as rendered, not served from the anonymous page cache (a cache miss is the
        # cost that matters for the targets; `alongside loadtest` shows the cache at work).
        with (
            tempfile.TemporaryDirectory() as media,
            override_settings(
                BENCH_VIEWS=True,
                ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
                MEDIA_ROOT=media,
                PAGE_CACHE_SECONDS=0,
            ),
        ):
            results, failures, skipped = self._measure(scale, only)
        self._print(results, skipped, failures)
        self._write(Path(output), results)
        if failures:
            raise CommandError(f"{len(failures)} operation(s) failed.")

    def _measure(self, scale: str, only: str | None):
        backend = "postgresql" if connection.vendor == "postgresql" else connection.vendor
        operations, skipped = all_operations(Fixtures())
        results, failures = [], []
        for op in operations:
            if only and only not in op.name:
                continue
            try:
                results.append(self._one(op, backend, scale))
            except Exception as error:  # noqa: BLE001 - report every failing operation, then fail
                failures.append(f"{op.name}: {error!r}")
        return results, failures, skipped

    def _one(self, op, backend: str, scale: str) -> Result:
        if op.setup:
            op.setup()
        job = op.kind == "job"
        runs, queries = timings(op.run, REPEATS[scale], BUDGET_S[scale], rollback=job, warm_up=not job)
        median, p95 = summarise(runs)
        limit_ms = ratio = None
        if op.limit is not None:
            limit_runs, _ = timings(op.limit, REPEATS[scale], BUDGET_S[scale], rollback=job, warm_up=not job)
            limit_ms, _ = summarise(limit_runs)
            ratio = median / limit_ms if limit_ms else None
        return Result(op.name, backend, scale, median, p95, queries, limit_ms, ratio, op.note)

    def _print(self, results, skipped, failures) -> None:
        out = self.stdout.write
        if not results:
            out("No operations measured.")
        else:
            backend, scale = results[0].backend, results[0].scale
            out(f"\nAlongside benchmarks — {backend}, scale {scale}")
            header = ("operation", "median ms", "p95 ms", "queries", "limit ms", "ratio")
            out("{:<36} {:>10} {:>9} {:>8} {:>9} {:>7}".format(*header))
            out("-" * 84)
            for r in results:
                limit = f"{r.limit_ms:9.2f}" if r.limit_ms is not None else f"{'–':>9}"
                ratio = f"{r.ratio:7.2f}" if r.ratio is not None else f"{'–':>7}"
                out(f"{r.operation:<36} {r.median_ms:10.2f} {r.p95_ms:9.2f} {r.queries:8d} {limit} {ratio}")
            out("limit: the same answer from one bare SQL statement (queries) or a minimal view (pages)")
        for r in results:
            if r.note:
                out(f"  note: {r.operation}: {r.note}")
        for reason in skipped:
            out(f"  not measured: {reason}")
        for failure in failures:
            self.stderr.write(f"  FAILED {failure}")

    def _write(self, path: Path, results) -> None:
        """Keep earlier results for other backends and scales; replace this run's rows."""
        try:
            previous = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            previous = []
        fresh = [r.as_dict() for r in results]
        keys = {(r["operation"], r["backend"], r["scale"]) for r in fresh}
        kept = [r for r in previous if (r.get("operation"), r.get("backend"), r.get("scale")) not in keys]
        path.write_text(json.dumps(kept + fresh, indent=2) + "\n", encoding="utf-8")
        self.stdout.write(f"Wrote {len(fresh)} results to {path}")
