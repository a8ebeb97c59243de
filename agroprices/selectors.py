"""Reads for pages, exports and the API. Only validated prices are public."""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, Max, Min, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from . import hdx
from .models import Market, PriceObservation, PriceType, Product, ProductionRecord

Obs = PriceObservation
TWO = Decimal("0.01")


def published():
    return Obs.objects.filter(status=Obs.Status.VALIDATED)


def observations_published_between(start: date, end: date) -> Decimal:
    return Decimal(published().filter(date__gte=start, date__lte=end).count())


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def reference_week(price_type) -> date:
    """This week, or the last week with published prices when this one has none yet."""
    this_week = week_start(timezone.localdate())
    latest = (
        published()
        .filter(price_type=price_type, date__lte=this_week + timedelta(days=6))
        .aggregate(last=Max("date"))["last"]
    )
    return week_start(latest) if latest and latest < this_week else this_week


def _change(current, previous):
    if current is None or not previous:
        return None
    percent = ((current - previous) * 100 / previous).quantize(Decimal("0.1"))
    return {
        "percent": percent,
        "direction": "up" if percent > 0 else "down" if percent < 0 else "flat",
    }


def weekly_board(price_type, week: date) -> list[dict]:
    """Per product: this week's mean, change vs last week, cheapest and dearest market.

    Three queries whatever the number of rows: products, markets, one grouped aggregate.
    """
    previous = week - timedelta(days=7)
    rows = (
        published()
        .filter(price_type=price_type, date__gte=previous, date__lte=week + timedelta(days=6))
        .annotate(week=TruncWeek("date"))
        .values("product_id", "market_id", "week")
        .annotate(avg=Avg("standard_price"))
        .order_by()
    )
    markets = {m.pk: m for m in Market.objects.all()}
    by_product = {}
    for row in rows:
        slot = by_product.setdefault(row["product_id"], {"now": {}, "before": []})
        if row["week"] == week:
            slot["now"][row["market_id"]] = row["avg"]
        else:
            slot["before"].append(row["avg"])
    board = []
    for product in Product.objects.filter(pk__in=by_product).select_related("standard_unit"):
        slot = by_product[product.pk]
        now = slot["now"]
        current = sum(now.values()) / len(now) if now else None
        before = sum(slot["before"]) / len(slot["before"]) if slot["before"] else None
        low = min(now, key=now.get) if now else None
        high = max(now, key=now.get) if now else None
        board.append(
            {
                "product": product,
                "mean": current.quantize(TWO) if current is not None else None,
                "previous": before.quantize(TWO) if before is not None else None,
                "change": _change(current, before),
                "min": now[low].quantize(TWO) if low else None,
                "min_market": markets.get(low),
                "max": now[high].quantize(TWO) if high else None,
                "max_market": markets.get(high),
                "markets": len(now),
            }
        )
    board.sort(key=lambda r: str(r["product"]))
    return board


def todays_prices(price_type):
    return (
        published()
        .filter(price_type=price_type, date=timezone.localdate())
        .select_related("product", "market", "unit")
        .order_by("product__commodity", "product__variety", "market__name")
    )


def where_to_sell(product, price_type, since: date) -> list[dict]:
    """The latest price per market since `since`, best first (a few rows: markets x weeks)."""
    rows = (
        published()
        .filter(product=product, price_type=price_type, date__gte=since)
        .select_related("market", "market__parish", "unit")
        .order_by("-date")
    )
    latest = {}
    for observation in rows:
        latest.setdefault(observation.market_id, observation)
    return sorted(latest.values(), key=lambda o: o.standard_price, reverse=True)


def series(*, product=None, market=None, price_type=None, start=None, end=None, period="week"):
    """Mean, min and max per period (and market) of standard prices, as plain dicts."""
    trunc = TruncMonth if period == "month" else TruncWeek
    qs = published()
    if product is not None:
        qs = qs.filter(product=product)
    if market is not None:
        qs = qs.filter(market=market)
    if price_type is not None:
        qs = qs.filter(price_type=price_type)
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    return (
        qs.annotate(period=trunc("date"))
        .values("period", "product__slug", "market__slug", "price_type__code")
        .annotate(
            mean=Avg("standard_price"),
            min=Min("standard_price"),
            max=Max("standard_price"),
            count=Count("id"),
        )
        .order_by("period", "product__slug", "market__slug", "price_type__code")
    )


def chart_series(product, price_type, weeks=26) -> list[dict]:
    """Weekly mean per market, the shape `{% line_chart %}` takes."""
    start = week_start(timezone.localdate()) - timedelta(weeks=weeks)
    rows = series(product=product, price_type=price_type, start=start)
    names = dict(Market.objects.values_list("slug", "name"))
    xs = sorted({r["period"] for r in rows})
    by_market = {}
    for r in rows:
        by_market.setdefault(r["market__slug"], {})[r["period"]] = r["mean"].quantize(TWO)
    return [
        {
            "label": names.get(slug, slug),
            "points": [(x, values.get(x)) for x in xs],
        }
        for slug, values in sorted(by_market.items(), key=lambda kv: names.get(kv[0], kv[0]))
    ]


def price_types():
    return list(PriceType.objects.all())


def export_queryset(*, start=None, end=None, product=None, market=None):
    qs = published()
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    if product:
        qs = qs.filter(product__slug=product)
    if market:
        qs = qs.filter(market__slug=market)
    return qs.order_by("date", "product__slug", "market__slug", "price_type__code")


# The WFP/HDX file lives in hdx.py; these names stay for callers that import them here.
HDX_COLUMNS = hdx.COLUMNS
hdx_rows = hdx.rows


def production_totals(rows=False):
    """Totals per period, parish and product; never a producer's name or phone. Dicts, or
    tuples (the open dataset's rows) with `rows`."""
    group = ProductionRecord.objects.values_list if rows else ProductionRecord.objects.values
    return (
        group(
            "period_start",
            "period_end",
            "parish__name",
            "product__slug",
            "product__commodity",
            "product__variety",
            "unit__code",
        )
        .annotate(records=Count("id"), area=Sum("area_ha"), total=Sum("volume"))
        .order_by("-period_end", "parish__name", "product__commodity", "product__variety")
    )


def home_panel(request) -> dict:
    """This week's farm-gate prices of a few staple products, for the home page."""
    price_type = PriceType.objects.filter(code="productor").first()
    if price_type is None:
        return {"board": []}
    week = reference_week(price_type)
    staples = ("platano", "cacao", "cafe", "maracuya", "yuca")
    board = [
        row
        for row in weekly_board(price_type, week)
        if row["product"].slug.startswith(staples) and row["mean"] is not None
    ]
    return {"board": board[:6], "week": week, "price_type": price_type}


def account_prices(user):
    """The prices this collector submitted, with their review status, for "Mi cuenta"."""
    observations = (
        PriceObservation.objects.filter(collector=user)
        .select_related("product", "market", "unit")
        .order_by("-date", "-pk")[:30]
    )
    return [
        {
            "label": f"{o.product} · {o.market} · {o.price} USD/{o.unit}",
            "status": o.get_status_display(),
            "date": o.date,
        }
        for o in observations
    ]
