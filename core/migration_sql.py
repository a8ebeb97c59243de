"""Raw SQL that only one database takes (triggers are written per vendor), as a migration."""

from django.db import migrations


def run_sql_on(vendor: str, forwards: list[str], backwards: list[str]) -> migrations.RunPython:
    def run(statements):
        def apply(apps, schema_editor):
            if schema_editor.connection.vendor == vendor:
                for sql in statements:
                    schema_editor.execute(sql, params=None)  # no params: % is literal

        return apply

    return migrations.RunPython(run(forwards), run(backwards))
