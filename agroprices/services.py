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


def recent_median(
    *, product, before: Date, market=None, price_type=None
) -> tuple[Decimal, Decimal] | None:
    """(median, scaled MAD) of recent validated standard prices, or None if too few. Without
    a market and price type: the product's prices in every market (all in its standard unit)."""
    filters = {"market": market, "price_type": price_type} if market is not None else {}
    values = list(
        Obs.objects.filter(
            product=product,
            status=Obs.Status.VALIDATED,
            date__lt=before,
            date__gte=before - timedelta(days=HISTORY_DAYS),
            **filters,
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
        # The market's own history first; a new market or price type falls back to the
        # product everywhere, then to the range staff set for the product.
        recent = recent_median(
            product=product, market=market, price_type=price_type, before=date
        ) or recent_median(product=product, before=date)
        if recent:
            if is_outlier(standard_price, *recent, threshold=product.deviation_threshold):
                flags.append(Obs.Flag.OUTLIER.value)
        elif not _plausible(product, standard_price):
            flags.append(Obs.Flag.OUTLIER.value)
    return flags


def _plausible(product, standard_price) -> bool:
    low, high = product.plausible_min, product.plausible_max
    return (low is None or standard_price >= low) and (high is None or standard_price <= high)


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


CORRECTION_WINDOW = timedelta(hours=24)


def observation_editable_by(observation: PriceObservation, user) -> bool:
    """A collector corrects or withdraws their own price within 24 hours or while it waits."""
    if observation.collector_id is None or observation.collector_id != getattr(user, "pk", None):
        return False
    return (
        observation.status == Obs.Status.PENDING
        or observation.created_at >= timezone.now() - CORRECTION_WINDOW
    )


def _own_editable(observation_pk: int, by) -> PriceObservation:
    observation = Obs.objects.select_for_update().filter(pk=observation_pk).first()
    if observation is None or not observation_editable_by(observation, by):
        raise ValidationError(
            _("Solo puede corregir o retirar sus propios precios, hasta 24 horas después.")
        )
    return observation


@transaction.atomic
def observation_withdraw(*, observation_pk: int, by) -> None:
    observation = _own_editable(observation_pk, by)
    was_public = observation.status == Obs.Status.VALIDATED
    observation.delete()
    if was_public:
        announce_data_changed("agroprices")


@transaction.atomic
def observation_correct(*, observation_pk: int, by, **fields) -> PriceObservation:
    """Replaces the collector's price with the corrected one, flags checked again."""
    observation = _own_editable(observation_pk, by)
    was_public = observation.status == Obs.Status.VALIDATED
    source = observation.source
    observation.delete()
    corrected = observation_submit(**fields, collector=by, source=source)
    if was_public and corrected.status != Obs.Status.VALIDATED:
        announce_data_changed("agroprices")
    return corrected


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
