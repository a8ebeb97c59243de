# Reforestation and complaints were built side by side; this joins their migration graphs.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("environment", "0001_initial"),
        ("environment", "0002_complaints_moderation"),
    ]

    operations = []
