"""The scale-out tests run only inside scripts/scale-out-check, which starts a PostgreSQL primary and
streaming replica and names a Redis database, then sets ALONGSIDE_SCALEOUT=1. Anywhere else they are
not collected at all (and `make test` also leaves out the `scaleout` mark).

They use the real settings from that environment, not the suite's test settings: tasks go through RQ
on Redis, the cache is Redis, the database is the primary with its replica. Nothing is rolled back;
the whole cluster is thrown away when the script ends.
"""

from __future__ import annotations

import os

import pytest

if os.environ.get("ALONGSIDE_SCALEOUT") != "1":
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(autouse=True)
def _isolated():
    """Replaces the suite's test settings: these tests need the real backends."""
    yield


@pytest.fixture(autouse=True)
def _db_access(django_db_blocker):
    """Replaces the suite's rolled-back test database: work here commits, as in production."""
    with django_db_blocker.unblock():
        yield
