"""Demo data: products and markets of the province, two years of weekly prices, production.

Deterministic: every price is drawn from a generator seeded by its own key, so a rerun (or a
run in another week) produces the same value for the same row. Idempotent: reference rows
use get_or_create and prices insert with ignore_conflicts on the unique key.
"""

import math
import random
from datetime import date, timedelta
from decimal import Decimal

from core.models import Parish

from .models import (
    Market,
    PriceObservation,
    PriceType,
    Product,
    ProductionRecord,
    ProductUnit,
    Unit,
)

Cat = Product.Category
# slug, commodity, variety, category, standard unit, farm-gate base price (USD per standard
# unit), seasonal amplitude, other units as (code, standard units per unit)
PRODUCTS = [
    (
        "platano-barraganete",
        "Plátano",
        "verde barraganete",
        Cat.TUBERS,
        "racimo",
        "4.20",
        0.30,
        [("kg", "0.05")],
    ),
    ("platano-maqueno", "Plátano", "maqueño", Cat.TUBERS, "racimo", "3.60", 0.25, []),
    ("platano-dominico", "Plátano", "dominico", Cat.TUBERS, "racimo", "2.80", 0.25, []),
    (
        "cacao-ccn51",
        "Cacao",
        "CCN-51 seco",
        Cat.MISC,
        "quintal",
        "195.00",
        0.08,
        [("lb", "0.01"), ("kg", "0.022046")],
    ),
    (
        "cacao-nacional",
        "Cacao",
        "nacional fino de aroma seco",
        Cat.MISC,
        "quintal",
        "210.00",
        0.08,
        [("lb", "0.01")],
    ),
    (
        "cafe-robusta",
        "Café",
        "robusta en grano",
        Cat.MISC,
        "quintal",
        "185.00",
        0.10,
        [("lb", "0.01")],
    ),
    ("papaya-hawaiana", "Papaya", "hawaiana", Cat.FRUITS, "unidad", "0.70", 0.20, [("caja", "12")]),
    ("pina-md2", "Piña", "MD2 (golden)", Cat.FRUITS, "unidad", "0.85", 0.15, []),
    (
        "maracuya",
        "Maracuyá",
        "",
        Cat.FRUITS,
        "kg",
        "0.55",
        0.35,
        [("saco", "25"), ("lb", "0.4536")],
    ),
    (
        "naranja-valencia",
        "Naranja",
        "valencia",
        Cat.FRUITS,
        "saco",
        "9.00",
        0.30,
        [("unidad", "0.01")],
    ),
    ("mandarina", "Mandarina", "", Cat.FRUITS, "saco", "11.00", 0.30, []),
    ("limon-sutil", "Limón", "sutil", Cat.FRUITS, "saco", "14.00", 0.40, []),
    ("banano-cavendish", "Banano", "cavendish", Cat.FRUITS, "caja", "6.50", 0.10, []),
    ("orito", "Orito", "", Cat.FRUITS, "caja", "4.80", 0.15, []),
    ("yuca", "Yuca", "", Cat.TUBERS, "saco", "12.00", 0.20, [("quintal", "1")]),
    ("malanga", "Malanga", "blanca", Cat.TUBERS, "quintal", "22.00", 0.15, []),
    ("maiz-duro", "Maíz", "duro seco", Cat.TUBERS, "quintal", "17.50", 0.12, []),
    ("palma-africana", "Palma africana", "fruta fresca", Cat.OILS, "tonelada", "150.00", 0.10, []),
    ("pitahaya", "Pitahaya", "amarilla", Cat.FRUITS, "kg", "3.20", 0.30, [("caja", "5")]),
    ("guanabana", "Guanábana", "", Cat.FRUITS, "kg", "1.60", 0.20, []),
    ("aguacate", "Aguacate", "", Cat.FRUITS, "unidad", "0.45", 0.30, []),
    ("tomate-arbol", "Tomate de árbol", "", Cat.FRUITS, "kg", "1.10", 0.15, [("caja", "20")]),
    ("badea", "Badea", "", Cat.FRUITS, "unidad", "1.50", 0.20, []),
    ("cana-azucar", "Caña de azúcar", "", Cat.MISC, "tonelada", "38.00", 0.05, []),
    ("ganado-en-pie", "Ganado bovino", "en pie", Cat.MEAT, "lb", "0.95", 0.05, [("kg", "2.2046")]),
]
# slug, name, kind, parish code, latitude, longitude, price level vs. the province average
MARKETS = [
    (
        "mercado-17-diciembre",
        "Mercado 17 de Diciembre",
        Market.Kind.WHOLESALE,
        "SDO",
        "-0.2531",
        "-79.1754",
        "1.06",
    ),
    (
        "mercado-mayorista-sd",
        "Mercado Mayorista de Santo Domingo",
        Market.Kind.WHOLESALE,
        "SDO",
        "-0.2712",
        "-79.1903",
        "1.04",
    ),
    (
        "acopio-luz-de-america",
        "Centro de acopio Luz de América",
        Market.Kind.COLLECTION,
        "LDA",
        "-0.4087",
        "-79.3021",
        "0.97",
    ),
    (
        "acopio-valle-hermoso",
        "Centro de acopio de cacao Valle Hermoso",
        Market.Kind.COLLECTION,
        "VHE",
        "0.0712",
        "-79.2789",
        "1.00",
    ),
    (
        "acopio-monterrey",
        "Centro de acopio Monterrey",
        Market.Kind.COLLECTION,
        "MTR",
        "0.0408",
        "-79.4012",
        "0.95",
    ),
    (
        "feria-chiguilpe",
        "Feria tsáchila de Chigüilpe",
        Market.Kind.FAIR,
        "SDO",
        "-0.2978",
        "-79.2105",
        "1.10",
    ),
    (
        "feria-la-concordia",
        "Feria agroecológica La Concordia",
        Market.Kind.FAIR,
        "LCN",
        "0.0052",
        "-79.3958",
        "1.08",
    ),
    (
        "mercado-alluriquin",
        "Mercado municipal de Alluriquín",
        Market.Kind.RETAIL,
        "ALL",
        "-0.3205",
        "-78.9931",
        "1.02",
    ),
    (
        "finca-puerto-limon",
        "Fincas asociadas de Puerto Limón",
        Market.Kind.FARM,
        "PLI",
        "-0.3812",
        "-79.3786",
        "0.92",
    ),
]
TYPES_BY_KIND = {
    Market.Kind.WHOLESALE: ["productor", "mayorista"],
    Market.Kind.RETAIL: ["minorista"],
    Market.Kind.COLLECTION: ["productor"],
    Market.Kind.FAIR: ["productor", "minorista"],
    Market.Kind.FARM: ["productor"],
}
TYPE_MARKUP = {"productor": 1.0, "mayorista": 1.22, "minorista": 1.45}
WEEKS = 104
OUTLIER_RATE = 0.004
CENT = Decimal("0.01")


