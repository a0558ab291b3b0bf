"""On PostgreSQL the audit trail is append-only: a trigger refuses every UPDATE and DELETE of
``auditlog_logentry``, whatever issues it (the application, a script, raw SQL, any role but
one that first drops the trigger, which needs the table's owner and is itself visible).

The same mechanism keeps issued reports unchanged (reports/migrations/0001). A REVOKE alone
would not do: most services run as the role that owns the tables, and an owner can grant
itself the privilege back. For a DBA who runs the service under a role that does not own its
tables, README "The audit trail" gives the GRANTs that also keep TRUNCATE and DDL away from it.
SQLite, the laptop default, has no trigger: nothing in the code updates or deletes trail rows.
"""

from django.db import migrations

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION auditportal_refuse_trail_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail is append-only (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Trail rows are never changed or deleted; see README, The audit trail.';
END;
$$ LANGUAGE plpgsql;
"""
CREATE_TRIGGER = (
    "CREATE TRIGGER auditlog_logentry_append_only BEFORE UPDATE OR DELETE "
    "ON auditlog_logentry FOR EACH ROW EXECUTE FUNCTION auditportal_refuse_trail_change();"
)


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION, params=None)
    schema_editor.execute(CREATE_TRIGGER)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS auditlog_logentry_append_only ON auditlog_logentry;")
    schema_editor.execute("DROP FUNCTION IF EXISTS auditportal_refuse_trail_change();")


class Migration(migrations.Migration):
    dependencies = [("auditportal", "0002_trail_keeps_no_free_text")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
