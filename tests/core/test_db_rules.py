"""docs/database-rules.md lists every constraint and trigger, and each is in the database."""

import pytest
from django.core.management import call_command
from django.db import connection

from core.management.commands.db_rules import constraint_rows, trigger_rows

pytestmark = pytest.mark.django_db


def test_the_database_rules_document_is_up_to_date():
    call_command("db_rules", "--check")


def test_every_documented_constraint_exists_in_this_database():
    missing = []
    with connection.cursor() as cursor:
        tables = {}
        for model, constraint in constraint_rows():
            table = model._meta.db_table
            if table not in tables:
                tables[table] = connection.introspection.get_constraints(cursor, table)
            if constraint.name not in tables[table]:
                missing.append(constraint.name)
    assert missing == []


def test_every_trigger_written_for_this_database_is_installed():
    vendor = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}[connection.vendor]
    expected = set()
    for _app, name, trigger_vendor, _migration in trigger_rows():
        if trigger_vendor == vendor:
            names = [name.replace("{insert,update}", s) for s in ("insert", "update")]
            expected.update(names if "{" in name else [name])
    sql = {
        "postgresql": "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal",
        "sqlite": "SELECT name FROM sqlite_master WHERE type = 'trigger'",
    }[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(sql)
        installed = {row[0] for row in cursor.fetchall()}
    assert expected and expected <= installed
