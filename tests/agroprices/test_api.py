from datetime import date, timedelta
from decimal import Decimal

import pytest

from agroprices.models import PriceObservation

from .factories import MarketFactory, ObservationFactory, ProductFactory, price_type

pytestmark = pytest.mark.django_db
PRICES = "/api/v1/agroprecios/precios/"
SERIES = "/api/v1/agroprecios/series/"


@pytest.fixture
def june(plantain, market, farm_gate):
    wholesale = price_type("mayorista")
    rows = []
    for day, value in [(2, "4.00"), (3, "6.00"), (10, "5.00"), (24, "3.00")]:
        rows.append(
            ObservationFactory(
                product=plantain,
                market=market,
                price_type=farm_gate,
                date=date(2025, 6, day),
                price=Decimal(value),
            )
        )
    rows.append(
        ObservationFactory(
            product=plantain,
            market=market,
            price_type=wholesale,
            date=date(2025, 6, 3),
            price=Decimal("7.00"),
        )
    )
    rows.append(
        ObservationFactory(
            product=plantain,
            market=market,
            price_type=farm_gate,
            date=date(2025, 7, 1),
            price=Decimal("4.50"),
        )
    )
    ObservationFactory(
        product=plantain,
        market=market,
        price_type=farm_gate,
        date=date(2025, 6, 17),
        price=Decimal("90"),
        status=PriceObservation.Status.PENDING,
    )
    return rows


def test_prices_filter_by_product_market_date_range_and_price_type(client, june):
    response = client.get(
        PRICES,
        {
            "product": "platano-barraganete",
            "market": "mercado-17-diciembre",
            "price_type": "productor",
            "start": "2025-06-01",
            "end": "2025-06-30",
        },
    )
    body = response.json()
    assert body["count"] == 4
    assert [r["price"] for r in body["results"]] == ["3.00", "5.00", "6.00", "4.00"]
    assert set(body["results"][0]) == {
        "id",
        "date",
        "product",
        "market",
        "unit",
        "price_type",
        "price",
        "price_min",
        "price_max",
        "standard_price",
        "source",
    }


def test_the_price_list_keeps_a_constant_number_of_queries(
    client, farm_gate, django_assert_max_num_queries
):
    for n in (3, 30):
        for i in range(n):
            ObservationFactory(
                product=ProductFactory(),
                market=MarketFactory(),
                price_type=farm_gate,
                date=date(2025, 1, 1) + timedelta(days=i),
            )
        with django_assert_max_num_queries(3):
            assert client.get(PRICES).status_code == 200


def test_weekly_series_give_mean_min_and_max_per_week(client, june):
    rows = client.get(
        SERIES,
        {
            "product": "platano-barraganete",
            "price_type": "productor",
            "start": "2025-06-01",
            "end": "2025-06-30",
        },
    ).json()
    # 2 June 2025 is a Monday: the 2nd and the 3rd share a week.
    assert [(r["period"], r["mean"], r["min"], r["max"], r["count"]) for r in rows] == [
        ("2025-06-02", "5.0000", "4.0000", "6.0000", 2),
        ("2025-06-09", "5.0000", "5.0000", "5.0000", 1),
        ("2025-06-23", "3.0000", "3.0000", "3.0000", 1),
    ]


def test_monthly_series_aggregate_by_month(client, june):
    rows = client.get(
        SERIES, {"product": "platano-barraganete", "price_type": "productor", "period": "month"}
    ).json()
    assert [(r["period"], r["mean"], r["min"], r["max"], r["count"]) for r in rows] == [
        ("2025-06-01", "4.5000", "3.0000", "6.0000", 4),
        ("2025-07-01", "4.5000", "4.5000", "4.5000", 1),
    ]


def test_a_bad_series_period_is_a_400_with_the_field(client):
    response = client.get(SERIES, {"period": "day"})
    assert response.status_code == 400
    assert "period" in response.json()


def test_the_api_is_read_only_for_citizens(client, citizen, june):
    client.force_login(citizen)
    assert client.post(PRICES, {"price": "1"}).status_code in (403, 405)


def test_farm_coordinates_are_blurred_in_the_markets_api_like_the_hdx_file(client):
    from agroprices.models import Market

    from .factories import MarketFactory

    MarketFactory(
        slug="finca-aguavil",
        kind=Market.Kind.FARM,
        latitude=Decimal("-0.253789"),
        longitude=Decimal("-79.171234"),
    )
    MarketFactory(slug="mercado-abierto", latitude=Decimal("-0.253789"))
    rows = {m["slug"]: m for m in client.get("/api/v1/agroprecios/mercados/").json()["results"]}
    assert rows["finca-aguavil"]["latitude"] != "-0.253789"
    assert len(rows["finca-aguavil"]["longitude"].split(".")[1]) <= 3
    assert rows["mercado-abierto"]["latitude"] == "-0.253789"
    # Exactly the HDX file's rounding (2 decimals, about 1 km), in the list and the detail.
    assert (rows["finca-aguavil"]["latitude"], rows["finca-aguavil"]["longitude"]) == (
        "-0.25",
        "-79.17",
    )
    detail = client.get("/api/v1/agroprecios/mercados/finca-aguavil/").json()
    assert (detail["latitude"], detail["longitude"]) == ("-0.25", "-79.17")
    listed = client.get("/api/v1/agroprecios/mercados/", {"kind": "finca"}).content.decode()
    assert "253789" not in listed and "171234" not in listed


def test_a_small_price_list_keeps_exact_page_numbers(client, june):
    body = client.get(PRICES, {"page_size": 2}).json()
    assert body["count"] == 6 and body["count_is_exact"] is True
    assert "page=2" in body["next"]
    last = client.get(PRICES, {"page_size": 2, "page": 3}).json()
    assert len(last["results"]) == 2 and last["next"] is None


def test_past_the_cap_the_price_count_is_not_a_full_count(
    client, june, monkeypatch, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.api_base import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "cap", 3)
    with django_assert_max_num_queries(4), CaptureQueriesContext(connection) as ctx:
        body = client.get(PRICES, {"page_size": 2}).json()
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 4" in sql for sql in counts)
    assert body["count_is_exact"] is False and body["count"] >= 4
    assert len(body["results"]) == 2
    # An estimate may be high: the page that comes up short is the last one.
    last = client.get(PRICES, {"page_size": 2, "page": 3}).json()
    assert len(last["results"]) == 2
    beyond = client.get(PRICES, {"page_size": 4, "page": 2}).json()
    assert len(beyond["results"]) == 2 and beyond["next"] is None
