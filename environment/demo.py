"""Demo data: a year of reforestation deliveries (2022), this year's campaign dated back from
the load day (requests and deliveries of the last weeks), then the complaints.

Deterministic (seeded random, fixed dates and codes) and idempotent: the catalogue and the
nurseries are upserted by their natural keys, and the ledger, requests, deliveries and visits
are written once, only when no demo request exists yet. Writes go through the services, so the
demo stock always agrees with its ledger.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.codes import ALPHABET
from core.models import Parish

from . import services
from .complaints import demo as complaints_demo
from .models import MovementKind, Nursery, RequestStatus, SeedlingRequest, Species

SPECIES = [
    # scientific, common, family, origin, uses, weight in requests
    ("Handroanthus chrysanthus", "Guayacán", "Bignoniaceae", "nativa", ["maderable"], 9),
    ("Cordia alliodora", "Laurel", "Boraginaceae", "nativa", ["maderable", "sombra"], 10),
    ("Swietenia macrophylla", "Caoba", "Meliaceae", "nativa", ["maderable"], 6),
    ("Cedrela odorata", "Cedro", "Meliaceae", "nativa", ["maderable"], 7),
    ("Ochroma pyramidale", "Balsa", "Malvaceae", "nativa", ["maderable"], 5),
    ("Schizolobium parahyba", "Pachaco", "Fabaceae", "nativa", ["maderable", "sombra"], 7),
    ("Humiriastrum procerum", "Chanul", "Humiriaceae", "nativa", ["maderable"], 4),
    (
        "Triplaris cumingiana",
        "Fernán Sánchez",
        "Polygonaceae",
        "nativa",
        ["maderable", "ribera"],
        6,
    ),
    ("Guadua angustifolia", "Guadúa", "Poaceae", "nativa", ["maderable", "ribera"], 8),
    ("Theobroma cacao", "Cacao", "Malvaceae", "nativa", ["frutal", "sombra"], 9),
    ("Inga edulis", "Guaba", "Fabaceae", "nativa", ["frutal", "sombra"], 6),
    ("Carapa guianensis", "Tangaré", "Meliaceae", "nativa", ["maderable"], 3),
    ("Brosimum utile", "Sande", "Moraceae", "nativa", ["maderable"], 3),
    ("Hyeronima alchorneoides", "Mascarey", "Phyllanthaceae", "nativa", ["maderable"], 2),
    ("Samanea saman", "Samán", "Fabaceae", "nativa", ["sombra"], 3),
    ("Ceiba pentandra", "Ceibo", "Malvaceae", "nativa", ["sombra", "ribera"], 3),
    ("Persea americana", "Aguacate", "Lauraceae", "nativa", ["frutal"], 4),
    ("Matisia cordata", "Zapote", "Malvaceae", "nativa", ["frutal"], 3),
    ("Tectona grandis", "Teca", "Lamiaceae", "introducida", ["maderable"], 4),
    ("Gmelina arborea", "Melina", "Lamiaceae", "introducida", ["maderable"], 2),
    ("Citrus sinensis", "Naranja", "Rutaceae", "introducida", ["frutal"], 4),
]

NURSERIES = [
    # code, name, parish, serves parishes
    ("VIV-SDO", "Vivero provincial Santo Domingo", "SDO", ["SDO", "ALL", "VHE", "SJB", "SMT"]),
    ("VIV-LDA", "Vivero Luz de América", "LDA", ["LDA", "PLI", "ESF"]),
    ("VIV-LCN", "Vivero La Concordia", "LCN", ["LCN", "MTR", "LVI", "PPI"]),
]

# Rough centres of the parishes (lat, lon); sites are scattered a few km around them.
CENTRES = {
    "SDO": (-0.253, -79.175),
    "ALL": (-0.317, -78.985),
    "LDA": (-0.410, -79.300),
    "PLI": (-0.390, -79.400),
    "SJB": (-0.100, -79.380),
    "VHE": (-0.080, -79.270),
    "ESF": (-0.450, -79.160),
    "SMT": (-0.560, -79.050),
    "LCN": (0.005, -79.395),
    "MTR": (0.050, -79.480),
    "LVI": (0.080, -79.420),
    "PPI": (-0.040, -79.470),
}

YEAR = 2022
REQUESTS = 160
PURPOSES = [
    "Protección de la orilla del estero que cruza la finca.",
    "Sombra para el cacao recién sembrado.",
    "Cercas vivas en los linderos del potrero.",
    "Reforestación del área comunal junto a la vertiente.",
    "Huerto escolar y arborización del patio de la escuela.",
    "Recuperación de un potrero abandonado.",
    "Madera para el futuro de la familia y sombra para el ganado.",
    "Protección de la fuente de agua de la comunidad.",
]
FIRST_NAMES = ["María", "José", "Rosa", "Luis", "Carmen", "Jorge", "Ana", "Segundo", "Gloria"]
LAST_NAMES = ["Aguavil", "Calazacón", "Zambrano", "Vera", "Cedeño", "Macías", "Mendoza"]


def _code(rng):
    body = "".join(rng.choice(ALPHABET) for _ in range(8))
    return f"RF-{body[:4]}-{body[4:]}"


def load(stdout):
    _load_reforestation(stdout)
    complaints_demo.load(stdout)


def _load_reforestation(stdout):
    species = {}
    for scientific, common, family, origin, uses, weight in SPECIES:
        sp, _ = Species.objects.update_or_create(
            scientific_name=scientific,
            defaults={"common_name": common, "family": family, "origin": origin, "uses": uses},
        )
        species[scientific] = (sp, weight)
    parishes = {p.code: p for p in Parish.objects.all()}
    nurseries = {}
    for code, name, parish, served in NURSERIES:
        nursery, _ = Nursery.objects.update_or_create(
            code=code, defaults={"name": name, "parish": parishes[parish]}
        )
        for p in served:
            nurseries[p] = nursery
    if not SeedlingRequest.objects.filter(received_on__year=YEAR).exists():
        with transaction.atomic():
            _ledger_and_requests(species, parishes, nurseries)
    rng = random.Random(CURRENT_SEED)
    if not SeedlingRequest.objects.filter(tracking_code=_code(rng)).exists():
        with transaction.atomic():
            _current_campaign(species, parishes, nurseries)


CURRENT_SEED = "campana-actual"
CURRENT_REQUESTS = 24
CURRENT_DAYS = 50


def _production(rng, nursery, species, day, counts, note):
    """A production batch of every species at a nursery: its weight times a random count."""
    for sp, weight in species.values():
        services.stock_record(
            nursery=nursery,
            species=sp,
            kind=MovementKind.PRODUCTION,
            quantity=weight * rng.randint(*counts),
            occurred_on=day,
            note=note,
        )


def _current_campaign(species, parishes, nurseries):
    """This year's campaign, dated back from the load day: a production batch, requests of
    the last weeks, most of them approved and delivered this year, a few still waiting."""
    rng = random.Random(CURRENT_SEED)
    first_code = _code(rng)
    today = timezone.localdate()
    year_start = date(today.year, 1, 1)
    all_species = [sp for sp, _ in species.values()]
    weights = [w for _, w in species.values()]
    batch_day = today - timedelta(days=CURRENT_DAYS + 30)
    for nursery in sorted(set(nurseries.values()), key=lambda n: n.code):
        _production(rng, nursery, species, batch_day, (50, 70), "Lote de producción de la campaña")
    codes = sorted(CENTRES)
    for i in range(CURRENT_REQUESTS):
        # Newest last: the last few are still «recibida», as the freshest requests are.
        age = CURRENT_DAYS - int(i * CURRENT_DAYS / CURRENT_REQUESTS)
        delivered = max(year_start, today - timedelta(days=max(age - 12, 0)))
        decided = delivered - timedelta(days=rng.randint(2, 5))
        received = decided - timedelta(days=rng.randint(2, 6))
        parish_code = rng.choice(codes)
        lat, lon = CENTRES[parish_code]
        chosen = rng.choices(all_species, weights, k=rng.randint(1, 3))
        lines = {}
        for sp in chosen:
            lines[sp] = lines.get(sp, 0) + rng.choice([20, 25, 30, 50])
        req = SeedlingRequest.objects.create(
            tracking_code=first_code if i == 0 else _code(rng),
            applicant_kind=rng.choices(
                ["ciudadano", "finca", "escuela", "comunidad"], [3, 5, 1, 1]
            )[0],
            applicant_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            applicant_phone=f"09{rng.randint(10_000_000, 99_999_999)}",
            applicant_email="",
            parish=parishes[parish_code],
            location_reference=f"Recinto {rng.randint(1, 40)}, km {rng.randint(2, 30)}",
            latitude=Decimal(str(round(lat + rng.uniform(-0.04, 0.04), 6))),
            longitude=Decimal(str(round(lon + rng.uniform(-0.04, 0.04), 6))),
            land_area_ha=Decimal(rng.choice(["0.50", "1.00", "1.00", "2.00", "3.00"])),
            purpose=rng.choice(PURPOSES),
            received_on=min(received, today),
        )
        for sp, qty in lines.items():
            req.lines.create(species=sp, quantity=qty)
        if i >= CURRENT_REQUESTS - 3:
            continue  # the newest: still «recibida»
        if i % 9 == 4:
            services.request_decide(
                request=req,
                status=RequestStatus.REJECTED,
                reason="El terreno está fuera de zona de reforestación.",
                on=min(decided, today),
            )
            continue
        services.request_decide(request=req, status=RequestStatus.APPROVED, on=min(decided, today))
        if i >= CURRENT_REQUESTS - 5:
            continue  # approved, waiting for the nursery
        try:
            services.delivery_record(
                request=req,
                nursery=nurseries[parish_code],
                lines=[services.Line(sp, qty) for sp, qty in lines.items()],
                delivered_on=delivered,
            )
        except ValidationError:  # a nursery ran short: the request stays approved
            continue


def _ledger_and_requests(species, parishes, nurseries):
    rng = random.Random(YEAR)
    all_species = [sp for sp, _ in species.values()]
    weights = [w for _, w in species.values()]
    # Two production batches a year per nursery and species, a few losses.
    for nursery in sorted(set(nurseries.values()), key=lambda n: n.code):
        for month in (1, 7):
            _production(rng, nursery, species, date(YEAR, month, 5), (60, 90), "Lote de producción")
        for sp in rng.sample(all_species, 4):
            services.stock_record(
                nursery=nursery,
                species=sp,
                kind=MovementKind.LOSS,
                quantity=rng.randint(5, 25),
                occurred_on=date(YEAR, 3, 20),
                note="Plántulas perdidas por la lluvia",
            )
    codes = sorted(parishes)
    for i in range(REQUESTS):
        received = date(YEAR, 1, 3) + timedelta(days=int(i * 330 / REQUESTS) + rng.randint(0, 4))
        parish_code = rng.choice(codes)
        lat, lon = CENTRES[parish_code]
        kind = rng.choices(["ciudadano", "finca", "escuela", "comunidad"], [3, 5, 1, 1])[0]
        area = Decimal(rng.choice([0.25, 0.5, 1, 1, 2, 3, 5])).quantize(Decimal("0.01"))
        chosen = rng.choices(all_species, weights, k=rng.randint(1, 4))
        lines = {}
        for sp in chosen:
            lines[sp] = lines.get(sp, 0) + rng.choice([20, 25, 30, 50, 100])
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        req = SeedlingRequest.objects.create(
            tracking_code=_code(rng),
            applicant_kind=kind,
            applicant_name=name,
            applicant_phone=f"09{rng.randint(10_000_000, 99_999_999)}",
            applicant_email="",
            parish=parishes[parish_code],
            location_reference=f"Recinto {rng.randint(1, 40)}, km {rng.randint(2, 30)}",
            latitude=Decimal(str(round(lat + rng.uniform(-0.04, 0.04), 6))),
            longitude=Decimal(str(round(lon + rng.uniform(-0.04, 0.04), 6))),
            land_area_ha=area,
            purpose=rng.choice(PURPOSES),
            received_on=received,
        )
        for sp, qty in lines.items():
            req.lines.create(species=sp, quantity=qty)
        roll = rng.random()
        decided = received + timedelta(days=rng.randint(3, 10))
        if received > date(YEAR, 12, 10) or roll < 0.06:
            continue  # still «recibida»
        if roll < 0.14:
            services.request_decide(
                request=req,
                status=RequestStatus.REJECTED,
                reason="El terreno está fuera de zona de reforestación o la solicitud se duplicó.",
                on=decided,
            )
            continue
        services.request_decide(request=req, status=RequestStatus.APPROVED, on=decided)
        if roll < 0.19:
            continue  # approved, waiting for the nursery
        nursery = nurseries[parish_code]
        delivered = decided + timedelta(days=rng.randint(5, 20))
        try:
            delivery = services.delivery_record(
                request=req,
                nursery=nursery,
                lines=[services.Line(sp, qty) for sp, qty in lines.items()],
                delivered_on=delivered,
            )
        except ValidationError:  # a nursery ran short: the request stays approved
            continue
        for line in delivery.lines.select_related("delivery"):
            survival = rng.uniform(0.55, 0.95)
            first = delivered + timedelta(days=rng.randint(80, 110))
            services.visit_record(
                line=line,
                visited_on=first,
                surviving=int(line.quantity * min(1, survival + 0.05)),
                notes="Primera visita de seguimiento.",
            )
            if rng.random() < 0.6:
                services.visit_record(
                    line=line,
                    visited_on=first + timedelta(days=rng.randint(150, 200)),
                    surviving=int(line.quantity * survival),
                    notes="Segunda visita de seguimiento.",
                )