def _sold_at(product_slug, market_slug):
    """About three products in four are quoted at each market (a fixed draw per pair)."""
    if market_slug.startswith("acopio-valle") and not product_slug.startswith(("cacao", "cafe")):
        return False
    return random.Random(f"sold|{product_slug}|{market_slug}").random() < 0.75


def _price(base, amplitude, phase, level, markup, week_index, key):
    rng = random.Random(key)
    season = 1 + amplitude * math.sin(2 * math.pi * (week_index + phase) / 52)
    trend = 1 + 0.02 * week_index / 52
    value = base * season * trend * level * markup * rng.gauss(1, 0.04)
    outlier = rng.random() < OUTLIER_RATE
    if outlier:
        value *= rng.choice([0.35, 2.6])
    return Decimal(str(max(value, 0.05))).quantize(CENT), outlier


def load(stdout=None):
    units = {u.code: u for u in Unit.objects.all()}
    types = {t.code: t for t in PriceType.objects.all()}
    parishes = {p.code: p for p in Parish.objects.all()}
    products = {}
    for slug, commodity, variety, category, std, base, amp, extra in PRODUCTS:
        product, _ = Product.objects.get_or_create(
            slug=slug,
            defaults={
                "commodity": commodity,
                "variety": variety,
                "category": category,
                "standard_unit": units[std],
            },
        )
        for code, factor in extra:
            ProductUnit.objects.get_or_create(
                product=product, unit=units[code], defaults={"factor": Decimal(factor)}
            )
        products[slug] = (product, float(base), amp)
    markets = []
    for slug, name, kind, parish, lat, lon, level in MARKETS:
        market, _ = Market.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "parish": parishes[parish],
                "latitude": Decimal(lat),
                "longitude": Decimal(lon),
            },
        )
        markets.append((market, float(level)))

    # Prices are collected on Tuesdays; the last one is this week's if it has passed.
    today = date.today()
    last = today - timedelta(days=(today.weekday() - 1) % 7)
    epoch = date(2024, 1, 2)
    rows = []
    for p_slug, (product, base, amp) in products.items():
        phase = random.Random(f"season|{p_slug}").random() * 52
        for market, level in markets:
            if not _sold_at(p_slug, market.slug):
                continue
            for t_code in TYPES_BY_KIND[market.kind]:
                for back in range(WEEKS):
                    day = last - timedelta(weeks=back)
                    week_index = (day - epoch).days // 7
                    price, outlier = _price(
                        base,
                        amp,
                        phase,
                        level,
                        TYPE_MARKUP[t_code],
                        week_index,
                        f"{p_slug}|{market.slug}|{t_code}|{day.isoformat()}",
                    )
                    rows.append(
                        PriceObservation(
                            date=day,
                            product=product,
                            market=market,
                            unit=product.standard_unit,
                            price_type=types[t_code],
                            price=price,
                            standard_price=price,
                            status=(
                                PriceObservation.Status.PENDING
                                if outlier
                                else PriceObservation.Status.VALIDATED
                            ),
                            flags=[PriceObservation.Flag.OUTLIER.value] if outlier else [],
                            source=PriceObservation.Source.IMPORT,
                        )
                    )
    PriceObservation.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    _production(products, parishes, units)
    from . import producers_demo

    if stdout is not None:
        stdout.write(
            f"{len(products)} productos, {len(markets)} mercados, {len(rows)} precios ", ending=""
        )
    producers_demo.load(stdout)


