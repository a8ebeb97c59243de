"""The same rule as 0002 for the zero-setup SQLite database, so that one does not accept
km PostgreSQL would refuse (SQLite triggers cannot call functions: the check is inline)."""

from django.db import migrations

from core.migration_sql import run_sql_on

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


class Migration(migrations.Migration):
    dependencies = [("roads", "0003_import_heartbeat")]

    operations = [run_sql_on("sqlite", CREATE, DROP)]
