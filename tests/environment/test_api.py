import datetime
import json

import pytest

from environment.models import Delivery, NurseryStock, StockMovement

from .factories import SpeciesFactory, approved_request, deliver, stock

pytestmark = pytest.mark.django_db
PRIVATE = ["Rosa Calazacón", "0987654321", "rosa.finca@example.org", "Recinto El Cristal"]
API = "/api/v1/ambiente/"


def _deliveries(n, nursery, species, start=0):
    for i in range(start, start + n):
        req = approved_request({species: 3}, tracking_code=f"RF-API-{i:03d}")
        deliver(req, nursery, {species: 3})


def test_public_api_lists_deliveries_and_requests_without_personal_data(client, nursery, laurel):
    stock(nursery, laurel, 100)
    req = approved_request({laurel: 20})
    deliver(req, nursery, {laurel: 20})
    for endpoint in ["entregas/", "solicitudes/", "movimientos/", "existencias/", "visitas/"]:
        response = client.get(API + endpoint)
        assert response.status_code == 200, endpoint
        body = response.content.decode()
        for private in [*PRIVATE, req.tracking_code, "-0.412345"]:
            assert private not in body, (endpoint, private)
    request_row = client.get(API + "solicitudes/").json()["results"][0]
    assert request_row["latitude"] == "-0.41" and request_row["parish"] == "LDA"
    delivery_row = client.get(API + "entregas/?year=2022&parish=LDA").json()["results"][0]
    assert delivery_row["lines"][0]["quantity"] == 20


def test_species_filter_by_use_and_origin(client, laurel):
    SpeciesFactory(scientific_name="Citrus sinensis", origin="introducida", uses=["frutal"])
    fruit = client.get(API + "especies/?use=frutal").json()["results"]
    assert [s["scientific_name"] for s in fruit] == ["Citrus sinensis"]
    native = client.get(API + "especies/?origin=nativa").json()["results"]
    assert [s["scientific_name"] for s in native] == ["Cordia alliodora"]


@pytest.mark.parametrize("who,expected", [(None, 403), ("citizen", 403), ("technician", 201)])
def test_only_staff_add_species(client, request, who, expected):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.post(
        API + "especies/",
        {
            "scientific_name": "Ceiba pentandra",
            "common_name": "Ceibo",
            "family": "Malvaceae",
            "origin": "nativa",
            "uses": ["sombra", "ribera"],
        },
        content_type="application/json",
    )
    assert response.status_code == expected


@pytest.mark.parametrize("who,expected", [(None, 403), ("citizen", 403), ("technician", 201)])
def test_only_staff_record_deliveries_through_the_api(
    client, request, who, expected, nursery, laurel
):
    stock(nursery, laurel, 50)
    req = approved_request({laurel: 10})
    if who:
        client.force_login(request.getfixturevalue(who))
    payload = {
        "request": req.pk,
        "nursery": nursery.code,
        "delivered_on": "2022-04-02",
        "lines": [{"species": laurel.pk, "quantity": 10}],
    }
    response = client.post(API + "entregas/", payload, content_type="application/json")
    assert response.status_code == expected
    assert Delivery.objects.count() == (1 if expected == 201 else 0)


def test_an_api_delivery_beyond_stock_is_a_400_with_a_spanish_message(
    staff_client, nursery, laurel
):
    stock(nursery, laurel, 5)
    req = approved_request({laurel: 10})
    payload = {
        "request": req.pk,
        "nursery": nursery.code,
        "delivered_on": "2022-04-02",
        "lines": [{"species": laurel.pk, "quantity": 10}],
    }
    response = staff_client.post(API + "entregas/", payload, content_type="application/json")
    assert response.status_code == 400
    assert "Laurel: hay 5, se piden 10" in json.dumps(response.json(), ensure_ascii=False)
    assert NurseryStock.objects.get().quantity == 5 and Delivery.objects.count() == 0


def test_staff_append_movements_and_the_ledger_refuses_deliveries(staff_client, nursery, laurel):
    ok = staff_client.post(
        API + "movimientos/",
        {
            "nursery": nursery.pk,
            "species": laurel.pk,
            "kind": "produccion",
            "quantity": 40,
            "occurred_on": "2022-01-10",
        },
        content_type="application/json",
    )
    assert ok.status_code == 201
    refused = staff_client.post(
        API + "movimientos/",
        {
            "nursery": nursery.pk,
            "species": laurel.pk,
            "kind": "perdida",
            "quantity": 50,
            "occurred_on": "2022-01-11",
        },
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert StockMovement.objects.count() == 1
    assert staff_client.delete(API + f"movimientos/{ok.json()['id']}/").status_code == 405


def test_visits_through_the_api_refuse_more_survivors_than_delivered(staff_client, nursery, laurel):
    stock(nursery, laurel, 50)
    delivery = deliver(approved_request({laurel: 10}), nursery, {laurel: 10})
    line = delivery.lines.get()
    url = API + "visitas/"
    bad = staff_client.post(url, {"line": line.pk, "visited_on": "2022-08-01", "surviving": 11})
    assert bad.status_code == 400 and "surviving" in bad.json()
    good = staff_client.post(url, {"line": line.pk, "visited_on": "2022-08-01", "surviving": 9})
    assert good.status_code == 201


@pytest.mark.parametrize("endpoint", ["entregas/", "solicitudes/", "visitas/", "existencias/"])
def test_api_list_query_counts_stay_flat(
    client, nursery, laurel, endpoint, django_assert_max_num_queries
):
    stock(nursery, laurel, 10_000)
    _deliveries(3, nursery, laurel)
    with django_assert_max_num_queries(8) as small:
        client.get(API + endpoint)
    others = [SpeciesFactory() for _ in range(3)]
    for sp in others:
        stock(nursery, sp, 100)
    _deliveries(27, nursery, laurel, start=3)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(API + endpoint).status_code == 200


def test_stock_reads_are_open(client, nursery, laurel):
    stock(nursery, laurel, 12, on=datetime.date(2022, 1, 1))
    row = client.get(API + "existencias/").json()["results"][0]
    assert row == {**row, "nursery": nursery.code, "species": "Cordia alliodora", "quantity": 12}


@pytest.mark.parametrize("who,expected", [(None, 403), ("citizen", 403), ("technician", 200)])
def test_only_staff_decide_requests_through_the_api(client, request, who, expected):
    from environment.models import SeedlingRequest

    from .factories import SeedlingRequestFactory

    req = SeedlingRequestFactory()
    if who:
        client.force_login(request.getfixturevalue(who))
    url = f"{API}solicitudes/{req.pk}/decide/"
    response = client.post(url, {"status": "aprobada"}, content_type="application/json")
    assert response.status_code == expected
    assert SeedlingRequest.objects.get().status == ("aprobada" if expected == 200 else "recibida")


def test_an_api_rejection_without_reason_is_a_spanish_400(staff_client):
    from .factories import SeedlingRequestFactory

    req = SeedlingRequestFactory()
    url = f"{API}solicitudes/{req.pk}/decide/"
    response = staff_client.post(url, {"status": "rechazada"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"rejection_reason": ["Indique el motivo del rechazo."]}
