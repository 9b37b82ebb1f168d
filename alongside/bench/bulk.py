"""Fast inserts for synthetic data: COPY on PostgreSQL, executemany on SQLite.

Rows are written with explicit primary keys (allocated after the table's current
maximum) so that every block can be recorded and later removed exactly, and so
that related rows can point at each other without reading anything back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Max

from alongside.bench.models import GeneratedRange

BATCH = 50_000
# Above this many rows a table's secondary indexes (and, on PostgreSQL, its foreign keys)
# are dropped for the load and rebuilt afterwards: one sort beats millions of B-tree inserts.
FAST_LOAD_ROWS = 50_000


class BulkWriter:
    def __init__(self, scale: str, seed: int):
        self.scale = scale
        self.seed = seed
        self.vendor = connection.vendor
        self.rows_written = 0

    def next_id(self, model) -> int:
        return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1

    def timestamp(self, text: str) -> str:
        """'YYYY-MM-DD HH:MM:SS' in UTC as each backend stores it (naive UTC text on SQLite)."""
        return text if self.vendor == "sqlite" else f"{text}+00"

    def insert(self, model, columns: Sequence[str], rows: Iterable[tuple], first_id: int, count: int) -> None:
        """Write ``count`` rows whose first column is the primary key, starting at ``first_id``."""
        table = model._meta.db_table
        if count == 0:
            return
        connection.ensure_connection()
        rebuild = self._drop_for_load(table) if count >= FAST_LOAD_ROWS else []
        if self.vendor == "postgresql":
            self._copy(table, columns, rows)
        else:
            self._executemany(table, columns, rows)
        with connection.cursor() as cursor:
            for statement in rebuild:
                cursor.execute(statement)
        GeneratedRange.objects.create(
            table=table, first_id=first_id, last_id=first_id + count - 1, scale=self.scale, seed=self.seed
        )
        self.rows_written += count

    def record(self, model, pks) -> None:
        """Remember rows made through the ORM (by another app's service) so that --reset removes them."""
        for pk in sorted(pks):
            GeneratedRange.objects.create(
                table=model._meta.db_table, first_id=pk, last_id=pk, scale=self.scale, seed=self.seed
            )

    def _drop_for_load(self, table: str) -> list[str]:
        """Drop what slows a bulk load; return the statements that put it back."""
        if self.vendor == "sqlite":
            return self._drop_sqlite_indexes(table)
        if self.vendor == "postgresql":
            return self._drop_postgresql_indexes(table)
        return []

    def _drop_sqlite_indexes(self, table: str) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master "
                "WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                [table],
            )
            indexes = cursor.fetchall()
            for name, _ in indexes:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        return [sql for _, sql in indexes]

    def _drop_postgresql_indexes(self, table: str) -> list[str]:
        quoted = connection.ops.quote_name(table)
        with connection.cursor() as cursor:
            # Run the foreign-key checks already queued, so that the tables may be altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f'",
                [table],
            )
            foreign_keys = cursor.fetchall()
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid = %s::regclass AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                [table],
            )
            indexes = cursor.fetchall()
            for name, _ in foreign_keys:
                cursor.execute(f"ALTER TABLE {quoted} DROP CONSTRAINT {connection.ops.quote_name(name)}")
            for name, _ in indexes:
                cursor.execute(f"DROP INDEX {name}")
        return [sql for _, sql in indexes] + [
            f"ALTER TABLE {quoted} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
            for name, definition in foreign_keys
        ]

    def _copy(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def _executemany(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        marks = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - names come from models
        raw = connection.connection.cursor()
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                raw.executemany(sql, batch)
                batch.clear()
        if batch:
            raw.executemany(sql, batch)
        raw.close()

    def finish(self, models: Iterable) -> None:
        """Move PostgreSQL sequences past the ids written explicitly."""
        if self.vendor != "postgresql":
            return
        statements = connection.ops.sequence_reset_sql(_NoStyle(), list(models))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def reset_generated() -> int:
    """Delete every generated block, newest first, and forget the blocks. Returns rows removed."""
    removed = 0
    with connection.cursor() as cursor:
        for block in GeneratedRange.objects.order_by("-pk"):
            table = connection.ops.quote_name(block.table)
            guarded = _has_user_triggers(cursor, block.table)
            if guarded:
                # Append-only tables (the payments ledger) refuse deletes by trigger; synthetic rows go.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            cursor.execute(
                f"DELETE FROM {table} WHERE id BETWEEN %s AND %s",  # noqa: S608
                [block.first_id, block.last_id],
            )
            removed += cursor.rowcount
            if guarded:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    GeneratedRange.objects.all().delete()
    return removed


def _has_user_triggers(cursor, table: str) -> bool:
    if connection.vendor != "postgresql":
        return False
    cursor.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal)", [table]
    )
    return cursor.fetchone()[0]


class _NoStyle:
    def __getattr__(self, name):
        return lambda text: text
