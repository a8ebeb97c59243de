"""Writes: submitting, validating and rejecting prices. The automatic flags live here."""

import statistics
from datetime import date as Date
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import outbox
from core.signals import announce_data_changed

from .models import ImportJob, Market, PriceObservation, PriceType, Product, ProductUnit, Unit

# The robust outlier rule: |price - median| > 3.5 scaled MADs (Iglewicz & Hoaglin).
MAD_LIMIT = Decimal("3.5")
MAD_SCALE = Decimal("1.4826")  # makes the MAD comparable to a standard deviation
# A flat history (MAD = 0) would flag a one-cent change; never judge spread below 5 %.
MIN_SPREAD = Decimal("0.05")
HISTORY_DAYS = 56
MIN_HISTORY = 4

Obs = PriceObservation


def unit_factor(product: Product, unit: Unit) -> Decimal | None:
    """Standard units of `product` held by one `unit`; None when the unit is not allowed."""
    if unit.pk == product.standard_unit_id:
        return Decimal(1)
    row = ProductUnit.objects.filter(product=product, unit=unit).values_list("factor", flat=True)
    return next(iter(row), None)


def recent_median(*, product, market, price_type, before: Date) -> tuple[Decimal, Decimal] | None:
    """(median, scaled MAD) of recent validated standard prices, or None if too few."""
    values = list(
        Obs.objects.filter(
            product=product,
            market=market,
            price_type=price_type,
            status=Obs.Status.VALIDATED,
            date__lt=before,
            date__gte=before - timedelta(days=HISTORY_DAYS),
        ).values_list("standard_price", flat=True)
    )
    if len(values) < MIN_HISTORY:
        return None
    median = statistics.median(values)
    mad = statistics.median([abs(v - median) for v in values])
    return median, max(mad * MAD_SCALE, median * MIN_SPREAD)


def is_outlier(value: Decimal, median: Decimal, spread: Decimal, threshold=None) -> bool:
    """threshold: the product's own limit in % of the median; otherwise the MAD rule."""
    if threshold is not None:
        return abs(value - median) * 100 > threshold * median
    return abs(value - median) > MAD_LIMIT * spread


def observation_flags(*, product, market, price_type, unit, date, standard_price) -> list[str]:
    flags = []
    if date > timezone.localdate():
        flags.append(Obs.Flag.FUTURE.value)
    if standard_price is None:
        flags.append(Obs.Flag.UNIT.value)
    else:
        recent = recent_median(product=product, market=market, price_type=price_type, before=date)
        if recent and is_outlier(standard_price, *recent, threshold=product.deviation_threshold):
            flags.append(Obs.Flag.OUTLIER.value)
    return flags


def observation_submit(
    *,
    product: Product,
    market: Market,
    unit: Unit,
    price_type: PriceType,
    date: Date,
    price: Decimal,
    collector,
    price_min: Decimal | None = None,
    price_max: Decimal | None = None,
    source: str = Obs.Source.COLLECTOR,
) -> PriceObservation:
    """Flagged prices wait for staff (pendiente); the rest publish at once (validado)."""
    factor = unit_factor(product, unit)
    standard_price = (price / factor).quantize(Decimal("0.0001")) if factor and price else None
    flags = observation_flags(
        product=product,
        market=market,
        price_type=price_type,
        unit=unit,
        date=date,
        standard_price=standard_price,
    )
    observation = Obs(
        product=product,
        market=market,
        unit=unit,
        price_type=price_type,
        date=date,
        price=price,
        price_min=price_min,
        price_max=price_max,
        # An unknown unit has no conversion; the raw price stands in until staff decide.
        standard_price=standard_price or price,
        flags=flags,
        status=Obs.Status.PENDING if flags else Obs.Status.VALIDATED,
        source=source,
        collector=collector,
    )
    duplicate = _("Ya registró un precio para este producto, mercado, fecha y tipo de precio.")
    key = {"product": product, "market": market, "date": date, "price_type": price_type}
    if Obs.objects.filter(**key, collector=collector).exists():
        raise ValidationError(duplicate)
    observation.full_clean()
    try:
        with transaction.atomic():
            observation.save()
    except IntegrityError as exc:  # a double tap racing the check above
        raise ValidationError(duplicate) from exc
    if observation.status == Obs.Status.VALIDATED:
        announce_data_changed("agroprices")
    return observation


@transaction.atomic
def observation_validate(*, observation: PriceObservation, by) -> PriceObservation:
    observation = Obs.objects.select_for_update().get(pk=observation.pk)
    if observation.status == Obs.Status.VALIDATED:
        return observation
    observation.status = Obs.Status.VALIDATED
    observation.rejection_reason = ""
    observation.reviewed_by = by
    observation.reviewed_at = timezone.now()
    observation.save(update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at"])
    announce_data_changed("agroprices")
    return observation


@transaction.atomic
def observation_reject(*, observation: PriceObservation, by, reason: str) -> PriceObservation:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"rejection_reason": _("Indique el motivo del rechazo.")})
    observation = Obs.objects.select_for_update().get(pk=observation.pk)
    was_public = observation.status == Obs.Status.VALIDATED
    observation.status = Obs.Status.REJECTED
    observation.rejection_reason = reason
    observation.reviewed_by = by
    observation.reviewed_at = timezone.now()
    observation.save(update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at"])
    if was_public:
        announce_data_changed("agroprices")
    return observation


def import_job_create(*, file, skip_invalid: bool, by) -> ImportJob:
    """Stores the upload in the request; the work runs in the imports queue after commit."""
    from . import tasks

    with transaction.atomic():
        job = ImportJob.objects.create(file=file, skip_invalid=skip_invalid, created_by=by)
        outbox.enqueue(tasks.import_prices, job.pk)
    return job