PRODUCERS = [
    ("Asociación de Productores Tsáchilas de Chigüilpe", "asociacion", "SDO", "0991234001"),
    ("Asociación Agroartesanal Luz de América", "asociacion", "LDA", "0991234002"),
    ("Cooperativa Cacaotera Valle Hermoso", "asociacion", "VHE", "0991234003"),
    ("Rosa Aguavil", "agricultor", "PLI", "0991234004"),
    ("Manuel Calazacón", "agricultor", "SJB", "0991234005"),
    ("Asociación de Plataneros de Monterrey", "asociacion", "MTR", "0991234006"),
]
CROPS = {
    "SDO": ["platano-barraganete", "cacao-nacional", "yuca"],
    "LDA": ["platano-maqueno", "maracuya", "papaya-hawaiana"],
    "VHE": ["cacao-ccn51", "cafe-robusta"],
    "PLI": ["platano-dominico", "naranja-valencia"],
    "SJB": ["cacao-nacional", "malanga"],
    "MTR": ["platano-barraganete", "palma-africana"],
}


def _production(products, parishes, units):
    for year in (2024, 2025):
        for name, kind, parish, phone in PRODUCERS:
            for slug in CROPS[parish]:
                product = products[slug][0]
                rng = random.Random(f"prod|{name}|{slug}|{year}")
                area = Decimal(str(round(rng.uniform(2, 40 if kind == "asociacion" else 8), 2)))
                ProductionRecord.objects.get_or_create(
                    producer_name=name,
                    product=product,
                    period_start=date(year, 1, 1),
                    defaults={
                        "producer_kind": kind,
                        "contact_phone": phone,
                        "parish": parishes[parish],
                        "area_ha": area,
                        "volume": (area * Decimal(rng.randint(20, 60))).quantize(CENT),
                        "unit": product.standard_unit,
                        "period_end": date(year, 12, 31),
                    },
                )
