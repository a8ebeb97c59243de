"""The collector role and the units and price types every price refers to (editable in the admin)."""

from django.db import migrations

COLLECTOR_GROUP = "Recolector de precios"
UNITS = [
    ("kg", "kilogramo"),
    ("lb", "libra"),
    ("quintal", "quintal (100 lb)"),
    ("racimo", "racimo"),
    ("caja", "caja"),
    ("saco", "saco"),
    ("unidad", "unidad"),
    ("tonelada", "tonelada"),
]
PRICE_TYPES = [
    ("productor", "Productor (en finca)", "Farm Gate"),
    ("mayorista", "Mayorista", "Wholesale"),
    ("minorista", "Minorista", "Retail"),
]


def load(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Unit = apps.get_model("agroprices", "Unit")
    PriceType = apps.get_model("agroprices", "PriceType")
    Group.objects.get_or_create(name=COLLECTOR_GROUP)
    for code, name in UNITS:
        Unit.objects.get_or_create(code=code, defaults={"name": name})
    for code, name, hdx_name in PRICE_TYPES:
        PriceType.objects.get_or_create(code=code, defaults={"name": name, "hdx_name": hdx_name})


class Migration(migrations.Migration):
    dependencies = [("agroprices", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
