"""The point in the primary's write-ahead log that researcher search waits for on a replica
(alongside.db_routers; exercised against a real streaming replica in tests/scaleout/)."""

import pytest
from django.db import connection

from alongside import db_routers
from alongside.core.models import ReplicaFence

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="WAL positions are PostgreSQL's")


def test_the_fence_records_the_primarys_write_position_and_never_moves_back():
    db_routers._record_fence()
    recorded = ReplicaFence.objects.get(pk=1).lsn
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::pg_lsn <= pg_current_wal_lsn()", [recorded])
        assert cursor.fetchone()[0] is True
    # A slower writer recording an earlier position afterwards must not move the fence back.
    ReplicaFence.objects.filter(pk=1).update(lsn="FFFF/0")
    db_routers._record_fence()
    assert ReplicaFence.objects.get(pk=1).lsn == "FFFF/0"
