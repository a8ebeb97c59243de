import datetime
import io
import json

import pytest
from openpyxl import load_workbook

from environment import services

from .factories import approved_request, deliver, stock

pytestmark = pytest.mark.django_db
PRIVATE = ["Rosa Calazacón", "0987654321", "rosa.finca@example.org", "Recinto El Cristal"]
URLS = [
    "/ambiente/reforestacion/datos/entregas/",
    "/ambiente/reforestacion/datos/supervivencia/",
    "/ambiente/reforestacion/datos/especies/",
]


@pytest.fixture
def delivered(nursery, laurel):
    stock(nursery, laurel, 100)
    req = approved_request({laurel: 25})
    delivery = deliver(req, nursery, {laurel: 25})
    services.visit_record(
        line=delivery.lines.get(), visited_on=datetime.date(2022, 10, 1), surviving=20
    )
    return req


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_open_data_downloads_carry_no_applicant_data(client, delivered, url, fmt):
    response = client.get(url, {"format": fmt})
    assert response.status_code == 200
    body = _body(response)
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(body)).active
        text = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row)
    else:
        text = body.decode("utf-8")
    for private in [*PRIVATE, delivered.tracking_code, "-0.412345"]:
        assert private not in text


def test_deliveries_dataset_rows(client, delivered):
    rows = json.loads(_body(client.get(URLS[0], {"format": "json"})))
    assert rows == [
        {
            "fecha_entrega": "2022-03-20",
            "anio": 2022,
            "vivero": "Vivero Luz de América",
            "parroquia": "Luz de América",
            "tipo_solicitante": "finca",
            "especie_nombre_cientifico": "Cordia alliodora",
            "especie_nombre_comun": "Laurel",
            "cantidad": 25,
            "superficie_ha": 1.5,
        }
    ]
    survival = json.loads(_body(client.get(URLS[1], {"format": "json"})))
    assert survival[0]["vivas_ultima_visita"] == 20


def test_datasets_are_listed_in_the_open_data_catalogue(client):
    html = client.get("/datos/").content.decode()
    assert "Entregas de plántulas" in html
    assert "/ambiente/reforestacion/datos/entregas/?format=xlsx" in html
