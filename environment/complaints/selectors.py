"""Reads for complaints: public querysets, map points, indicator figures, export rows."""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F, Prefetch
from django.db.models.functions import Round

from core import geo
from core.report_services import followable_by_code
from core.reports import CLOSED, ReportEvent, ReportPhoto, ReportStatus

from .models import Complaint


def public_complaints():
    return Complaint.objects.filter(is_hidden=False).select_related("parish")


NEARBY_DEGREES = Decimal("0.02")  # about 2 km around the chosen point


def nearby_open(*, latitude=None, longitude=None, parish_id=None, limit=5):
    """Open public complaints near a point (or in a parish), newest first: what a citizen
    sees before filing, so the same burning dump is not reported five times. Only what the
    public list already shows: code, category, parish, date."""
    qs = public_complaints().exclude(status__in=CLOSED)
    if latitude is not None and longitude is not None:
        qs = qs.filter(
            latitude__range=(latitude - NEARBY_DEGREES, latitude + NEARBY_DEGREES),
            longitude__range=(longitude - NEARBY_DEGREES, longitude + NEARBY_DEGREES),
        )
    elif parish_id is not None:
        qs = qs.filter(parish_id=parish_id)
    else:
        return []
    return list(qs.order_by("-created_at", "-pk")[:limit])


def complaint_for_page(code: str, *, staff: bool):
    """The complaint with its timeline and photos; hidden ones only for staff, except one
    waiting for approval, which whoever holds its tracking code may follow."""
    qs = Complaint.objects.select_related("parish").prefetch_related(
        Prefetch("events", queryset=ReportEvent.objects.order_by("created_at", "pk")),
        Prefetch("photos", queryset=ReportPhoto.objects.order_by("created_at", "pk")),
    )
    if not staff:
        qs = qs.filter(followable_by_code())
    return qs.filter(tracking_code=code).first()


def map_points(queryset):
    """Complaints counted per rounded point (about 1 km): no home can be picked out."""
    places = int(-geo.PUBLIC_PLACES.as_tuple().exponent)
    rows = (
        queryset.filter(latitude__isnull=False, longitude__isnull=False)
        .annotate(lat=Round("latitude", places), lon=Round("longitude", places))
        .values("lat", "lon")
        .annotate(count=Count("pk"))
        .order_by("lat", "lon")
    )
    return [
        {
            "lat": geo.public_coordinate(r["lat"]),
            "lon": geo.public_coordinate(r["lon"]),
            "count": r["count"],
        }
        for r in rows
    ]


def by_category(queryset):
    """(label, count) per category, most frequent first, for the list's bar chart."""
    labels = dict(Complaint._meta.get_field("category").choices)
    rows = queryset.order_by().values("category").annotate(n=Count("pk")).order_by("-n", "category")
    return [(labels.get(r["category"], r["category"]), r["n"]) for r in rows]


def plot(points, width=320, height=350):
    """Positions map points, and parish names for orientation, in the province's box."""
    from core.models import Parish

    from .places import PARISH_CENTRES

    lat_span = geo.LAT_MAX - geo.LAT_MIN
    lon_span = geo.LON_MAX - geo.LON_MIN

    def xy(lat, lon):
        x = (lon - geo.LON_MIN) / lon_span * width
        y = (geo.LAT_MAX - lat) / lat_span * height
        return round(float(x), 1), round(float(y), 1)

    top = max((p["count"] for p in points), default=1)
    placed = []
    for p in points:
        x, y = xy(p["lat"], p["lon"])
        radius = round(3 + 7 * (p["count"] / top) ** 0.5, 1)
        placed.append({**p, "x": x, "y": y, "r": radius})
    names = dict(Parish.objects.filter(code__in=PARISH_CENTRES).values_list("code", "name"))
    labels = []
    for code, (lat, lon) in PARISH_CENTRES.items():
        if code in names:
            x, y = xy(lat, lon)
            labels.append({"x": x, "y": y, "name": names[code]})
    return {"width": width, "height": height, "points": placed, "labels": labels}


def home_panel(request):
    """Figures of the last 30 days for the home page."""
    from django.utils import timezone

    today = timezone.localdate()
    start = today - timedelta(days=29)
    return {
        "received": complaints_received(start, today),
        "resolved": complaints_resolved_30d(start, today),
        "open": public_complaints().exclude(status__in=CLOSED).count(),
    }


def _local_day_range(start: date, end: date):
    return {"created_at__date__gte": start, "created_at__date__lte": end}


def complaints_received(start: date, end: date) -> Decimal:
    """Complaints filed between start and end (inclusive), moderated-away ones left out."""
    return Decimal(public_complaints().filter(**_local_day_range(start, end)).count())


def complaints_resolved_30d(start: date, end: date) -> Decimal:
    """Complaints resolved within 30 days of filing, counted on the day they were resolved."""
    return Decimal(
        public_complaints()
        .filter(
            status=ReportStatus.RESOLVED,
            resolved_at__date__gte=start,
            resolved_at__date__lte=end,
            resolved_at__lte=F("created_at") + timedelta(days=30),
        )
        .count()
    )
