"""Reads of the roads app. Every figure is an aggregate in the database: constant queries."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import ExtractYear

from core import geo

from .models import Branch, Intervention, NeedLevel

DEFAULT_YEARS = (2019, 2022)
SORTS = {
    "parroquia": ("parish__name", "sector", "code"),
    "cod": ("code",),
    "ramal": ("name", "code"),
    "km": ("length_km", "code"),
    "anio": ("last_maintenance_year", "code"),
    "necesidad": ("need_level", "code"),
}
NEED_COLOURS = {1: "#2e7d32", 2: "#f9a825", 3: "#ef6c00", 4: "#c62828"}


@dataclass(frozen=True)
class DashboardFilters:
    need_levels: tuple[int, ...] = ()
    zone: str = ""
    parish: str = ""  # parish code
    year_from: int = DEFAULT_YEARS[0]
    year_to: int = DEFAULT_YEARS[1]
    search: str = ""

    @property
    def period(self) -> tuple[date, date]:
        return date(self.year_from, 1, 1), date(self.year_to, 12, 31)


def branch_q(filters: DashboardFilters, prefix: str = "") -> Q:
    """The branch-side filters, usable on Branch ("") or through a relation ("branch__")."""
    q = Q()
    if filters.need_levels:
        q &= Q(**{f"{prefix}need_level__in": filters.need_levels})
    if filters.zone:
        q &= Q(**{f"{prefix}zone": filters.zone})
    if filters.parish:
        q &= Q(**{f"{prefix}parish__code": filters.parish})
    if filters.search:
        q &= Q(**{f"{prefix}code__icontains": filters.search}) | Q(
            **{f"{prefix}name__icontains": filters.search}
        )
    return q


def attended_exists(filters: DashboardFilters) -> Exists:
    return Exists(
        Intervention.objects.filter(branch=OuterRef("pk"), end_date__range=filters.period)
    )


def branches(filters: DashboardFilters):
    return Branch.objects.filter(branch_q(filters))


def dashboard_figures(filters: DashboardFilters | None = None) -> dict:
    """The five published figures for any filter: two aggregate queries, whatever the size."""
    filters = filters or DashboardFilters()
    zero = Decimal("0")
    figures = (
        branches(filters)
        .annotate(attended=attended_exists(filters))
        .aggregate(
            total_branches=Count("pk"),
            total_km=Sum("length_km"),
            attended_branches=Count("pk", filter=Q(attended=True)),
            attended_km=Sum("length_km", filter=Q(attended=True)),
        )
    )
    worked = Intervention.objects.filter(
        branch_q(filters, "branch__"), end_date__range=filters.period
    ).aggregate(km=Sum("km_worked"))["km"]
    cents = Decimal("0.01")  # SQLite sums decimals as floats; PostgreSQL already exact
    return {
        "total_branches": figures["total_branches"],
        "total_km": (figures["total_km"] or zero).quantize(cents),
        "attended_branches": figures["attended_branches"],
        "attended_km": (figures["attended_km"] or zero).quantize(cents),
        "worked_km": (worked or zero).quantize(cents),
    }


def need_level_counts(filters: DashboardFilters) -> list[tuple[str, int]]:
    counts = dict(branches(filters).order_by().values_list("need_level").annotate(n=Count("pk")))
    return [(label, counts.get(value, 0)) for value, label in NeedLevel.choices]


def worked_by_year(filters: DashboardFilters) -> list[tuple[int, Decimal]]:
    """Km actually worked per year of the period (interventions by the year they ended)."""
    totals = dict(
        Intervention.objects.filter(branch_q(filters, "branch__"), end_date__range=filters.period)
        .annotate(year=ExtractYear("end_date"))
        .order_by()
        .values_list("year")
        .annotate(km=Sum("km_worked"))
    )
    years = range(filters.year_from, filters.year_to + 1)
    return [(year, totals.get(year, Decimal("0"))) for year in years]


def branch_table(filters: DashboardFilters, sort: str = "cod"):
    key = sort.lstrip("-")
    order = SORTS.get(key, SORTS["cod"])
    if sort.startswith("-"):
        order = tuple(f"-{f}" for f in order)
    return (
        branches(filters)
        .select_related("parish")
        .only(
            "code",
            "name",
            "sector",
            "length_km",
            "last_maintenance_year",
            "need_level",
            "parish__name",
        )
        .order_by(*order)
    )


def _simplified(coordinates, sx, sy) -> list[tuple[int, int]]:
    """Whole pixels of the frame; a vertex closer than 3 px to the last one kept is dropped
    (the end of a branch is always kept)."""
    lon_min, lat_max = float(geo.LON_MIN), float(geo.LAT_MAX)
    kept: list[tuple[int, int]] = []
    for i, (lon, lat, *_) in enumerate(coordinates):
        x, y = round((lon - lon_min) * sx), round((lat_max - lat) * sy)
        last = i == len(coordinates) - 1
        if kept and abs(x - kept[-1][0]) + abs(y - kept[-1][1]) < 3 and not last:
            continue
        if kept and (x, y) == kept[-1]:
            continue
        kept.append((x, y))
    if len(kept) == 1:
        kept.append(kept[0])
    return kept


def branch_map(filters: DashboardFilters, width=500, height=550, limit=3000) -> dict:
    """The report form's picking map: one simplified line per branch (a tap on it picks the
    branch), in the same 500 px frame as the dashboard's map (was 366 KB of full-precision
    polylines in a 1000 px frame)."""
    rows = (
        branches(filters)
        .filter(geometry__isnull=False)
        .order_by("code")
        .values_list("code", "name", "need_level", "geometry")[: limit + 1]
    )
    sx = width / (float(geo.LON_MAX) - float(geo.LON_MIN))
    sy = height / (float(geo.LAT_MAX) - float(geo.LAT_MIN))
    rows = list(rows)
    truncated = len(rows) > limit
    lines = []
    for code, name, need, geometry in rows[:limit]:
        kept = _simplified(geometry.get("coordinates") or [], sx, sy)
        if not kept:
            continue
        points = " ".join(f"{x},{y}" for x, y in kept)
        lines.append(
            {"code": code, "name": name, "points": points, "colour": NEED_COLOURS.get(need)}
        )
    legend = [(NEED_COLOURS[value], label) for value, label in NeedLevel.choices]
    return {
        "lines": lines,
        "width": width,
        "height": height,
        "legend": legend,
        "truncated": truncated,
    }


def branch_overview_map(filters: DashboardFilters, width=500, height=550) -> dict:
    """The dashboard's map: one simplified path per need level, drawn once as a picture.

    Coordinates are whole pixels of a 500 px frame and a vertex closer than 3 px to the last
    one kept is dropped (the end of each branch is always kept): at the width the map is shown
    nothing visible is lost, and 905 branches weigh a few dozen KB instead of ~280 KB of
    linked polylines. The branches themselves are reached through the paginated table.
    """
    lon_min, lon_max = float(geo.LON_MIN), float(geo.LON_MAX)
    lat_min, lat_max = float(geo.LAT_MIN), float(geo.LAT_MAX)
    sx, sy = width / (lon_max - lon_min), height / (lat_max - lat_min)
    by_level: dict[int, list[str]] = {}
    rows = branches(filters).filter(geometry__isnull=False).values_list("need_level", "geometry")
    for need, geometry in rows.iterator(chunk_size=500):
        kept = _simplified(geometry.get("coordinates") or [], sx, sy)
        if kept:
            by_level.setdefault(need, []).append("M" + " ".join(f"{x} {y}" for x, y in kept))
    labels = dict(NeedLevel.choices)
    paths = [
        {"colour": NEED_COLOURS[level], "label": labels[level], "d": "".join(by_level[level])}
        for level in sorted(by_level)
    ]
    legend = [(NEED_COLOURS[value], label) for value, label in NeedLevel.choices]
    count = sum(len(v) for v in by_level.values())
    return {"paths": paths, "width": width, "height": height, "legend": legend, "count": count}


def branch_detail(code: str):
    return Branch.objects.select_related("parish", "canton", "community", "planning_zone").get(
        code=code
    )


def km_worked_between(start: date, end: date) -> Decimal:
    total = Intervention.objects.filter(end_date__range=(start, end)).aggregate(
        km=Sum("km_worked")
    )["km"]
    return total or Decimal("0")


def branches_attended_between(start: date, end: date) -> Decimal:
    attended = Exists(
        Intervention.objects.filter(branch=OuterRef("pk"), end_date__range=(start, end))
    )
    return Decimal(Branch.objects.filter(attended).count())


def home_panel(request) -> dict:
    return {"figures": dashboard_figures(), "years": DEFAULT_YEARS}


BRANCH_SEARCH_LIMIT = 20


def branch_search(text: str, *, limit: int = BRANCH_SEARCH_LIMIT) -> list[dict]:
    """Branches for the report form's picker: code prefix first, then name or parish words.

    One query whatever the table size (the form no longer embeds every branch: 4.1 MB at 45k).
    """
    text = " ".join(text.split())[:60]
    if len(text) < 2:
        return []
    query = Q(code__istartswith=text) | Q(name__icontains=text) | Q(parish__name__icontains=text)
    rows = (
        Branch.objects.filter(query)
        .order_by("code")
        .values("code", "name", "parish__name")[: limit * 3]
    )
    prefix = text.upper()
    # Codes that start with what was typed come first; the rest keep code order.
    ranked = sorted(rows, key=lambda r: not r["code"].upper().startswith(prefix))[:limit]
    return [
        {"code": r["code"], "name": r["name"], "parish": r["parish__name"] or ""} for r in ranked
    ]
