"""Demo road network reproducing the published 2019-2022 report exactly (DOMAIN.md).

Lengths and worked km are drawn in integer tenths of a km and then nudged one tenth at a time
until each group sums to its published total, so the figures are exact, not approximate.
Seeded: every run builds the same network.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from core.models import Community, Parish, PlanningZone

from .models import Branch, Intervention, RoadReport

SEED = 20192022
TOTAL_BRANCHES = 905
TOTAL_TENTHS = 26164  # 2,616.4 km
ATTENDED = 679
ATTENDED_TENTHS = 19567  # 1,956.7 km
WORKED_TENTHS = 17194  # 1,719.4 km
PUBLISHED = [
    # code, name, tenths, last maintenance year, need level
    ("LCN017", "Vía Atahualpa - Las Amazonas - La Florida", 160, 2020, 3),
    ("LCN019", "Vía Monterrey - Matamba: Ramal MD Zaracay 2", 218, 2020, 2),
    (
        "MTR101",
        "Vía Monterrey - Matamba: Ramal MI Los Andes - San Carlos - Zaracay 1",
        184,
        2019,
        3,
    ),
    ("MTR102", "Vía Atahualpa - Las Amazonas - La Florida", 160, 2019, 2),
]
BRANCHES_PER_PARISH = {
    "LCN": 60, "MTR": 110, "LVI": 70, "PPI": 65, "ALL": 90, "LDA": 95,
    "PLI": 85, "SJB": 80, "VHE": 80, "ESF": 60, "SMT": 50, "SDO": 60,
}  # fmt: skip
CENTRES = {  # rough (lat, lon) of each parish, for the demo geometry
    "LCN": (0.00, -79.40), "MTR": (0.05, -79.30), "LVI": (0.10, -79.45), "PPI": (-0.05, -79.52),
    "SJB": (-0.15, -79.45), "VHE": (-0.10, -79.25), "SDO": (-0.25, -79.17), "ALL": (-0.32, -78.99),
    "LDA": (-0.42, -79.30), "PLI": (-0.38, -79.38), "ESF": (-0.55, -79.40), "SMT": (-0.55, -79.05),
}  # fmt: skip
PLACES = [
    "Atahualpa", "Las Amazonas", "La Florida", "Monterrey", "Matamba", "Zaracay", "Los Andes",
    "San Carlos", "El Paraíso", "San Vicente", "La Esperanza", "Nuevo Israel", "Cristóbal Colón",
    "Julio Moreno", "San Gabriel", "El Placer", "La Unión", "Tinalandia", "Las Delicias",
    "San Miguel", "El Rosario", "Santa Rosa", "Palo Quemado", "La Aurora", "Flor del Valle",
    "Brisas del Toachi", "Villa Hermosa", "Unión Carchense", "San José", "Los Ángeles",
]  # fmt: skip
CREWS = ["Cuadrilla GADPSDT 1", "Cuadrilla GADPSDT 2", "Cuadrilla GADPSDT 3"]
CONTRACTORS = ["", "", "Consorcio Vial Tsáchila", "Constructora Río Toachi"]


def _nudge(values, target, low, high=None):
    """Moves values one tenth at a time, in turn, until they sum to target within bounds."""
    diff = target - sum(values)
    step = 1 if diff > 0 else -1
    i = 0
    while diff:
        hi = high[i] if high else None
        new = values[i] + step
        if new >= low and (hi is None or new <= hi):
            values[i] = new
            diff -= step
        i = (i + 1) % len(values)
    return values


def _geometry(rng, parish_code, tenths):
    lat, lon = CENTRES[parish_code]
    lat += rng.uniform(-0.06, 0.06)
    lon += rng.uniform(-0.06, 0.06)
    heading_lat, heading_lon = rng.uniform(-1, 1), rng.uniform(-1, 1)
    step = tenths / 10 / 111 / 3  # about the branch length, in degrees, over three legs
    points = []
    for _leg in range(4):
        points.append([round(lon, 5), round(lat, 5)])
        lat += (heading_lat + rng.uniform(-0.5, 0.5)) * step
        lon += (heading_lon + rng.uniform(-0.5, 0.5)) * step
    return {"type": "LineString", "coordinates": points}


def _date_in(rng, year):
    end = date(year, rng.randint(1, 12), rng.randint(1, 28))
    return end - timedelta(days=rng.randint(3, 40)), end


def build():
    """The demo network as plain data: (branches, interventions) without database access."""
    rng = random.Random(SEED)
    published = {row[0]: row for row in PUBLISHED}
    codes = [f"{p}{i:03d}" for p, n in BRANCHES_PER_PARISH.items() for i in range(1, n + 1)]
    assert len(codes) == TOTAL_BRANCHES and set(published) <= set(codes)
    others = [c for c in codes if c not in published]
    rng.shuffle(others)
    attended_others = others[: ATTENDED - len(PUBLISHED)]
    unattended = others[ATTENDED - len(PUBLISHED) :]
    tenths = _lengths(rng, published, attended_others, unattended)
    attended = list(published) + attended_others
    interventions = _interventions(rng, published, attended, tenths)
    inventory_year = _before_the_period(rng, unattended, tenths, interventions)
    branches = [_branch(rng, code, published, tenths, inventory_year) for code in codes]
    return branches, interventions, rng


def _lengths(rng, published, attended_others, unattended):
    """Each branch's length in tenths of a km, adding up to the published totals."""
    tenths = {code: row[2] for code, row in published.items()}
    attended_target = ATTENDED_TENTHS - sum(tenths.values())
    draws = _nudge([rng.randint(8, 48) for _ in attended_others], attended_target, 5)
    tenths.update(zip(attended_others, draws, strict=True))
    draws = _nudge([rng.randint(8, 50) for _ in unattended], TOTAL_TENTHS - ATTENDED_TENTHS, 5)
    tenths.update(zip(unattended, draws, strict=True))
    return tenths


