from __future__ import annotations

import csv
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.bench.database import needs_own_database, prepare, rerun_with_own_database
from alongside.bench.generate import SCALES
from alongside.bench.operations import Fixtures

LOCUSTFILE = Path(__file__).resolve().parents[2] / "locustfile.py"
TARGET_SHARE = 0.40
# What issue 14 asks of each scenario, as a share of the minimal view's requests/s: (mode, share).
TARGETS = {
    "opportunity page": ("off", 0.40),
    "opportunity search": ("off", 0.20),
    "researcher search (signed in)": ("off", 0.15),
    "opportunity search, staff saving every 2 s": ("on", 0.40),
}
RANDOM_OPPORTUNITIES = 5_000
RANDOM_SEARCHES = 500
EDIT_EVERY_SECONDS = 2.0


@dataclass
class Scenario:
    name: str
    path: str
    paths: list[str] = field(default_factory=list)
    cookie: str = ""
    edits: bool = False


class Command(BaseCommand):
    help = (
        "Start the real server on loopback and measure requests/s and latency of key pages with locust, "
        "with the anonymous page cache on and off."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--users", type=int, default=10, help="Concurrent simulated users.")
        parser.add_argument(
            "--seconds", type=int, default=30, help="Run time for each page (after a warm-up)."
        )
        parser.add_argument(
            "--cache", choices=("both", "on", "off"), default="both", help="Page cache on, off, or both."
        )
        parser.add_argument("--only", help="Run only the scenarios whose name contains this text.")
        parser.add_argument(
            "--edit",
            choices=("draft", "public"),
            default="draft",
            help="What staff save every 2 s in the editing run: a draft, or a public opportunity.",
        )
        parser.add_argument("--in-place", action="store_true", help="Use DATABASE_URL's data as it is.")
        parser.add_argument("--output", default="load-results.json")

    def handle(self, *args, scale, seed, users, seconds, cache, only, edit, in_place, output, **options):
        if not in_place and needs_own_database():
            return rerun_with_own_database(scale, self.stdout)
        prepare(scale, seed, self.stdout, migrate=not in_place)
        scenarios = [s for s in self._scenarios() if not only or only in s.name or s.path == "/bench/minimal"]
        modes = ("off", "on") if cache == "both" else (cache,)
        rows = []
        with tempfile.TemporaryDirectory() as folder:
            for mode in modes:
                port = _free_port()
                server = self._start_server(port, mode)
                try:
                    _wait_until_up(port)
                    self.stdout.write(f"Page cache {mode}:")
                    for scenario in scenarios:
                        row = self._run_locust(scenario, port, users, seconds, Path(folder), edit)
                        rows.append({**row, "cache": mode, "load_average": os.getloadavg()[0]})
                finally:
                    server.send_signal(signal.SIGTERM)
                    server.wait(timeout=60)
        self._report(rows, users, seconds, scale)
        Path(output).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")

    def _scenarios(self) -> list[Scenario]:
        fixtures = Fixtures()
        search = reverse("opportunities:list")
        detail = reverse("opportunities:detail", args=[fixtures.opportunity.slug])
        fixed_search = f"{search}?topic={fixtures.topic_slug}&region={quote(fixtures.region)}"
        researcher_search = (
            f"{reverse('people:search')}?experiences={fixtures.experience_id}"
            f"&regions={quote(fixtures.region)}&modes=online"
        )
        officer = fixtures.staff(Role.INVOLVEMENT_STAFF, fixtures.opportunity.organisation_id)
        return [
            Scenario("minimal view (ceiling)", "/bench/minimal"),
            Scenario("home", reverse("core:home")),
            Scenario("opportunity search", fixed_search),
            Scenario("opportunity search, random filters", fixed_search, _random_searches(search)),
            Scenario("opportunity page", detail),
            Scenario("opportunity pages, random", detail, _random_opportunities()),
            Scenario("sign-in page", reverse("account_login")),
            Scenario(
                "researcher search (signed in)",
                researcher_search,
                cookie=_session_cookie(fixtures, fixtures.researcher),
            ),
            Scenario(
                "staff home (involvement staff)",
                reverse("accounts:staff_home"),
                cookie=_session_cookie(fixtures, officer),
            ),
            Scenario("opportunity search, staff saving every 2 s", fixed_search, edits=True),
        ]

    def _start_server(self, port: int, mode: str) -> subprocess.Popen:
        env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "BENCH_VIEWS": "1"}
        if mode == "off":
            env["PAGE_CACHE_SECONDS"] = "0"
        env.setdefault("WEB_CONCURRENCY", "2")
        self.stdout.write(f"Starting the server on http://127.0.0.1:{port}/ (page cache {mode}) …")
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "alongside", "serve", "--access-logfile", "/dev/null"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def _run_locust(
        self, scenario: Scenario, port: int, users: int, seconds: int, folder: Path, edit: str
    ) -> dict:
        self.stdout.write(f"  {scenario.name}: {users} users for {seconds} s")
        _warm_up(port, scenario.path, scenario.cookie)
        env = {**os.environ, "ALONGSIDE_LOAD_PATH": scenario.path, "ALONGSIDE_LOAD_NAME": scenario.name}
        if scenario.paths:
            paths = folder / "paths.txt"
            paths.write_text("\n".join(scenario.paths) + "\n", encoding="utf-8")
            env["ALONGSIDE_LOAD_PATHS"] = str(paths)
        if scenario.cookie:
            env["ALONGSIDE_LOAD_COOKIE"] = scenario.cookie
        prefix = folder / "load"
        editor = _Editor(edit) if scenario.edits else None
        if editor:
            editor.start()
        try:
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
        finally:
            if editor:
                editor.stop()
        stats = _aggregated(Path(f"{prefix}_stats.csv"))
        if stats is None:
            raise CommandError(f"locust produced no results for {scenario.name}")
        return {
            "page": scenario.name,
            "path": scenario.path,
            "random_paths": len(scenario.paths),
            "saves": editor.saves if editor else 0,
            "requests": int(stats["Request Count"]),
            "failures": int(stats["Failure Count"]),
            "rps": _number(stats["Requests/s"]),
            "p50_ms": _number(stats["50%"]),
            "p95_ms": _number(stats["95%"]),
            "p99_ms": _number(stats["99%"]),
        }

    def _report(self, rows: list[dict], users: int, seconds: int, scale: str) -> None:
        out = self.stdout.write
        out(f"\nLoad test — {users} users, {seconds} s per page, scale {scale}, server on 127.0.0.1")
        out(
            "{:<45} {:>5} {:>9} {:>7} {:>7} {:>7} {:>9} {:>10} {:>6}".format(
                "page", "cache", "req/s", "p50 ms", "p95 ms", "p99 ms", "failures", "of minimal", "load"
            )
        )
        out("-" * 112)
        ceilings = {r["cache"]: r["rps"] or 1.0 for r in rows if r["path"] == "/bench/minimal"}
        below = []
        for row in rows:
            row["share_of_minimal"] = round(row["rps"] / ceilings.get(row["cache"], 1.0), 3)
            times = f"{row['p50_ms']:7.0f} {row['p95_ms']:7.0f} {row['p99_ms']:7.0f}"
            out(
                f"{row['page']:<45} {row['cache']:>5} {row['rps']:9.1f} {times} {row['failures']:9d} "
                f"{row['share_of_minimal']:10.0%} {row['load_average']:6.1f}"
            )
            target = TARGETS.get(row["page"])
            if target and target[0] == row["cache"] and row["share_of_minimal"] < target[1]:
                below.append(f"{row['page']} (cache {row['cache']}, target {target[1]:.0%})")
        out("Targets (issue 14), share of the minimal view's requests/s on the same server:")
        for page, (mode, share) in TARGETS.items():
            out(f"  {page}, cache {mode}: at least {share:.0%}")
        out("Below target: " + ", ".join(below) if below else "Every measured target is met.")


