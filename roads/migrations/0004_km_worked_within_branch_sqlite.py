"""The same rule as 0002 for the zero-setup SQLite database, so that one does not accept
km PostgreSQL would refuse (SQLite triggers cannot call functions: the check is inline)."""

from django.db import migrations

TOO_LONG = "NEW.km_worked > (SELECT length_km FROM roads_branch WHERE id = NEW.branch_id)"
CREATE = [
    f"""
CREATE TRIGGER roads_intervention_km_within_branch_{name}
BEFORE {event} ON roads_intervention
FOR EACH ROW WHEN {TOO_LONG}
BEGIN SELECT RAISE(ABORT, 'km_worked exceeds the length of the branch'); END
"""
    for name, event in [("insert", "INSERT"), ("update", "UPDATE OF km_worked, branch_id")]
]
DROP = [
    "DROP TRIGGER IF EXISTS roads_intervention_km_within_branch_insert",
    "DROP TRIGGER IF EXISTS roads_intervention_km_within_branch_update",
]


def _on_sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("roads", "0003_import_heartbeat")]

    operations = [migrations.RunPython(_on_sqlite(CREATE), _on_sqlite(DROP))]
