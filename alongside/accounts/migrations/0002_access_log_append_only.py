"""On PostgreSQL, the database itself refuses to change or delete access-log entries.

The model already refuses to save a changed entry; the trigger also stops raw SQL,
bulk updates and anyone with a database shell. SQLite has no such guard: it is the
embedded, single-machine mode.
"""

from django.db import migrations

INSTALL = """
CREATE OR REPLACE FUNCTION alongside_access_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'access log entries cannot be changed or deleted'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER accounts_accesslog_append_only
    BEFORE UPDATE OR DELETE ON accounts_accesslog
    FOR EACH ROW EXECUTE FUNCTION alongside_access_log_append_only();
"""

REMOVE = """
DROP TRIGGER IF EXISTS accounts_accesslog_append_only ON accounts_accesslog;
DROP FUNCTION IF EXISTS alongside_access_log_append_only();
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INSTALL)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REMOVE)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(install, remove, elidable=False)]