class _Editor:
    """A member of staff saving an opportunity every 2 s while the load runs (signals and all)."""

    def __init__(self, what: str):
        self.what = what
        self.saves = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        from alongside.opportunities.models import Opportunity

        try:
            published = Opportunity.objects.filter(status=Opportunity.Status.PUBLISHED)
            drafts = Opportunity.objects.exclude(
                status__in=(Opportunity.Status.PUBLISHED, Opportunity.Status.CLOSED)
            )
            opportunity = (drafts if self.what == "draft" else published).order_by("pk").first()
            if opportunity is None:
                return
            summary = opportunity.summary
            while not self._stop.wait(EDIT_EVERY_SECONDS):
                opportunity.summary = f"{summary} "[: len(summary) + (self.saves % 2)]
                opportunity.save(update_fields=["summary"])
                self.saves += 1
            opportunity.summary = summary
            opportunity.save(update_fields=["summary"])
        finally:
            connection.close()


def _random_opportunities() -> list[str]:
    from alongside.opportunities.queries import public_opportunities

    slugs = list(public_opportunities().order_by("?").values_list("slug", flat=True)[:RANDOM_OPPORTUNITIES])
    return [reverse("opportunities:detail", args=[slug]) for slug in slugs]


def _random_searches(search: str) -> list[str]:
    from alongside.accounts.models import Region
    from alongside.opportunities.queries import active_topics

    chooser = random.Random(1)  # noqa: S311 - the same addresses every run
    topics = [""] + list(active_topics().values_list("slug", flat=True))
    regions = [""] + [value for value, _label in Region.choices]
    paths = set()
    while len(paths) < RANDOM_SEARCHES:
        topic, region, page = chooser.choice(topics), chooser.choice(regions), chooser.choice((1, 1, 2, 3))
        query = {
            k: v for k, v in (("topic", topic), ("region", region), ("page", str(page))) if v and v != "1"
        }
        paths.add(f"{search}?{urlencode(query)}" if query else search)
        if len(paths) >= len(topics) * len(regions) * 3:
            break
    return sorted(paths)


def _session_cookie(fixtures: Fixtures, user) -> str:
    client = fixtures.client_for(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _number(text: str) -> float:
    """Locust writes N/A when no request finished in the window (its start-up took it all)."""
    try:
        return float(text)
    except ValueError:
        return 0.0


def _aggregated(path: Path) -> dict | None:
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                return row
    return None


def _warm_up(port: int, path: str, cookie: str = "", requests: int = 10) -> None:
    """Ask for the page a few times first, so the timed run measures the steady state.

    As ``alongside bench`` warms up before timing reads: the first requests after the server
    starts load code and templates, and the first request of a page fills the page cache.
    """
    headers = {"Cookie": cookie} if cookie else {}
    for _ in range(requests):
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)  # noqa: S310
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            response.read()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(port: int, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise CommandError(f"The server did not start within {timeout:.0f} s.")
