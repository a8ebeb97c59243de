from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from agroprices.models import PriceObservation

from .factories import MarketFactory, ObservationFactory, ProductFactory, price_type, unit

pytestmark = pytest.mark.django_db
INDEX = reverse("agroprices:index")
COLLECT = reverse("agroprices:collect")


def week_of_prices(n_products, n_markets, this_week, farm_gate):
    products = [ProductFactory() for _ in range(n_products)]
    markets = [MarketFactory() for _ in range(n_markets)]
    for p in products:
        for i, m in enumerate(markets):
            ObservationFactory(
                product=p, market=m, price_type=farm_gate, date=this_week, price=Decimal("4.00") + i
            )
            ObservationFactory(
                product=p,
                market=m,
                price_type=farm_gate,
                date=this_week - timedelta(days=7),
                price=Decimal("4.00"),
            )
    return products, markets


def test_the_weekly_board_shows_mean_change_and_cheapest_and_dearest_market(
    client, plantain, market, farm_gate, this_week
):
    other = MarketFactory(name="Centro de acopio Luz de América")
    ObservationFactory(
        product=plantain, market=market, price_type=farm_gate, date=this_week, price=Decimal("5.00")
    )
    ObservationFactory(
        product=plantain, market=other, price_type=farm_gate, date=this_week, price=Decimal("3.00")
    )
    ObservationFactory(
        product=plantain,
        market=market,
        price_type=farm_gate,
        date=this_week - timedelta(days=7),
        price=Decimal("3.20"),
    )
    body = client.get(INDEX).content.decode()
    assert "Plátano barraganete" in body
    assert "4,00" in body  # mean of 5 and 3
    assert "▲" in body and "25,0 %" in body  # 4.00 vs 3.20
    assert "3,00" in body and "Centro de acopio Luz de América" in body
    assert "5,00" in body and "Mercado 17 de Diciembre" in body


def test_pending_and_rejected_prices_never_reach_the_public_board(
    client, plantain, market, farm_gate, this_week
):
    ObservationFactory(
        product=plantain,
        market=market,
        price_type=farm_gate,
        date=this_week,
        price=Decimal("77.70"),
        status=PriceObservation.Status.PENDING,
    )
    body = client.get(INDEX).content.decode()
    assert "77,70" not in body


def test_the_board_keeps_a_constant_number_of_queries(
    client, farm_gate, this_week, django_assert_max_num_queries
):
    week_of_prices(2, 2, this_week, farm_gate)
    with django_assert_max_num_queries(8):
        assert client.get(INDEX).status_code == 200
    week_of_prices(10, 4, this_week, farm_gate)
    with django_assert_max_num_queries(8):
        assert client.get(INDEX).status_code == 200


def test_the_product_page_has_a_chart_per_market_and_where_to_sell(
    client, plantain, market, farm_gate, this_week
):
    far = MarketFactory(name="Feria tsáchila de Chigüilpe")
    for weeks in range(4):
        day = this_week - timedelta(weeks=weeks)
        ObservationFactory(product=plantain, market=market, price_type=farm_gate, date=day)
        ObservationFactory(
            product=plantain, market=far, price_type=farm_gate, date=day, price=Decimal("4.80")
        )
    response = client.get(reverse("agroprices:product", args=[plantain.slug]))
    body = response.content.decode()
    assert "<svg" in body and "<polyline" in body
    assert body.index("Feria tsáchila de Chigüilpe") < body.index("Mercado 17 de Diciembre")
    assert "Dónde vender" in body


def test_the_product_page_keeps_a_constant_number_of_queries(
    client, plantain, farm_gate, this_week, django_assert_max_num_queries
):
    url = reverse("agroprices:product", args=[plantain.slug])
    for n in (2, 12):
        for _ in range(n):
            m = MarketFactory()
            for weeks in range(3):
                ObservationFactory(
                    product=plantain,
                    market=m,
                    price_type=farm_gate,
                    date=this_week - timedelta(weeks=weeks),
                )
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in_before_collecting(client):
    response = client.get(COLLECT)
    assert response.status_code == 302
    assert response["Location"] == "/cuenta/ingresar/?next=/agroprecios/registrar/"


