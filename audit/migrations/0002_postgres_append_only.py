"""On PostgreSQL, the database itself keeps the audit trail append-only: a trigger refuses every
UPDATE and DELETE of audit_auditevent, so raw SQL, a shell or another program cannot rewrite
history either. Two exceptions:

- the retention purge (audit.services.purge_expired) deletes while the transaction-local
  setting `audit.allow_purge` is 'on';
- deleting a user or a community sets that foreign key to NULL (on_delete=SET_NULL): an UPDATE
  that only does that passes; the `username` copy keeps saying who it was.

TRUNCATE is left alone: Django's test runner empties tables with it, and it needs the table
owner's rights, which the application's database role should not have in production.
SQLite has no session settings: there the model and its queryset refuse (audit/models.py)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF current_setting('audit.allow_purge', true) = 'on' THEN
            RETURN OLD;
        END IF;
    ELSIF TG_OP = 'UPDATE' THEN
        IF (to_jsonb(NEW) - 'user_id' - 'community_id')
                = (to_jsonb(OLD) - 'user_id' - 'community_id')
            AND (NEW.user_id IS NULL OR NEW.user_id = OLD.user_id)
            AND (NEW.community_id IS NULL OR NEW.community_id = OLD.community_id) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION USING
        MESSAGE = 'audit_auditevent is append-only: ' || TG_OP || ' refused',
        ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_append_only();
"""


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(add_trigger, drop_trigger)]
