"""The dataset registry served: page, downloads with a date range, Data Package, throttle."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from commitments.models import IndicatorValue
from tests.commitments.factories import IndicatorFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


def _body(response):
    return b"".join(response.streaming_content)


@pytest.fixture
def milestones():
    first = MilestoneFactory(title="Mesa técnica", end_date=date(2022, 3, 31), progress=40)
    MilestoneFactory(title="Portal publicado", end_date=date(2022, 9, 30), progress=100)
    return first


def test_the_dataset_page_shows_schema_preview_count_and_json_ld(client, milestones):
    html = client.get("/datos/commitments.milestones/").content.decode()
    assert "Mesa técnica" in html and "Portal publicado" in html
    assert "<code>peso</code>" in html
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    jsonld = json.loads(html[start : html.index("</script>", start)])
    assert jsonld["@type"] == "Dataset"
    assert jsonld["temporalCoverage"] == "2022-03-31/2022-09-30"
    formats = {d["encodingFormat"] for d in jsonld["distribution"]}
    assert "text/csv" in formats and "application/json" in formats


def test_an_unknown_dataset_is_a_404(client):
    assert client.get("/datos/nada.nada/").status_code == 404
    assert client.get("/datos/nada.nada/descargar.csv").status_code == 404


def test_the_default_csv_has_no_byte_order_mark_and_the_excel_one_has(client, milestones):
    plain = _body(client.get("/datos/commitments.milestones/descargar.csv"))
    assert plain.startswith(b"plan,compromiso,")
    rows = list(csv.DictReader(io.StringIO(plain.decode())))
    assert [r["hito"] for r in rows] == ["Mesa técnica", "Portal publicado"]
    excel = _body(client.get("/datos/commitments.milestones/descargar.csv-excel"))
    assert excel.startswith("\ufeff".encode())


def test_json_carries_numbers_as_numbers(client, milestones):
    data = json.loads(_body(client.get("/datos/commitments.milestones/descargar.json")))
    assert data[0]["avance"] == 40 and isinstance(data[0]["peso"], float)
    assert data[0]["fin"] == "2022-03-31"


def test_xlsx_has_the_header_and_the_rows(client, milestones):
    response = client.get("/datos/commitments.milestones/descargar.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][:3] == ("plan", "compromiso", "titulo_compromiso")
    assert len(values) == 3


def test_a_date_range_keeps_the_rows_inside_it(client, milestones):
    body = _body(
        client.get("/datos/commitments.milestones/descargar.csv?desde=2022-06-01&hasta=2022-12-31")
    )
    assert b"Portal publicado" in body and "Mesa técnica".encode() not in body
    assert b"Portal publicado" not in _body(
        client.get("/datos/commitments.milestones/descargar.csv?end=2022-04-01")
    )


@pytest.mark.parametrize("query", ["desde=ayer", "desde=2022-12-01&hasta=2022-01-01"])
def test_a_bad_date_range_is_a_clear_400(client, query):
    response = client.get(f"/datos/commitments.milestones/descargar.csv?{query}")
    assert response.status_code == 400
    assert "fecha" in response.content.decode().lower()


def test_an_unknown_format_is_a_400(client):
    assert client.get("/datos/commitments.milestones/descargar.pdf").status_code == 400


def test_the_data_package_describes_the_columns_with_types_and_constraints(client):
    package = client.get("/datos/commitments.milestones/datapackage.json").json()
    resource = package["resources"][0]
    assert resource["path"].endswith("/datos/commitments.milestones/descargar.csv")
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert fields["avance"]["type"] == "number"
    assert fields["avance"]["constraints"] == {"minimum": 0, "maximum": 100}
    assert package["licenses"][0]["path"] == "https://creativecommons.org/licenses/by/4.0/"


def test_indicator_values_are_a_dataset(client):
    indicator = IndicatorFactory(name="Km de vías con mantenimiento")
    IndicatorValue.objects.create(indicator=indicator, date=date(2022, 1, 31), value=Decimal(12))
    data = json.loads(_body(client.get("/datos/commitments.indicator_values/descargar.json")))
    assert data == [
        {
            "plan": indicator.commitment.plan.slug,
            "compromiso": indicator.commitment.number,
            "indicador_id": indicator.pk,
            "indicador": "Km de vías con mantenimiento",
            "unidad": "unidades",
            "linea_base": 0.0,
            "meta": 100.0,
            "fecha": "2022-01-31",
            "valor": 12.0,
            "nota": "",
        }
    ]


def test_downloads_are_throttled_per_address(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.DATASET_DOWNLOADS_PER_MINUTE = 2
    url = "/datos/commitments.milestones/descargar.csv"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_downloads_still_work_when_the_cache_is_down(client, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache, "add", broken)
    assert client.get("/datos/commitments.milestones/descargar.csv").status_code == 200