def _interventions(rng, published, attended, tenths):
    """(code, start, end, kind, tenths worked) of the attended branches, 2019-2022 (and a few
    emergencies after), adding up to the published km worked."""
    worked = [max(1, tenths[c] * 88 // 100) for c in attended]
    worked = _nudge(worked, WORKED_TENTHS, 1, [tenths[c] for c in attended])
    interventions = []
    for code, km in zip(attended, worked, strict=True):
        if code in published:
            start, end = _date_in(rng, published[code][3])
            interventions.append((code, start, end, "periodico", km))
            continue
        years = sorted(rng.sample(range(2019, 2023), 2))
        if km >= 20 and rng.random() < 0.3:
            first = km // 2
            for year, part in zip(years, (first, km - first), strict=True):
                interventions.append((code, *_date_in(rng, year), "rutinario", part))
        else:
            kind = rng.choice(["rutinario", "rutinario", "periodico", "rehabilitacion"])
            interventions.append((code, *_date_in(rng, years[0]), kind, km))
        if rng.random() < 0.08:  # after the reported period: outside the 2019-2022 figures
            interventions.append((code, *_date_in(rng, 2023), "emergencia", min(10, tenths[code])))
    return interventions


def _before_the_period(rng, unattended, tenths, interventions):
    """Some unattended branches were maintained before 2019 (added to `interventions`), some
    only inventoried: {code: inventory year}."""
    inventory_year = {}
    for code in unattended:
        roll = rng.random()
        if roll < 0.35:  # maintained before the period: visible when the range widens
            year = rng.randint(2015, 2018)
            part = max(1, tenths[code] * rng.randint(50, 100) // 100)
            interventions.append((code, *_date_in(rng, year), "rutinario", part))
        elif roll < 0.7:
            inventory_year[code] = rng.randint(2008, 2018)
    return inventory_year


def _branch(rng, code, published, tenths, inventory_year):
    parish = code[:3]
    row = published.get(code)
    if row:
        name, need = row[1], row[4]
    else:
        a, b = rng.sample(PLACES, 2)
        name = rng.choice([f"Vía {a} - {b}", f"Ramal {a}", f"Vía {a} - {b}: Ramal {parish}"])
        need = rng.choices([1, 2, 3, 4], weights=[20, 35, 30, 15])[0]
    zone = rng.choices(["parroquias", "zonas", "comunidades"], weights=[60, 25, 15])[0]
    return {
        "code": code,
        "name": name,
        "parish": parish,
        "sector": rng.choice(PLACES),
        "zone": zone,
        "tenths": tenths[code],
        "surface": rng.choices(
            ["lastre", "tierra", "asfalto", "adoquin", "hormigon"],
            weights=[60, 20, 10, 5, 5],
        )[0],
        "condition": {1: "bueno", 2: "regular", 3: "regular", 4: "malo"}[need],
        "need": need,
        "year": inventory_year.get(code),
        "geometry": _geometry(rng, parish, tenths[code]),
    }


def load(stdout):
    if Branch.objects.filter(code__in=[row[0] for row in PUBLISHED]).exists():
        stdout.write("ramales ya cargados; ", ending="")
    else:
        _load_network(stdout)
    if not RoadReport.objects.exists():
        _load_reports(stdout)
    if not RoadReport.objects.filter(description=CURRENT_REPORTS[0][4]).exists():
        _load_current_reports(stdout)


def _load_network(stdout):
    branches, interventions, rng = build()
    parishes = {p.code: p for p in Parish.objects.all()}
    communities = list(Community.objects.order_by("code"))
    zones = list(PlanningZone.objects.prefetch_related("parishes").order_by("code"))
    zone_of = {p.code: z for z in zones for p in z.parishes.all()}
    with transaction.atomic():
        objects = []
        for row in branches:
            parish = parishes[row["parish"]]
            community = None
            if row["zone"] == "comunidades":
                local = [c for c in communities if c.parish_id == parish.pk] or communities
                community = rng.choice(local)
            objects.append(
                Branch(
                    code=row["code"],
                    name=row["name"],
                    canton_id=parish.canton_id,
                    parish=parish,
                    sector=row["sector"],
                    zone=row["zone"],
                    community=community,
                    planning_zone=zone_of.get(row["parish"]) if row["zone"] == "zonas" else None,
                    length_km=Decimal(row["tenths"]) / 10,
                    surface=row["surface"],
                    condition=row["condition"],
                    need_level=row["need"],
                    inventory_maintenance_year=row["year"],
                    geometry=row["geometry"],
                )
            )
        bulk_create_with_history(
            objects, Branch, batch_size=1000, default_change_reason="Inventario 2019-2022"
        )
        ids = dict(Branch.objects.values_list("code", "pk"))
        Intervention.objects.bulk_create(
            [
                Intervention(
                    branch_id=ids[code],
                    start_date=start,
                    end_date=end,
                    kind=kind,
                    km_worked=Decimal(km) / 10,
                    crew=CREWS[i % len(CREWS)],
                    contractor=CONTRACTORS[i % len(CONTRACTORS)],
                    cost=Decimal(km * 850 + i % 7 * 100),
                )
                for i, (code, start, end, kind, km) in enumerate(interventions)
            ],
            batch_size=2000,
        )
        from .services import refresh_last_maintenance

        refresh_last_maintenance(ids.values())
    stdout.write(f"{len(objects)} ramales, {len(interventions)} intervenciones; ", ending="")


REPORTS = [
    # branch, kind, severity, description, statuses walked, resolved by a new intervention
    ("PLI010", "bache", 2, "Baches profundos a la altura de la escuela; los carros no pasan.",
     ["en_revision", "en_atencion", "resuelta"], True),
    ("SJB004", "deslizamiento", 3, "Se desprendió el talud y tapa media vía desde el lunes.",
     ["en_revision", "en_atencion"], False),
    ("ALL020", "alcantarilla", 2, "La alcantarilla está tapada y el agua corre por la vía.",
     ["en_revision"], False),
    ("LDA031", "cuneta", 1, "Cunetas llenas de lodo en el tramo del puente.", [], False),
]  # fmt: skip


def _load_reports(stdout):
    """A few road reports along the workflow; one resolved by the intervention that fixed it."""
    from datetime import datetime

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from core import report_services
    from core.reports import ReportEvent

    from . import services

    day = timezone.make_aware(datetime(2025, 10, 1, 9, 0))
    branches = Branch.objects.in_bulk([r[0] for r in REPORTS], field_name="code")
    kind = ContentType.objects.get_for_model(RoadReport)
    for n, (code, report_kind, severity, text, statuses, fixed) in enumerate(REPORTS):
        branch = branches[code]
        report = report_services.report_file(
            model=RoadReport,
            fields={
                "kind": report_kind,
                "severity": severity,
                "branch": branch,
                "parish": branch.parish,
                "description": text,
                "is_anonymous": True,
            },
            source="web",
        )
        for status in statuses:
            if status == "resuelta" and fixed:
                end = date(2025, 10, 20)
                intervention = services.intervention_record(
                    branch=branch,
                    start_date=end - timedelta(days=5),
                    end_date=end,
                    km_worked=min(branch.length_km, Decimal("1.50")),
                    kind="emergencia",
                    crew=CREWS[0],
                    notes="Bacheo con material de mejoramiento.",
                )
                services.report_resolve_with(report=report, intervention=intervention, by=None)
            else:
                report = report_services.report_transition(report=report, to_status=status, by=None)
        # Backdated so the demo timeline reads as weeks of work, not one second.
        filed = day + timedelta(days=n * 3)
        RoadReport.objects.filter(pk=report.pk).update(created_at=filed)
        events = ReportEvent.objects.filter(content_type=kind, object_id=report.pk).order_by("pk")
        for i, event in enumerate(events):
            ReportEvent.objects.filter(pk=event.pk).update(created_at=filed + timedelta(days=i * 6))
    stdout.write(f"{len(REPORTS)} reportes viales; ", ending="")


CURRENT_REPORTS = [
    # days before the load day, branch, kind, severity, description, statuses walked
    (19, "LCN017", "bache", 2, "Baches grandes en la entrada a La Florida; los buses se desvían.",
     ["en_revision", "en_atencion", "resuelta"]),
    (15, "MTR101", "deslizamiento", 3, "El invierno se llevó parte de la calzada junto al estero.",
     ["en_revision", "en_atencion"]),
    (11, "MTR102", "cuneta", 1, "Las cunetas están tapadas con tierra y el agua corre por la vía.",
     ["en_revision"]),
    (8, "LCN019", "alcantarilla", 2, "Alcantarilla colapsada a la altura del recinto Zaracay.",
     ["en_revision", "derivada"]),
    (5, "PLI010", "intransitable", 3, "El ramal quedó intransitable después del aguacero.",
     ["en_revision"]),
    (3, "SJB004", "puente", 2, "Faltan tablones en el puente peatonal sobre el río.", []),
    (1, "ALL020", "bache", 1, "Bache nuevo en la curva antes de la escuela.", []),
]  # fmt: skip


def _load_current_reports(stdout):
    """Road reports of the last three weeks, dated back from the load day."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from core import report_services
    from core.reports import ReportEvent

    now = timezone.now()
    branches = Branch.objects.in_bulk([r[1] for r in CURRENT_REPORTS], field_name="code")
    kind = ContentType.objects.get_for_model(RoadReport)
    with transaction.atomic():
        for days, code, report_kind, severity, text, statuses in CURRENT_REPORTS:
            branch = branches.get(code)
            report = report_services.report_file(
                model=RoadReport,
                fields={
                    "kind": report_kind,
                    "severity": severity,
                    "branch": branch,
                    "parish": branch.parish if branch else None,
                    "location_reference": "" if branch else code,
                    "description": text,
                    "is_anonymous": True,
                },
                source="web",
            )
            for status in statuses:
                reason = (
                    "Se deriva al GAD parroquial, responsable del tramo."
                    if status == "derivada"
                    else ""
                )
                report = report_services.report_transition(
                    report=report, to_status=status, by=None, comment=reason
                )
            filed = now - timedelta(days=days, hours=2)
            step = timedelta(days=days) / (len(statuses) + 1)
            RoadReport.objects.filter(pk=report.pk).update(created_at=filed)
            if report.resolved_at:
                RoadReport.objects.filter(pk=report.pk).update(
                    resolved_at=filed + step * len(statuses)
                )
            events = ReportEvent.objects.filter(content_type=kind, object_id=report.pk)
            for i, event in enumerate(events.order_by("pk")):
                ReportEvent.objects.filter(pk=event.pk).update(created_at=filed + step * i)
    stdout.write(f"{len(CURRENT_REPORTS)} reportes viales recientes; ", ending="")
