"""Erasure may replace an access-log entry's label (which named the person); nothing else changes.

The trigger from 0002 refused every UPDATE. It now lets an UPDATE through only when every
column but ``subject_label`` is unchanged, so who looked, at what, when, in what role and why stay
exactly as recorded. Deleting is still refused.
"""

from django.db import migrations

INSTALL = """
CREATE OR REPLACE FUNCTION alongside_access_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'subject_label') = (to_jsonb(OLD) - 'subject_label') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'access log entries cannot be changed or deleted'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

PREVIOUS = """
CREATE OR REPLACE FUNCTION alongside_access_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'access log entries cannot be changed or deleted'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INSTALL)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_team_invitations_and_changes")]

    operations = [migrations.RunPython(install, remove, elidable=False)]
