"""Trigram indexes for the public word search on PostgreSQL (no-op on SQLite).

Django's ``icontains`` on PostgreSQL compares ``UPPER(column::text)`` with LIKE, so the indexes
are on that expression. pg_trgm is a trusted extension (PostgreSQL 13+), so the database owner
can create it; where that is refused the search still works, only without these indexes.
"""

from django.db import migrations, transaction

INDEXES = {
    "opp_title_trgm": "title",
    "opp_summary_trgm": "summary",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # noqa: BLE001 - no permission: carry on without the indexes
        return
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON opportunities_opportunity "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0003_way_in_review_selection_matching")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
