"""One price per key without a collector, enforced by SQLite too.

NULLS NOT DISTINCT (PostgreSQL only) becomes two partial unique indexes that both databases
enforce. A zero-setup SQLite database may already hold repeated uncollected rows (the demo
loaded twice, the constraint missing there): the first of each key is kept.
"""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Min


def drop_repeated_uncollected(apps, schema_editor):
    PriceObservation = apps.get_model("agroprices", "PriceObservation")
    uncollected = PriceObservation.objects.filter(collector__isnull=True)
    first_of_each_key = (
        uncollected.values("product", "market", "date", "price_type")
        .annotate(first=Min("pk"))
        .values("first")
    )
    uncollected.exclude(pk__in=first_of_each_key).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agroprices", "0006_import_heartbeat"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="priceobservation",
            name="agro_obs_one_per_collector",
        ),
        migrations.RunPython(drop_repeated_uncollected, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="priceobservation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("collector__isnull", False)),
                fields=("product", "market", "date", "price_type", "collector"),
                name="agro_obs_one_per_collector",
            ),
        ),
        migrations.AddConstraint(
            model_name="priceobservation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("collector__isnull", True)),
                fields=("product", "market", "date", "price_type"),
                name="agro_obs_one_per_key_uncollected",
            ),
        ),
    ]