def test_a_citizen_without_the_collector_role_cannot_collect(client, citizen):
    client.force_login(citizen)
    assert client.get(COLLECT).status_code == 403


def collect_data(product, market, **extra):
    data = {
        "product": product.pk,
        "market": market.pk,
        "price_type": price_type("productor").pk,
        "unit": "",
        "date": timezone.localdate().isoformat(),
        "price": "4.10",
    }
    data.update(extra)
    return data


def test_a_collector_submits_a_price_from_the_phone_form_and_it_is_published(
    client, collector, plantain, market
):
    client.force_login(collector)
    page = client.get(COLLECT).content.decode()
    assert 'name="viewport"' in page and '<label for="id_price"' in page
    response = client.post(COLLECT, collect_data(plantain, market), follow=True)
    assert "Precio publicado" in response.content.decode()
    observation = PriceObservation.objects.get()
    assert observation.unit == plantain.standard_unit  # left empty: the product's own unit
    assert observation.collector == collector
    assert observation.source == "recolector"
    assert observation.status == "validado"


def test_the_form_remembers_product_and_market_for_the_next_price(
    client, collector, plantain, market
):
    other_product = ProductFactory(commodity="Yuca")
    other_market = MarketFactory(name="Feria La Concordia")
    client.force_login(collector)
    client.post(COLLECT, collect_data(other_product, other_market))
    form = client.get(COLLECT).context["form"]
    assert form["product"].value() == other_product.pk
    assert form["market"].value() == other_market.pk


def test_an_outlier_from_the_form_waits_for_validation(
    client, collector, history, plantain, market
):
    client.force_login(collector)
    response = client.post(COLLECT, collect_data(plantain, market, price="15.00"), follow=True)
    assert "queda en revisión" in response.content.decode()
    observation = PriceObservation.objects.get(collector=collector)
    assert observation.status == "pendiente"
    assert "15,00" not in client.get(INDEX).content.decode()


def test_bad_form_input_gets_a_spanish_error_and_saves_nothing(client, collector, plantain, market):
    client.force_login(collector)
    response = client.post(COLLECT, collect_data(plantain, market, price="-3", price_max="1"))
    assert response.status_code == 200
    assert "mayor o igual a" in response.content.decode()
    assert not PriceObservation.objects.exists()


def test_a_second_price_for_the_same_key_is_refused_in_spanish(client, collector, plantain, market):
    client.force_login(collector)
    client.post(COLLECT, collect_data(plantain, market))
    response = client.post(COLLECT, collect_data(plantain, market, price="4.30"))
    assert "Ya registró un precio" in response.content.decode()
    assert PriceObservation.objects.count() == 1


def test_a_technician_may_collect_too(client, technician, plantain, market):
    client.force_login(technician)
    client.post(COLLECT, collect_data(plantain, market, unit=unit("racimo").pk))
    assert PriceObservation.objects.get().source == "personal"


def test_the_home_page_shows_this_weeks_farm_gate_prices(
    client, plantain, market, farm_gate, this_week
):
    ObservationFactory(
        product=plantain, market=market, price_type=farm_gate, date=this_week, price=Decimal("4.40")
    )
    body = client.get(reverse("core:home")).content.decode()
    assert "Precios al productor esta semana" in body
    assert "Plátano barraganete" in body and "4,40" in body


def test_a_collector_may_quote_in_another_allowed_unit(client, collector, plantain, market):
    client.force_login(collector)
    client.post(COLLECT, collect_data(plantain, market, unit=unit("kg").pk, price="0.21"))
    observation = PriceObservation.objects.get()
    assert (observation.unit.code, observation.standard_price) == ("kg", Decimal("4.2000"))


def test_the_prices_page_reads_in_english_too(client):
    body = client.get(INDEX, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Price type" in body and "Open data" in body
