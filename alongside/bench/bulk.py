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
        if self.vendor == "postgresql":
            self._copy(table, columns, rows)
        else:
            self._executemany(table, columns, rows)
        GeneratedRange.objects.create(
            table=table, first_id=first_id, last_id=first_id + count - 1, scale=self.scale, seed=self.seed
        )
        self.rows_written += count

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
            cursor.execute(
                f"DELETE FROM {connection.ops.quote_name(block.table)} WHERE id BETWEEN %s AND %s",  # noqa: S608
                [block.first_id, block.last_id],
            )
            removed += cursor.rowcount
    GeneratedRange.objects.all().delete()
    return removed


class _NoStyle:
    def __getattr__(self, name):
        return lambda text: text
