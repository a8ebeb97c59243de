"""km worked in one intervention never exceed the branch's length: a cross-table rule, so a
trigger on PostgreSQL (the services check it too, with a Spanish message, on every backend)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION roads_intervention_km_within_branch() RETURNS trigger AS $$
BEGIN
  IF NEW.km_worked > (SELECT length_km FROM roads_branch WHERE id = NEW.branch_id) THEN
    RAISE EXCEPTION 'km_worked %% exceeds the length of branch %%', NEW.km_worked, NEW.branch_id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER roads_intervention_km_within_branch
  BEFORE INSERT OR UPDATE OF km_worked, branch_id ON roads_intervention
  FOR EACH ROW EXECUTE FUNCTION roads_intervention_km_within_branch();
"""
DROP = """
DROP TRIGGER IF EXISTS roads_intervention_km_within_branch ON roads_intervention;
DROP FUNCTION IF EXISTS roads_intervention_km_within_branch();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("roads", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
