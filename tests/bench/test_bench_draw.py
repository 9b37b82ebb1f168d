"""`alongside bench_draw` at a tiny size: a smoke test that it runs, not a timing test."""

from __future__ import annotations

import io

from django.core.management import call_command


def test_bench_draw_prints_a_row_for_each_pool_size():
    out = io.StringIO()
    call_command(
        "bench_draw", "--sizes", "30,60", "--places", "6", "--census", "region", "--repeats", "1", stdout=out
    )
    lines = out.getvalue().splitlines()
    assert "median s" in lines[1]
    assert [line.split()[0] for line in lines[2:]] == ["30", "60"]
    assert all("yes" in line for line in lines[2:])  # the fairest lottery was proven
