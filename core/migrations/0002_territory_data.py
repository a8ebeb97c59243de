"""Territory of Santo Domingo de los Tsáchilas as editable reference data (see DOMAIN.md).

Parish codes are the three letters used by the province's road codes (LCN, MTR, ...).
Staff may correct names, parishes of communities and the planning zones in the admin.
"""

from django.db import migrations

CANTONS = [("SDT-SD", "Santo Domingo"), ("SDT-LC", "La Concordia")]
PARISHES = [
    # (canton, code, name, kind)
    ("SDT-SD", "SDO", "Santo Domingo", "urbana"),
    ("SDT-SD", "ALL", "Alluriquín", "rural"),
    ("SDT-SD", "LDA", "Luz de América", "rural"),
    ("SDT-SD", "PLI", "Puerto Limón", "rural"),
    ("SDT-SD", "SJB", "San Jacinto del Búa", "rural"),
    ("SDT-SD", "VHE", "Valle Hermoso", "rural"),
    ("SDT-SD", "ESF", "El Esfuerzo", "rural"),
    ("SDT-SD", "SMT", "Santa María del Toachi", "rural"),
    ("SDT-LC", "LCN", "La Concordia", "urbana"),
    ("SDT-LC", "MTR", "Monterrey", "rural"),
    ("SDT-LC", "LVI", "La Villegas", "rural"),
    ("SDT-LC", "PPI", "Plan Piloto", "rural"),
]
COMMUNITIES = [
    ("TS-CHI", "Chigüilpe", "SDO"),
    ("TS-CDB", "Colorados del Búa", "SJB"),
    ("TS-CON", "Congoma", "PLI"),
    ("TS-EBU", "El Búa", "SJB"),
    ("TS-EPO", "El Poste", "PLI"),
    ("TS-LNA", "Los Naranjos", "LDA"),
    ("TS-OMA", "Otongo Mapalí", "PLI"),
    ("TS-PER", "Peripa", "PLI"),
]
ZONES = [
    ("ZP-NORTE", "Zona de Planificación Norte", ["VHE", "SJB"]),
    ("ZP-SUR", "Zona de Planificación Sur", ["LDA", "PLI", "ESF", "SMT"]),
    ("ZP-ESTE", "Zona de Planificación Este", ["ALL", "SDO"]),
    ("ZP-CONCORDIA", "Zona de Planificación La Concordia", ["LCN", "MTR", "LVI", "PPI"]),
]


def load(apps, schema_editor):
    Province = apps.get_model("core", "Province")
    Canton = apps.get_model("core", "Canton")
    Parish = apps.get_model("core", "Parish")
    Community = apps.get_model("core", "Community")
    PlanningZone = apps.get_model("core", "PlanningZone")
    province, _ = Province.objects.get_or_create(
        code="SDT", defaults={"name": "Santo Domingo de los Tsáchilas"}
    )
    cantons = {
        code: Canton.objects.get_or_create(code=code, defaults={"name": name, "province": province})[0]
        for code, name in CANTONS
    }
    parishes = {}
    for canton, code, name, kind in PARISHES:
        parishes[code] = Parish.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "canton": cantons[canton]}
        )[0]
    for code, name, parish in COMMUNITIES:
        Community.objects.get_or_create(code=code, defaults={"name": name, "parish": parishes[parish]})
    for code, name, members in ZONES:
        zone, _ = PlanningZone.objects.get_or_create(code=code, defaults={"name": name})
        zone.parishes.add(*[parishes[c] for c in members])


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
