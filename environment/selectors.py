"""Reforestation reads: public figures, survival, map points, open-data rows, stock checks.

All figures are database aggregates; nothing here returns applicant names or contacts.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from core import geo

from .models import (
    DeliveryLine,
    FollowUpVisit,
    NurseryStock,
    RequestStatus,
    SeedlingRequest,
    StockMovement,
)

ZERO = Decimal(0)


# --- Stock ------------------------------------------------------------------------------


def stock_discrepancies():
    """Nursery×species pairs whose balance differs from the sum of their ledger (a missing
    stock row counts as 0). An empty list means the books agree."""
    ledger = {
        (r["nursery"], r["species"]): r
        for r in StockMovement.objects.order_by()
        .values("nursery", "species")
        .annotate(total=Sum("quantity"))
        .values("nursery", "species", "total", "nursery__name", "species__common_name")
    }
    stock = {
        (r["nursery"], r["species"]): r
        for r in NurseryStock.objects.values(
            "nursery", "species", "quantity", "nursery__name", "species__common_name"
        )
    }
    problems = []
    for key in sorted(set(ledger) | set(stock)):
        row = stock.get(key) or ledger[key]
        balance = stock[key]["quantity"] if key in stock else 0
        total = ledger[key]["total"] if key in ledger else 0
        if balance != total:
            problems.append(
                {
                    "nursery": row["nursery__name"],
                    "species": row["species__common_name"],
                    "stock": balance,
                    "ledger": total,
                }
            )
    return problems


# --- Delivered seedlings ----------------------------------------------------------------


def _lines(start: date | None = None, end: date | None = None):
    lines = DeliveryLine.objects.all()
    if start:
        lines = lines.filter(delivery__delivered_on__gte=start)
    if end:
        lines = lines.filter(delivery__delivered_on__lte=end)
    return lines


def seedlings_delivered_between(start: date, end: date) -> Decimal:
    total = _lines(start, end).aggregate(n=Sum("quantity"))["n"]
    return Decimal(total or 0)


def delivered_by_species(year: int | None = None):
    return _delivered_by("species__common_name", year)


def delivered_by_parish(year: int | None = None):
    return _delivered_by("delivery__request__parish__name", year)


def _delivered_by(name_field: str, year: int | None):
    """(name, seedlings) pairs, most delivered first, for one year or all."""
    lines = _lines()
    if year:
        lines = lines.filter(delivery__delivered_on__year=year)
    return list(
        lines.values(name_field)
        .annotate(total=Sum("quantity"))
        .order_by("-total", name_field)
        .values_list(name_field, "total")
    )


def delivered_by_year():
    return list(
        DeliveryLine.objects.annotate(year=ExtractYear("delivery__delivered_on"))
        .values("year")
        .annotate(total=Sum("quantity"))
        .order_by("year")
        .values_list("year", "total")
    )


def delivery_years():
    return [y for y, _ in delivered_by_year()]


# --- Hectares ---------------------------------------------------------------------------


def hectares_reforested_between(start: date, end: date) -> Decimal:
    total = SeedlingRequest.objects.filter(
        status=RequestStatus.DELIVERED, delivered_on__gte=start, delivered_on__lte=end
    ).aggregate(ha=Sum("land_area_ha"))["ha"]
    return Decimal(total or 0)


# --- Survival ---------------------------------------------------------------------------


def _lines_with_latest_visit(lines):
    """Each visited line with the surviving count of its latest visit."""
    latest = FollowUpVisit.objects.filter(line=OuterRef("pk")).order_by("-visited_on", "-pk")
    return lines.annotate(
        last_surviving=Subquery(latest.values("surviving")[:1], output_field=IntegerField())
    ).filter(last_surviving__isnull=False)


def request_survival(seedling_request):
    """Latest surviving count per delivered species of one request (for its tracking page)."""
    lines = DeliveryLine.objects.filter(delivery__request=seedling_request)
    rows = (
        _lines_with_latest_visit(lines)
        .values("species__common_name")
        .annotate(alive=Sum("last_surviving"), delivered=Sum("quantity"))
        .order_by("species__common_name")
    )
    return [
        {
            "species": r["species__common_name"],
            "alive": r["alive"],
            "delivered": r["delivered"],
            "rate": _rate(r["alive"], r["delivered"]),
        }
        for r in rows
    ]


def _rate(surviving, delivered) -> Decimal | None:
    if not delivered:
        return None
    return (Decimal(surviving or 0) * 100 / Decimal(delivered)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def survival_rate_between(start: date, end: date) -> Decimal:
    """% of seedlings alive at the latest visit, over lines delivered in [start, end] that have
    been visited at least once."""
    totals = _lines_with_latest_visit(_lines(start, end)).aggregate(
        alive=Sum("last_surviving"), delivered=Sum("quantity")
    )
    return _rate(totals["alive"], totals["delivered"]) or ZERO


def _survival_grouped(field, year=None):
    lines = _lines()
    if year:
        lines = lines.filter(delivery__delivered_on__year=year)
    # SUM over the per-line subquery: one query, grouped in the database.
    visited = _lines_with_latest_visit(lines)
    rows = (
        visited.values(field)
        .annotate(alive=Sum("last_surviving"), delivered=Sum("quantity"))
        .order_by(field)
    )
    return [
        {
            "label": r[field],
            "alive": r["alive"],
            "delivered": r["delivered"],
            "rate": _rate(r["alive"], r["delivered"]),
        }
        for r in rows
    ]


def survival_by_species(year=None):
    return _survival_grouped("species__common_name", year)


def survival_by_parish(year=None):
    return _survival_grouped("delivery__request__parish__name", year)


# --- Map and public lists -----------------------------------------------------------------


def planting_sites(year=None):
    """Delivered requests with coordinates, rounded so no home can be located."""
    requests = SeedlingRequest.objects.filter(
        status=RequestStatus.DELIVERED, latitude__isnull=False
    )
    if year:
        requests = requests.filter(delivered_on__year=year)
    rows = (
        requests.values("latitude", "longitude", "parish__name", "land_area_ha")
        .annotate(seedlings=Coalesce(Sum("deliveries__lines__quantity"), 0))
        .order_by("parish__name", "latitude", "longitude")
    )
    sites: dict = {}
    for r in rows:
        key = (geo.public_coordinate(r["latitude"]), geo.public_coordinate(r["longitude"]))
        site = sites.setdefault(
            key,
            {
                "latitude": key[0],
                "longitude": key[1],
                "parish": r["parish__name"],
                "seedlings": 0,
                "hectares": ZERO,
                "requests": 0,
            },
        )
        site["seedlings"] += r["seedlings"]
        site["hectares"] += r["land_area_ha"]
        site["requests"] += 1
    return list(sites.values())


def map_geometry(sites, width=600, height=400):
    """Places rounded sites on an SVG of the province's bounding box (no tiles, no CDN)."""
    lat_span = geo.LAT_MAX - geo.LAT_MIN
    lon_span = geo.LON_MAX - geo.LON_MIN
    top = max((s["seedlings"] for s in sites), default=1) or 1
    points = []
    for s in sites:
        x = float((s["longitude"] - geo.LON_MIN) / lon_span) * width
        y = float((geo.LAT_MAX - s["latitude"]) / lat_span) * height
        points.append(
            {
                **s,
                "x": round(x, 1),
                "y": round(y, 1),
                "r": round(4 + 8 * (s["seedlings"] / top) ** 0.5, 1),
            }
        )
    # One label per parish, at the middle of its sites, so the plot reads without tiles.
    groups: dict = {}
    for p in points:
        groups.setdefault(p["parish"], []).append(p)
    labels = [
        {
            "text": parish,
            "x": round(sum(p["x"] for p in ps) / len(ps), 1),
            "y": round(sum(p["y"] for p in ps) / len(ps) - 14, 1),
        }
        for parish, ps in sorted(groups.items())
    ]
    return {"width": width, "height": height, "points": points, "labels": labels}


def public_figures(year=None):
    lines = _lines()
    requests = SeedlingRequest.objects.filter(status=RequestStatus.DELIVERED)
    if year:
        lines = lines.filter(delivery__delivered_on__year=year)
        requests = requests.filter(delivered_on__year=year)
    seedlings = lines.aggregate(n=Sum("quantity"))["n"] or 0
    area = requests.aggregate(
        ha=Sum("land_area_ha"), n=Count("pk"), parishes=Count("parish", distinct=True)
    )
    survival = _lines_with_latest_visit(lines).aggregate(
        alive=Sum("last_surviving"), delivered=Sum("quantity")
    )
    return {
        "seedlings": seedlings,
        "hectares": area["ha"] or ZERO,
        "requests": area["n"],
        "parishes": area["parishes"],
        "survival": _rate(survival["alive"], survival["delivered"]),
    }


def home_panel(request):
    today = timezone.localdate()
    start = date(today.year, 1, 1)
    return {
        "year": today.year,
        "seedlings": seedlings_delivered_between(start, today),
        "hectares": hectares_reforested_between(start, today),
    }


# --- Open data (no applicant fields) ------------------------------------------------------
