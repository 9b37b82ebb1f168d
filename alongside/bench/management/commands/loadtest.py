from __future__ import annotations

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from django.core.management.base import BaseCommand, CommandError
from django.urls import NoReverseMatch, reverse

from alongside.bench.database import needs_own_database, prepare, rerun_with_own_database
from alongside.bench.generate import SCALES
from alongside.bench.operations import Fixtures

LOCUSTFILE = Path(__file__).resolve().parents[2] / "locustfile.py"
TARGET_SHARE = 0.40


class Command(BaseCommand):
    help = "Start the real server on loopback and measure requests/s and latency of key pages with locust."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--users", type=int, default=10, help="Concurrent simulated users.")
        parser.add_argument(
            "--seconds", type=int, default=30, help="Run time for each page (after a warm-up)."
        )
        parser.add_argument("--output", default="load-results.json")

    def handle(self, *args, scale, seed, users, seconds, output, **options):
        if needs_own_database():
            return rerun_with_own_database(scale, self.stdout)
        prepare(scale, seed, self.stdout)
        pages = self._pages()
        port = _free_port()
        server = self._start_server(port)
        try:
            _wait_until_up(port)
            rows = [self._run_locust(name, path, port, users, seconds) for name, path in pages]
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
        self._report(rows, users, seconds, scale)
        Path(output).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")

    def _pages(self) -> list[tuple[str, str]]:
        fixtures = Fixtures()
        pages = [
            ("minimal view (ceiling)", "/bench/minimal"),
            ("home", reverse("core:home")),
            (
                "opportunity search",
                f"{reverse('opportunities:list')}?topic={fixtures.topic_slug}&region={quote(fixtures.region)}",
            ),
        ]
        try:
            pages.append(
                ("opportunity page", reverse("opportunities:detail", args=[fixtures.opportunity.slug]))
            )
        except NoReverseMatch:
            self.stdout.write("  not measured: opportunity page (no opportunities:detail URL on main yet)")
        pages.append(("sign-in page", reverse("account_login")))
        return pages

    def _start_server(self, port: int) -> subprocess.Popen:
        env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "BENCH_VIEWS": "1"}
        env.setdefault("WEB_CONCURRENCY", "2")
        self.stdout.write(f"Starting the server on http://127.0.0.1:{port}/ …")
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "alongside", "serve", "--access-logfile", "/dev/null"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def _run_locust(self, name: str, path: str, port: int, users: int, seconds: int) -> dict:
        self.stdout.write(f"  {name}: {users} users for {seconds} s")
        _warm_up(port, path)
        with tempfile.TemporaryDirectory() as folder:
            prefix = Path(folder) / "load"
            env = {**os.environ, "ALONGSIDE_LOAD_PATH": path, "ALONGSIDE_LOAD_NAME": name}
            subprocess.run(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(LOCUSTFILE),
                    "--headless",
                    "--only-summary",
                    "-u",
                    str(users),
                    "-r",
                    str(users),
                    "-t",
                    f"{seconds}s",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--csv",
                    str(prefix),
                    "--loglevel",
                    "ERROR",
                    "--stop-timeout",
                    "5",
                ],
                env=env,
                check=False,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            stats = _aggregated(Path(f"{prefix}_stats.csv"))
        if stats is None:
            raise CommandError(f"locust produced no results for {name}")
        return {
            "page": name,
            "path": path,
            "requests": int(stats["Request Count"]),
            "failures": int(stats["Failure Count"]),
            "rps": float(stats["Requests/s"]),
            "p50_ms": float(stats["50%"]),
            "p95_ms": float(stats["95%"]),
            "p99_ms": float(stats["99%"]),
        }

    def _report(self, rows: list[dict], users: int, seconds: int, scale: str) -> None:
        out = self.stdout.write
        ceiling = rows[0]["rps"] or 1.0
        out(f"\nLoad test — {users} users, {seconds} s per page, scale {scale}, server on 127.0.0.1")
        out(
            "{:<26} {:>9} {:>8} {:>8} {:>8} {:>9} {:>10}".format(
                "page", "req/s", "p50 ms", "p95 ms", "p99 ms", "failures", "of minimal"
            )
        )
        out("-" * 84)
        below = []
        for row in rows:
            row["share_of_minimal"] = round(row["rps"] / ceiling, 3)
            out(
                f"{row['page']:<26} {row['rps']:9.1f} {row['p50_ms']:8.0f} {row['p95_ms']:8.0f} "
                f"{row['p99_ms']:8.0f} {row['failures']:9d} {row['share_of_minimal']:10.0%}"
            )
            if row is not rows[0] and row["share_of_minimal"] < TARGET_SHARE:
                below.append(row["page"])
        out(f"Target: every key page at least {TARGET_SHARE:.0%} of the minimal view's requests/s.")
        out("Below target: " + ", ".join(below) if below else "All key pages meet the target.")


def _aggregated(path: Path) -> dict | None:
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                return row
    return None


def _warm_up(port: int, path: str, requests: int = 10) -> None:
    """Ask for the page a few times first, so the timed run measures the steady state.

    As ``alongside bench`` warms up before timing reads: the first requests after the server
    starts load code and templates, and the first request of a page fills the page cache.
    """
    for _ in range(requests):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:  # noqa: S310
            response.read()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise CommandError("The server did not start within a minute.")
