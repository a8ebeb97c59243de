from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from agroprices import services
from agroprices.models import PriceObservation
from core.signals import data_changed

from .factories import unit

Obs = PriceObservation
pytestmark = pytest.mark.django_db


def submit(product, market, farm_gate, collector, price, **extra):
    data = {
        "product": product,
        "market": market,
        "unit": product.standard_unit,
        "price_type": farm_gate,
        "date": timezone.localdate(),
        "price": Decimal(price),
        "collector": collector,
    }
    data.update(extra)
    return services.observation_submit(**data)


def test_a_price_close_to_the_recent_median_is_published_at_once(
    history, plantain, market, farm_gate, collector
):
    observation = submit(plantain, market, farm_gate, collector, "4.20")
    assert observation.status == Obs.Status.VALIDATED
    assert observation.flags == []


def test_a_price_far_from_the_recent_median_waits_for_staff(
    history, plantain, market, farm_gate, collector
):
    observation = submit(plantain, market, farm_gate, collector, "12.00")
    assert observation.status == Obs.Status.PENDING
    assert observation.flags == ["atipico"]


def test_the_outlier_rule_uses_scaled_mads_not_a_fixed_percentage(
    history, plantain, market, farm_gate, collector
):
    # median 4.00, MAD 0.05 -> scaled 0.074, floored at 5 % = 0.20; 3.5 x 0.20 = 0.70
    assert submit(plantain, market, farm_gate, collector, "4.65").status == Obs.Status.VALIDATED
    other_day = timezone.localdate() - timedelta(days=1)
    late = submit(plantain, market, farm_gate, collector, "4.75", date=other_day)
    assert late.status == Obs.Status.PENDING


def test_a_per_product_threshold_replaces_the_mad_rule(
    history, plantain, market, farm_gate, collector
):
    plantain.deviation_threshold = Decimal("5")
    plantain.save()
    observation = submit(plantain, market, farm_gate, collector, "4.40")  # +10 %
    assert observation.status == Obs.Status.PENDING
    assert observation.flags == ["atipico"]


def test_without_enough_history_no_outlier_flag_is_raised(plantain, market, farm_gate, collector):
    observation = submit(plantain, market, farm_gate, collector, "50.00")
    assert observation.status == Obs.Status.VALIDATED


def test_a_unit_not_allowed_for_the_product_is_flagged(plantain, market, farm_gate, collector):
    observation = submit(plantain, market, farm_gate, collector, "30.00", unit=unit("quintal"))
    assert observation.status == Obs.Status.PENDING
    assert observation.flags == ["unidad"]


def test_an_allowed_unit_is_converted_to_the_standard_unit(
    history, plantain, market, farm_gate, collector
):
    # 0.05 racimo per kg: USD 0.20 per kg is USD 4.00 per racimo, in line with history.
    observation = submit(plantain, market, farm_gate, collector, "0.20", unit=unit("kg"))
    assert observation.standard_price == Decimal("4.0000")
    assert observation.status == Obs.Status.VALIDATED


def test_a_future_date_is_flagged(plantain, market, farm_gate, collector):
    tomorrow = timezone.localdate() + timedelta(days=1)
    observation = submit(plantain, market, farm_gate, collector, "4.00", date=tomorrow)
    assert observation.status == Obs.Status.PENDING
    assert observation.flags == ["futuro"]


def test_a_collector_cannot_submit_the_same_key_twice(plantain, market, farm_gate, collector):
    submit(plantain, market, farm_gate, collector, "4.00")
    with pytest.raises(ValidationError):
        submit(plantain, market, farm_gate, collector, "4.10")
    assert Obs.objects.count() == 1


def test_two_collectors_may_price_the_same_product_market_and_day(
    plantain, market, farm_gate, collector, technician
):
    submit(plantain, market, farm_gate, collector, "4.00")
    submit(plantain, market, farm_gate, technician, "4.10", source=Obs.Source.STAFF)
    assert Obs.objects.count() == 2


def test_min_above_price_is_refused(plantain, market, farm_gate, collector):
    with pytest.raises(ValidationError):
        submit(plantain, market, farm_gate, collector, "4.00", price_min=Decimal("5.00"))
    assert not Obs.objects.exists()


def test_validating_publishes_and_announces_the_change(
    history, plantain, market, farm_gate, collector, technician, django_capture_on_commit_callbacks
):
    observation = submit(plantain, market, farm_gate, collector, "12.00")
    heard = []

    def listener(sender, **kwargs):
        heard.append(sender)

    data_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.observation_validate(observation=observation, by=technician)
    finally:
        data_changed.disconnect(listener)
    observation.refresh_from_db()
    assert observation.status == Obs.Status.VALIDATED
    assert observation.reviewed_by == technician
    assert heard == ["agroprices"]


def test_rejecting_needs_a_reason(history, plantain, market, farm_gate, collector, technician):
    observation = submit(plantain, market, farm_gate, collector, "12.00")
    with pytest.raises(ValidationError):
        services.observation_reject(observation=observation, by=technician, reason="  ")
    services.observation_reject(
        observation=observation, by=technician, reason="Precio por caja, no por racimo"
    )
    observation.refresh_from_db()
    assert observation.status == Obs.Status.REJECTED
    assert observation.rejection_reason == "Precio por caja, no por racimo"
