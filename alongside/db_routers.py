"""Send the heavy read-only queries to a PostgreSQL read replica when one is configured.

Only reads of the models named here go to the replica: they are searched or counted
in bulk and a few seconds of replication lag does not matter for them. Everything
else (and every write) stays on the primary, so a person always sees what they just
saved. Code that runs a whole read-only report can also ask for the replica with
``reading_from_replica()``.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

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
