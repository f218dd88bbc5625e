"""On PostgreSQL, forbid overlapping periods outright (a unit let twice at once, a person living
in two units at once, two support periods at once). SQLite has no exclusion constraints: there the
unique constraints on the open period and the service checks hold the line."""

from django.db import migrations

CONSTRAINTS = [
    ("communities_tenancy", "unit_id", "tenancy_no_overlap_per_unit"),
    ("communities_tenancyresident", "resident_id", "stay_no_overlap_per_resident"),
    ("communities_supportperiod", "resident_id", "support_no_overlap_per_resident"),
]


def add_exclusion_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for table, column, name in CONSTRAINTS:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {name} EXCLUDE USING gist "
            f"({column} WITH =, daterange(start_date, end_date, '[)') WITH &&)"
        )


def drop_exclusion_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _column, name in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("communities", "0001_initial")]

    operations = [migrations.RunPython(add_exclusion_constraints, drop_exclusion_constraints)]
