"""The same rule as 0002 for the zero-setup SQLite database, so that one does not accept a
value PostgreSQL would refuse (SQLite triggers cannot call functions: the check is inline)."""

from django.db import migrations

from core.migration_sql import run_sql_on

OUTSIDE = """
EXISTS (
    SELECT 1 FROM commitments_indicator i
    JOIN commitments_commitment c ON c.id = i.commitment_id
    JOIN commitments_actionplan p ON p.id = c.plan_id
    WHERE i.id = NEW.indicator_id AND (NEW.date < p.period_start OR NEW.date > p.period_end)
)
"""
CREATE = [
    f"""
CREATE TRIGGER commitments_indicatorvalue_in_plan_{name}
BEFORE {event} ON commitments_indicatorvalue
FOR EACH ROW WHEN {OUTSIDE}
BEGIN SELECT RAISE(ABORT, 'indicator value dated outside the plan period'); END
"""
    for name, event in [("insert", "INSERT"), ("update", "UPDATE OF date, indicator_id")]
]
DROP = [
    "DROP TRIGGER IF EXISTS commitments_indicatorvalue_in_plan_insert",
    "DROP TRIGGER IF EXISTS commitments_indicatorvalue_in_plan_update",
]


class Migration(migrations.Migration):
    dependencies = [("commitments", "0003_indicator_counted_range")]

    operations = [run_sql_on("sqlite", CREATE, DROP)]
