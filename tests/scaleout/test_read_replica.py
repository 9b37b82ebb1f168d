"""Researcher search on a real streaming read replica (a second PostgreSQL cluster made from the
primary with pg_basebackup -R), and what the product guarantees while the replica lags.

The guarantee (docs/deploy.md): someone who leaves search — withdraws consent, is paused or erased —
is never counted or named by a search once the change is saved, however far the replica lags.
Searches read the replica only when it has replayed past the last such change; until then they read
the primary. Someone newly findable may appear only when the replica catches up.
Lag is made on purpose with pg_wal_replay_pause() on the replica.
"""

from __future__ import annotations

import time

import pytest
from django.db import connections

from alongside.accounts.models import Role
from alongside.db_routers import search_database
from alongside.people import queries, services
from alongside.people.choices import HowGiven
from alongside.people.models import SearchEntry
from alongside.people.queries import SearchFilters
from tests.builders import create_contributor, create_organisation, create_staff

from .harness import record, wait_for

pytestmark = pytest.mark.scaleout


def _replica(sql: str):
    with connections["replica"].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0] if cursor.description else None


def _names(staff) -> set[str]:
    result = queries.search_contributors(staff, SearchFilters())
    return {person.name for person in result.own_people.object_list}


def _on_replica(contributor) -> bool:
    return SearchEntry.objects.using("replica").filter(contributor_id=contributor.pk).exists()


def _findable(organisation, name: str):
    return create_contributor(
        organisation, consents=("contact", "findable"), first_name=name, last_name="Lag"
    )


@pytest.fixture
def paused_replay():
    """Replay on the replica paused (it still receives the primary's changes), resumed afterwards."""

    def pause():
        _replica("SELECT pg_wal_replay_pause()")
        wait_for(
            lambda: _replica("SELECT pg_get_wal_replay_pause_state()") == "paused", timeout=10, what="pause"
        )

    yield pause
    _replica("SELECT pg_wal_replay_resume()")


def test_the_replica_streams_and_search_reads_it():
    assert _replica("SELECT pg_is_in_recovery()") is True
    organisation = create_organisation()
    staff = create_staff(organisation, Role.INVOLVEMENT_STAFF, totp=False)
    lags = []
    for n in range(20):
        person = _findable(organisation, f"Stream{n}")
        started = time.monotonic()  # saved and committed: from here it is replication alone
        wait_for(lambda person=person: _on_replica(person), timeout=30, what="the replica", every=0.002)
        lags.append(time.monotonic() - started)
    assert search_database() == "replica"
    assert {f"Stream{n} Lag" for n in range(20)} <= _names(staff)
    lags.sort()
    record(
        "replica_lag",
        round(lags[len(lags) // 2] * 1000, 1),
        "ms (median) from a findable person's commit to their search rows on the replica",
        f"20 people; slowest {lags[-1] * 1000:.1f} ms",
    )


def test_someone_who_withdraws_leaves_search_at_once_even_while_the_replica_lags(paused_replay):
    organisation = create_organisation()
    staff = create_staff(organisation, Role.INVOLVEMENT_STAFF, totp=False)
    leaving = _findable(organisation, "Leaving")
    staying = _findable(organisation, "Staying")
    wait_for(lambda: _on_replica(staying), timeout=30, what="the replica")
    assert {"Leaving Lag", "Staying Lag"} <= _names(staff)

    paused_replay()
    # With no one leaving search, the lagging replica is used: a newly findable person waits.
    _findable(organisation, "Joining")
    assert search_database() == "replica"
    assert "Joining Lag" not in _names(staff)

    services.record_consent(leaving, "findable", given=False, how=HowGiven.ONLINE)
    time.sleep(1)
    assert _on_replica(leaving), "the replica should still hold the old rows while paused"
    lag = _replica("SELECT EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())")
    assert search_database() == "default"
    names = _names(staff)
    assert "Leaving Lag" not in names
    assert {"Staying Lag", "Joining Lag"} <= names

    _replica("SELECT pg_wal_replay_resume()")
    wait_for(lambda: search_database() == "replica", timeout=30, what="the replica to catch up")
    assert not _on_replica(leaving)
    names = _names(staff)
    assert "Leaving Lag" not in names
    assert {"Staying Lag", "Joining Lag"} <= names
    record(
        "replica_lag_paused",
        round(float(lag), 1),
        "s behind the primary while replay was paused",
        "searches read the primary meanwhile",
    )
