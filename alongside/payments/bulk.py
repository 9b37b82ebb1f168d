"""Fast inserts for payment runs: COPY on PostgreSQL, executemany on SQLite.

Model ``bulk_create`` builds a model instance per row, which costs more than the
insert itself at 100,000 rows. Runs and their ledger posting write plain tuples
through here instead; values are already Decimals rounded by ``money``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

CHUNK = 10_000


def _table_and_columns(model, fields: list[str]) -> tuple[str, str]:
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
    return table, columns


def insert_from_query(model, fields: list[str], constants: tuple, query) -> None:
    """``INSERT … SELECT``: rows of ``query`` (a ``values_list``), each after ``constants``.

    ``fields`` name the constants' columns first, then the query's, in order. The rows
    never pass through Python.
    """
    table, columns = _table_and_columns(model, fields)
    select, params = query.query.sql_with_params()
    placeholders = ", ".join(["%s"] * len(constants))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {placeholders}, q.* FROM ({select}) q",  # noqa: S608 - names from model meta
            [*constants, *params],
        )


def insert_rows(model, fields: list[str], rows: Iterable[tuple]) -> int:
    table, columns = _table_and_columns(model, fields)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608 - names come from model meta
        chunk = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count
