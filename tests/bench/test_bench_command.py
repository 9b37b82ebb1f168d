"""`alongside bench` at tiny scale: a smoke test that the harness runs, not a timing test."""

from __future__ import annotations

import io
import json

from django.core.management import call_command

KEYS = {"operation", "backend", "scale", "median_ms", "p95_ms", "queries", "limit_ms", "ratio"}


def test_bench_at_tiny_scale_prints_the_table_and_writes_results(tmp_path):
    output = tmp_path / "bench-results.json"
    out = io.StringIO()
    call_command("bench", "--scale", "tiny", "--in-place", "--output", str(output), stdout=out)
    results = json.loads(output.read_text())
    assert {r["operation"] for r in results} >= {"researcher search (3 filters)", "public opportunity search"}
    for row in results:
        assert set(row) == KEYS
        assert row["scale"] == "tiny"
        assert row["backend"] in {"sqlite", "postgresql"}
        assert row["median_ms"] > 0
    assert "median ms" in out.getvalue()


def test_results_for_other_runs_are_kept(tmp_path):
    output = tmp_path / "bench-results.json"
    earlier = {
        "operation": "x",
        "backend": "postgresql",
        "scale": "large",
        "median_ms": 1,
        "p95_ms": 1,
        "queries": 1,
        "limit_ms": 1,
        "ratio": 1,
    }
    output.write_text(json.dumps([earlier]))
    call_command("bench", "--scale", "tiny", "--in-place", "--output", str(output), stdout=io.StringIO())
    assert earlier in json.loads(output.read_text())


def test_the_minimal_view_is_off_unless_bench_views_are_on(client, settings):
    settings.BENCH_VIEWS = False
    assert client.get("/bench/minimal").status_code == 404
    settings.BENCH_VIEWS = True
    assert client.get("/bench/minimal").status_code == 200
