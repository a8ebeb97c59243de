"""A CHECK constraint cannot look at another table, so on PostgreSQL a trigger refuses an
indicator value dated outside its plan's period (model validation explains it first)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION commitments_indicatorvalue_in_plan() RETURNS trigger AS $$
DECLARE
    first_day date;
    last_day date;
BEGIN
    SELECT p.period_start, p.period_end INTO first_day, last_day
    FROM commitments_indicator i
    JOIN commitments_commitment c ON c.id = i.commitment_id
    JOIN commitments_actionplan p ON p.id = c.plan_id
    WHERE i.id = NEW.indicator_id;
    IF NEW.date < first_day OR NEW.date > last_day THEN
        RAISE EXCEPTION 'indicator value dated % is outside the plan period (% to %)',
            NEW.date, first_day, last_day USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER commitments_indicatorvalue_in_plan
    BEFORE INSERT OR UPDATE OF date, indicator_id ON commitments_indicatorvalue
    FOR EACH ROW EXECUTE FUNCTION commitments_indicatorvalue_in_plan();
"""

DROP = """
DROP TRIGGER IF EXISTS commitments_indicatorvalue_in_plan ON commitments_indicatorvalue;
DROP FUNCTION IF EXISTS commitments_indicatorvalue_in_plan();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("commitments", "0001_initial")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
