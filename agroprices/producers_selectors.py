"""Reads for the producers' directory and offers. Private contacts never leave here for
public pages: the public querysets defer nothing, but templates and serializers only show
phone/e-mail when the producer chose show_contact."""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from core import roles

from .models import ContactMessage, Offer, PriceType, Producer, ProductUnit
from .selectors import TWO, published, reference_week

# "Se paga en el mercado": the wholesale price is the market reference buyers and sellers know.
REFERENCE_PRICE_TYPE = "mayorista"


def public_producers():
    return Producer.objects.filter(verified=True)


def public_offers(*, product=None, parish=None):
    today = timezone.localdate()
    qs = Offer.objects.filter(
        status=Offer.Status.ACTIVE, producer__verified=True, available_until__gte=today
    ).select_related("product", "product__standard_unit", "unit", "parish", "producer")
    if product is not None:
        qs = qs.filter(product=product)
    if parish is not None:
        qs = qs.filter(parish=parish)
    return qs.order_by("available_until", "pk")


def offer_visible(offer: Offer) -> bool:
    return offer.producer.verified and offer.status != Offer.Status.HIDDEN


def reference_prices(product_ids) -> tuple[dict, date | None]:
    """This week's (or the last published week's) mean wholesale price per product, in USD
    per standard unit; three queries whatever the number of products."""
    if not product_ids:
        return {}, None
    price_type = PriceType.objects.filter(code=REFERENCE_PRICE_TYPE).first()
    if price_type is None:
        return {}, None
    week = reference_week(price_type)
    rows = (
        published()
        .filter(
            price_type=price_type,
            product_id__in=list(product_ids),
            date__gte=week,
            date__lte=week + timedelta(days=6),
        )
        .values("product_id")
        .annotate(avg=Avg("standard_price"))
        .order_by()
    )
    return {r["product_id"]: r["avg"].quantize(TWO) for r in rows}, week


def with_reference(offers) -> list[Offer]:
    """Sets offer.reference (USD per the offer's unit) and offer.reference_week; two queries."""
    offers = list(offers)
    means, week = reference_prices({o.product_id for o in offers})
    factors = {
        (pu.product_id, pu.unit_id): pu.factor
        for pu in ProductUnit.objects.filter(product_id__in={o.product_id for o in offers})
    }
    for offer in offers:
        mean = means.get(offer.product_id)
        if offer.unit_id == offer.product.standard_unit_id:
            factor = Decimal(1)
        else:
            factor = factors.get((offer.product_id, offer.unit_id))
        offer.reference = (mean * factor).quantize(TWO) if mean and factor else None
        offer.reference_week = week
    return offers


def sell_direct_entries(limit: int = 8) -> list[dict]:
    """For the prices page: per product with active offers, the market price and how many
    producers offer it."""
    counts = (
        public_offers()
        .values("product_id", "product__commodity", "product__variety", "product__slug")
        .annotate(producers=Count("producer", distinct=True))
        .order_by("-producers", "product__commodity")[:limit]
    )
    counts = list(counts)
    if not counts:
        return []
    means, week = reference_prices({c["product_id"] for c in counts})
    return [
        {
            "product": f"{c['product__commodity']} {c['product__variety']}".strip(),
            "slug": c["product__slug"],
            "producers": c["producers"],
            "market_price": means.get(c["product_id"]),
        }
        for c in counts
    ]


def producers_with_active_offers_between(start: date, end: date) -> Decimal:
    """The agro commitment's indicator: verified producers with an offer open during the
    period (hidden or closed-before-start offers do not count)."""
    return Decimal(
        Offer.objects.filter(
            producer__verified=True,
            available_from__lte=end,
            available_until__gte=start,
        )
        .exclude(status=Offer.Status.HIDDEN)
        .values("producer")
        .distinct()
        .count()
    )


def staff_figures() -> dict:
    active = public_offers()
    return {
        "by_product": list(
            active.values("product__commodity", "product__variety")
            .annotate(n=Count("pk"))
            .order_by("-n")
        ),
        "by_parish": list(active.values("parish__name").annotate(n=Count("pk")).order_by("-n")),
        "contacts": ContactMessage.objects.count(),
        "contacts_30d": ContactMessage.objects.filter(
            created_at__gte=timezone.now() - timedelta(days=30)
        ).count(),
        "producers": Producer.objects.filter(verified=True).count(),
        "pending": Producer.objects.filter(verified=False).count(),
        "hidden": Offer.objects.filter(status=Offer.Status.HIDDEN).count(),
    }


def dataset_rows():
    """Offers per month (of availability start), product and parish; no personal data.
    Hidden offers are left out (they may be abuse)."""
    rows = (
        Offer.objects.filter(producer__verified=True)
        .exclude(status=Offer.Status.HIDDEN)
        .annotate(month=TruncMonth("available_from"))
        .values("month", "product__commodity", "product__variety", "parish__name")
        .annotate(
            offers=Count("pk", distinct=True),
            producers=Count("producer", distinct=True),
            priced=Count("pk", filter=Q(price__isnull=False), distinct=True),
            avg_price=Avg("price"),
            contacts=Count("messages", distinct=True),
        )
        .order_by("month", "product__commodity", "parish__name")
    )
    for r in rows:
        yield (
            r["month"].strftime("%Y-%m"),
            f"{r['product__commodity']} {r['product__variety']}".strip(),
            r["parish__name"],
            r["offers"],
            r["producers"],
            r["priced"],
            r["avg_price"].quantize(TWO) if r["avg_price"] is not None else None,
            r["contacts"],
        )


def account_offers(user):
    """Mi cuenta: a way in to "Mis ofertas" (where offers are published, renewed, closed),
    then the producer's latest offers."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    producer = Producer.objects.filter(user=user).first()
    if producer is None and not user.groups.filter(name=roles.PRODUCER).exists():
        return []
    items = [
        {
            "label": _("Publicar, renovar o cerrar mis ofertas"),
            "url": reverse("agroprices:my-offers"),
        }
    ]
    if producer is not None:
        items += [
            {
                "label": str(o.product),
                "url": o.get_absolute_url(),
                "status": o.get_status_display(),
                "date": o.available_until,
            }
            for o in producer.offers.select_related("product")[:20]
        ]
    return items
