"""Prices name their price type by code (checked against the fixed set) and keep the import
job as a plain reference: two foreign-key triggers fewer for every imported row."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _swap(schema_editor, old, new):
    """Portable SQL (PostgreSQL and the zero-setup SQLite). On PostgreSQL, constraints are
    checked at once so no deferred trigger event is pending when the next ALTER TABLE runs."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "UPDATE agroprices_priceobservation SET price_type_id = ("
            f"SELECT {new} FROM agroprices_pricetype t"
            f" WHERE {old} = agroprices_priceobservation.price_type_id)"
            f" WHERE price_type_id IN (SELECT {old} FROM agroprices_pricetype t)"
        )


def ids_to_codes(apps, schema_editor):
    _swap(schema_editor, old="CAST(t.id AS TEXT)", new="t.code")


def codes_to_ids(apps, schema_editor):
    _swap(schema_editor, old="t.code", new="CAST(t.id AS TEXT)")


class Migration(migrations.Migration):

    dependencies = [
        ('agroprices', '0004_import_file_types'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='priceobservation',
            name='import_job',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='observations', to='agroprices.importjob', verbose_name='importación'),
        ),
        migrations.AlterField(
            model_name='priceobservation',
            name='price_type',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, to='agroprices.pricetype', to_field='code', verbose_name='tipo de precio'),
        ),
        # The column now holds the code: the cast above left the old id as text.
        migrations.RunPython(ids_to_codes, codes_to_ids),
        migrations.AddConstraint(
            model_name='priceobservation',
            constraint=models.CheckConstraint(condition=models.Q(('price_type_id__in', ('productor', 'mayorista', 'minorista'))), name='agro_obs_price_type_known'),
        ),
        migrations.AddConstraint(
            model_name='pricetype',
            constraint=models.CheckConstraint(condition=models.Q(('code__in', ('productor', 'mayorista', 'minorista'))), name='agro_price_type_code_known'),
        ),
    ]
