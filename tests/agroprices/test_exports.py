import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from agroprices.models import Market, PriceObservation, ProductionRecord
from agroprices.selectors import HDX_COLUMNS
from core.models import Parish
from core.registry import datasets

from .factories import MarketFactory, ObservationFactory, ProductFactory, unit

pytestmark = pytest.mark.django_db
HDX = [
    "date",
    "admin1",
    "admin2",
    "market",
    "market_id",
    "latitude",
    "longitude",
    "category",
    "commodity",
    "commodity_id",
    "unit",
    "priceflag",
    "pricetype",
    "currency",
    "price",
    "usdprice",
]

EXPORT_COLUMNS = datasets.get("agroprices.observations").column_names


def text(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig")


@pytest.fixture
def prices(plantain, market, farm_gate):
    yuca = ProductFactory(slug="yuca", commodity="Yuca", standard_unit=unit("saco"))
    farm = MarketFactory(
        slug="finca-pli",
        name="Finca La Esperanza",
        kind=Market.Kind.FARM,
        latitude=Decimal("-0.381234"),
        longitude=Decimal("-79.378612"),
    )
    return [
        ObservationFactory(
            product=plantain,
            market=market,
            price_type=farm_gate,
            date=date(2025, 3, 4),
            price=Decimal("4.10"),
        ),
        ObservationFactory(
            product=plantain,
            market=market,
            price_type=farm_gate,
            date=date(2025, 6, 3),
            price=Decimal("3.50"),
        ),
        ObservationFactory(
            product=yuca,
            market=farm,
            price_type=farm_gate,
            date=date(2025, 6, 3),
            price=Decimal("12.00"),
        ),
        ObservationFactory(
            product=yuca,
            market=market,
            price_type=farm_gate,
            date=date(2025, 6, 10),
            price=Decimal("99.00"),
            status=PriceObservation.Status.PENDING,
        ),
    ]


def test_the_hdx_csv_reads_back_with_the_wfp_column_names(client, prices):
    response = client.get(reverse("agroprices:export-hdx"))
    lines = text(response).splitlines()
    rows = list(csv.DictReader([lines[0], *lines[2:]]))  # the second line is the HXL row
    assert HDX_COLUMNS == HDX
    assert list(rows[0].keys()) == HDX
    assert len(rows) == 3  # the pending price is not published
    first = rows[0]
    assert first["date"] == "2025-03-04"
    assert first["admin1"] == "Santo Domingo de los Tsáchilas"
    assert first["admin2"] == "Santo Domingo"
    assert first["market"] == "Mercado 17 de Diciembre"
    assert first["commodity"] == "Plátano (barraganete)"
    assert (first["unit"], first["pricetype"], first["currency"]) == ("Bunch", "Farm Gate", "USD")
    assert (first["priceflag"], first["price"], first["usdprice"]) == ("actual", "4.10", "4.10")
    assert first["market_id"] == str(prices[0].market_id)
    assert first["commodity_id"] == str(prices[0].product_id)


def test_a_farm_is_located_only_to_two_decimals_in_the_hdx_csv(client, prices):
    plain = text(client.get(reverse("agroprices:export-hdx-plain")))
    rows = list(csv.DictReader(io.StringIO(plain)))
    farm = next(r for r in rows if r["market"] == "Finca La Esperanza")
    assert (farm["latitude"], farm["longitude"]) == ("-0.38", "-79.38")


def test_exports_filter_by_date_range_product_and_market(client, prices):
    url = reverse("agroprices:export")
    response = client.get(
        url,
        {
            "format": "json",
            "start": "2025-06-01",
            "end": "2025-06-30",
            "product": "platano-barraganete",
            "market": "mercado-17-diciembre",
        },
    )
    data = json.loads(text(response))
    assert [(r["date"], r["price"]) for r in data] == [("2025-06-03", 3.5)]
    assert list(data[0].keys()) == EXPORT_COLUMNS


def test_a_bad_date_filter_is_a_400_with_the_field(client, prices):
    response = client.get(reverse("agroprices:export"), {"start": "ayer"})
    assert response.status_code == 400
    assert "start" in response.json()["errors"]


def test_the_csv_and_xlsx_exports_carry_the_same_columns(client, prices):
    url = reverse("agroprices:export")
    rows = list(csv.reader(io.StringIO(text(client.get(url, {"format": "csv"})))))
    assert rows[0] == EXPORT_COLUMNS and len(rows) == 4
    xlsx = client.get(url, {"format": "xlsx"})
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    sheet_rows = list(book.active.iter_rows(values_only=True))
    assert list(sheet_rows[0]) == EXPORT_COLUMNS and len(sheet_rows) == 4


def test_the_datapackage_describes_the_hdx_csv(client):
    package = client.get(reverse("agroprices:datapackage")).json()
    resource = package["resources"][0]
    assert package["profile"] == "tabular-data-package"
    assert resource["path"].endswith(reverse("agroprices:export-hdx-plain"))
    assert [f["name"] for f in resource["schema"]["fields"]] == HDX
    types = {f["type"] for f in resource["schema"]["fields"]}
    assert types <= {"date", "string", "number", "integer"}


def test_no_collector_or_farmer_contact_leaves_through_any_export(
    client, prices, collector, plantain
):
    ObservationFactory(
        product=plantain, market=prices[0].market, collector=collector, date=date(2025, 7, 1)
    )
    ProductionRecord.objects.create(
        producer_name="Rosa Aguavil",
        producer_kind="agricultor",
        contact_phone="0987654321",
        product=plantain,
        parish=Parish.objects.get(code="PLI"),
        area_ha=Decimal("3"),
        volume=Decimal("900"),
        unit=unit("racimo"),
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    urls = [
        reverse("agroprices:export") + "?format=csv",
        reverse("agroprices:export") + "?format=json",
        reverse("agroprices:export-hdx"),
        reverse("agroprices:export-production") + "?format=json",
        reverse("agroprices:production"),
        "/api/v1/agroprecios/precios/",
    ]
    for url in urls:
        body = text(client.get(url))
        for secret in ("0987654321", "Rosa Aguavil", "recolectora", "recolectora@example.org"):
            assert secret not in body, (url, secret)
    production = json.loads(
        text(client.get(reverse("agroprices:export-production") + "?format=json"))
    )
    assert production[0]["area_ha"] == 3.0 and production[0]["records"] == 1


def test_the_datasets_and_indicator_are_registered(prices):
    from core.registry import datasets, indicators

    assert "agroprices.observations" in datasets
    assert "agroprices.observations_hdx" in datasets
    indicator = indicators.get("agroprices.observations_published")
    assert indicator.value(date(2025, 6, 1), date(2025, 6, 30)) == Decimal(2)
    assert indicator.value(date(2025, 1, 1), date(2025, 12, 31)) == Decimal(3)


def test_the_open_data_catalogue_links_every_format(client, prices):
    body = client.get(reverse("core:open-data")).content.decode()
    assert "/datos/agroprices.observations_hdx/" in body
    hdx_page = client.get("/datos/agroprices.observations_hdx/").content.decode()
    assert f'href="{reverse("agroprices:export-hdx")}"' in hdx_page  # the file with HXL tags
    assert "/datos/agroprices.observations_hdx/descargar.csv" in hdx_page
    for fmt in ("csv", "json", "xlsx"):
        assert f"/datos/agroprices.observations/descargar.{fmt}" in body
    assert "/datos/agroprices.observations/datapackage.json" in body
