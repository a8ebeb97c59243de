"""A collector's own prices: defaults, gross typos held for review, corrections within 24 h."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from agroprices import services
from agroprices.models import PriceObservation

from .factories import MarketFactory, ObservationFactory, price_type

pytestmark = pytest.mark.django_db
COLLECT = reverse("agroprices:collect")
Obs = PriceObservation


def _submit(collector, product, market, price, kind="productor"):
    return services.observation_submit(
        product=product,
        market=market,
        unit=product.standard_unit,
        price_type=price_type(kind),
        date=timezone.localdate(),
        price=Decimal(price),
        collector=collector,
    )


def test_the_form_defaults_to_the_farm_gate_price_type(client, collector, farm_gate):
    price_type("mayorista")
    client.force_login(collector)
    form = client.get(COLLECT).context["form"]
    assert form["price_type"].value() == farm_gate.pk


def test_a_gross_typo_at_a_market_without_history_is_held_using_other_markets(
    collector, plantain, history
):
    new_market = MarketFactory(name="Feria de La Concordia")
    observation = _submit(collector, plantain, new_market, "2400.00")
    assert observation.status == Obs.Status.PENDING
    assert Obs.Flag.OUTLIER.value in observation.flags
    assert _submit(collector, plantain, MarketFactory(), "4.20").status == Obs.Status.VALIDATED


def test_a_new_price_type_falls_back_to_the_product_in_every_market(
    collector, plantain, market, history
):
    observation = _submit(collector, plantain, market, "2400.00", kind="minorista")
    assert observation.status == Obs.Status.PENDING


def test_without_any_history_the_products_plausible_range_holds_a_typo(collector, plantain):
    plantain.plausible_min, plantain.plausible_max = Decimal("1.00"), Decimal("15.00")
    plantain.save()
    assert _submit(collector, plantain, MarketFactory(), "2400.00").status == Obs.Status.PENDING
    assert _submit(collector, plantain, MarketFactory(), "7.00").status == Obs.Status.VALIDATED


def test_a_collector_corrects_their_own_price_within_a_day(client, collector, plantain, market):
    observation = _submit(collector, plantain, market, "4.00")
    client.force_login(collector)
    data = {
        "product": plantain.pk,
        "market": market.pk,
        "price_type": observation.price_type.pk,
        "date": observation.date.isoformat(),
        "price": "4.50",
    }
    client.post(reverse("agroprices:collect-correct", args=[observation.pk]), data)
    (corrected,) = Obs.objects.filter(collector=collector)
    assert corrected.price == Decimal("4.50") and corrected.source == Obs.Source.COLLECTOR


def test_a_collector_withdraws_their_own_price(client, collector, plantain, market):
    observation = _submit(collector, plantain, market, "4.00")
    client.force_login(collector)
    response = client.post(
        reverse("agroprices:collect-withdraw", args=[observation.pk]), follow=True
    )
    assert "Precio retirado." in response.content.decode()
    assert not Obs.objects.exists()


def test_a_day_old_validated_price_can_no_longer_be_changed(client, collector, plantain, market):
    observation = _submit(collector, plantain, market, "4.00")
    Obs.objects.filter(pk=observation.pk).update(created_at=timezone.now() - timedelta(hours=25))
    client.force_login(collector)
    response = client.post(
        reverse("agroprices:collect-withdraw", args=[observation.pk]), follow=True
    )
    assert "hasta 24 horas" in response.content.decode()
    assert Obs.objects.filter(pk=observation.pk).exists()
    assert (
        client.get(reverse("agroprices:collect-correct", args=[observation.pk])).status_code == 403
    )


def test_a_pending_price_stays_correctable_after_a_day(collector, plantain, market, history):
    observation = _submit(collector, plantain, market, "2400.00")
    Obs.objects.filter(pk=observation.pk).update(created_at=timezone.now() - timedelta(days=3))
    observation.refresh_from_db()
    assert services.observation_editable_by(observation, collector)


def test_nobody_changes_another_collectors_price(client, collector, plantain, market, citizen):
    other = ObservationFactory(product=plantain, market=market, price=Decimal("4.00"))
    client.force_login(collector)
    response = client.post(reverse("agroprices:collect-withdraw", args=[other.pk]), follow=True)
    assert "sus propios precios" in response.content.decode()
    assert Obs.objects.filter(pk=other.pk).exists()
    client.force_login(citizen)
    assert client.post(reverse("agroprices:collect-withdraw", args=[other.pk])).status_code == 403


def test_the_collectors_prices_are_listed_on_their_account_page(
    client, collector, plantain, market
):
    _submit(collector, plantain, market, "4.00")
    client.force_login(collector)
    html = client.get("/cuenta/").content.decode()
    assert "Precios que registré" in html and "Plátano barraganete" in html
