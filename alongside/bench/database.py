"""Which database a benchmark uses, and making sure it holds data at the chosen scale."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from alongside.bench.bulk import reset_generated
from alongside.bench.generate import generate, generated_scale


def needs_own_database() -> bool:
    return not os.environ.get("DATABASE_URL")


def rerun_with_own_database(scale: str, stdout) -> None:
    """Without DATABASE_URL, keep bench data out of the working database: one SQLite file per scale."""
    path = settings.DATA_DIR / f"bench-{scale}.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    stdout.write(f"Using {path} (set DATABASE_URL to choose another database)")
    stdout.flush()
    completed = subprocess.run([sys.executable, "-m", "alongside", *sys.argv[1:]], env=env, check=False)  # noqa: S603
    if completed.returncode:
        raise CommandError("The benchmark run failed.")


def prepare(scale: str, seed: int, stdout, *, migrate: bool = True) -> None:
    """Migrate, then generate data at ``scale`` unless it is already there."""
    if migrate:
        call_command("migrate", verbosity=0)
    # The default cache (sign-in limits, the page-cache version) lives in the database without Redis.
    call_command("createcachetable", verbosity=0)
    existing = generated_scale()
    if existing == scale and not _missing_capability_data():
        return
    if existing:
        stdout.write(f"Replacing {existing} data with {scale} data (with every capability's data) …")
        reset_generated()
    stdout.write(f"Generating {scale} data (seed {seed}) …")
    generate(scale, seed, log=stdout.write)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _missing_capability_data() -> bool:
    """True when an app that landed after the data was generated has no rows of its own yet."""
    from alongside.bench.extensions import extension_tables
    from alongside.bench.models import GeneratedRange

    made = set(GeneratedRange.objects.values_list("table", flat=True))
    return any(table not in made for table in extension_tables())
