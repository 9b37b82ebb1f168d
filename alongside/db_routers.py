"""Send the heavy read-only queries to a PostgreSQL read replica when one is configured.

Only reads of the models named here go to the replica: they are searched or counted
in bulk and a few seconds of replication lag does not matter for them. Everything
else (and every write) stays on the primary, so a person always sees what they just
saved. Code that runs a whole read-only report can also ask for the replica with
``reading_from_replica()``.

Leaving search is never delayed by lag. When someone leaves researcher search (consent withdrawn,
paused, erased, merged) the primary's write position is recorded after the change commits
(``record_search_exit``). Searches read the replica only once it has replayed past that point
(``search_database``); until then they read the primary. Joining search may wait for the replica.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections, transaction

logger = logging.getLogger(__name__)

REPLICA = "replica"
# app_label.model_name of read-mostly tables used by researcher search and insights.
REPLICA_MODELS = frozenset({"people.searchentry"})

_forced = ContextVar("alongside_read_replica", default=False)


@contextmanager
def reading_from_replica():
    token = _forced.set(True)
    try:
        yield
    finally:
        _forced.reset(token)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


# One row: the highest write position recorded, never moved backwards by a slower writer.
_RECORD_FENCE = """
INSERT INTO core_replicafence (id, lsn) VALUES (1, pg_current_wal_lsn()::text)
ON CONFLICT (id) DO UPDATE
SET lsn = GREATEST(core_replicafence.lsn::pg_lsn, EXCLUDED.lsn::pg_lsn)::text
"""


def _record_fence() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute(_RECORD_FENCE)


def record_search_exit() -> None:
    """Someone's search rows were removed or narrowed: hold searches on the primary until the
    replica has replayed this change. Recorded after commit, so the position is past the change."""
    if replica_configured():
        transaction.on_commit(_record_fence, using="default")


def replica_has_caught_up() -> bool:
    """Whether the replica has replayed every change that took someone out of search."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT lsn FROM core_replicafence WHERE id = 1")
        row = cursor.fetchone()
    if row is None:
        return True
    with connections[REPLICA].cursor() as cursor:
        # NULL when the replica database is not in recovery (a promoted copy): nothing to wait for.
        cursor.execute("SELECT COALESCE(pg_last_wal_replay_lsn() >= %s::pg_lsn, true)", [row[0]])
        return bool(cursor.fetchone()[0])


def search_database() -> str:
    """The database researcher search reads now: the replica when it is configured, reachable and
    past the last exit from search; otherwise the primary."""
    if not replica_configured():
        return "default"
    try:
        return REPLICA if replica_has_caught_up() else "default"
    except DatabaseError:
        logger.warning("read replica unavailable; searching the primary", exc_info=True)
        connections[REPLICA].close()
        return "default"


class ReadReplicaRouter:
    def db_for_read(self, model, **hints):
        if not replica_configured():
            return None
        if _forced.get() or model._meta.label_lower in REPLICA_MODELS:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: objects from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
