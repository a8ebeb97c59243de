"""Open311 for client applications (issue 13): keys issued and revoked by staff (admin and
command), expected_datetime as a W3C datetime, errors naming the Open311 parameters, a
posted media_url kept, and CORS for browser apps. Ends with a client's whole flow."""

import json
import re
from datetime import date
from io import StringIO
from xml.etree import ElementTree as ET

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.dateparse import parse_datetime

from core.reports import Open311Client
from environment.complaints.models import Complaint

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
W3C = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")


@pytest.fixture
def api_key(db):
    return Open311Client.objects.create(name="App Ciudadana").api_key


def valid_post(api_key, **overrides):
    return {
        "api_key": api_key,
        "service_code": "AMB-RESIDUOS",
        "lat": "-0.252525",
        "long": "-79.171717",
        "description": "Basura acumulada junto al puente del río Toachi.",
        "email": "vecina@example.org",
        **overrides,
    }


def post(client, fmt="json", **data):
    return client.post(f"{BASE}/requests.{fmt}", data)


def descriptions(response):
    assert response.status_code == 400, response.content
    body = response.json()
    assert all(set(e) == {"code", "description"} and e["code"] == 400 for e in body)
    return [e["description"] for e in body]


# --- keys -------------------------------------------------------------------------------


def test_staff_issue_a_key_in_the_admin_and_see_it_once_saved(admin_client, client):
    page = admin_client.get("/admin/core/open311client/add/")
    assert page.status_code == 200
    assert 'name="api_key"' not in page.content.decode()  # drawn by the portal, not typed
    response = admin_client.post(
        "/admin/core/open311client/add/", {"name": "Mapa Vecinal"}, follow=True
    )
    assert response.status_code == 200
    issued = Open311Client.objects.get(name="Mapa Vecinal")
    assert len(issued.api_key) >= 40
    assert issued.api_key in response.content.decode()  # the message after saving
    change = admin_client.get(f"/admin/core/open311client/{issued.pk}/change/")
    assert issued.api_key in change.content.decode()  # readable later by staff
    accepted = post(client, **valid_post(issued.api_key))
    assert accepted.status_code == 201


def test_a_key_revoked_in_the_admin_stops_working_at_once(admin_client, client, api_key):
    issued = Open311Client.objects.get(api_key=api_key)
    assert post(client, **valid_post(api_key)).status_code == 201
    response = admin_client.post(
        "/admin/core/open311client/",
        {"action": "revoke", "_selected_action": [issued.pk]},
        follow=True,
    )
    assert response.status_code == 200
    issued.refresh_from_db()
    assert not issued.is_active and issued.revoked_at is not None
    refused = post(client, **valid_post(api_key))
    assert refused.status_code == 403
    assert "api_key" in refused.json()[0]["description"]
    # The change page keeps the revoked key revoked (no box to tick it back on).
    change = admin_client.get(f"/admin/core/open311client/{issued.pk}/change/")
    assert 'name="is_active"' not in change.content.decode()


def test_unticking_active_on_the_change_page_revokes(admin_client, api_key):
    issued = Open311Client.objects.get(api_key=api_key)
    admin_client.post(
        f"/admin/core/open311client/{issued.pk}/change/", {"name": issued.name, "is_active": ""}
    )
    issued.refresh_from_db()
    assert not issued.is_active and issued.revoked_at is not None


def test_non_staff_cannot_open_the_keys(client, citizen):
    client.force_login(citizen)
    response = client.get("/admin/core/open311client/")
    assert response.status_code == 302


def test_the_open311_key_command_creates_lists_and_revokes(client):
    out = StringIO()
    call_command("open311_key", "create", "Radio Comunitaria", stdout=out)
    pk, name, key = out.getvalue().strip().split("\t")
    assert name == "Radio Comunitaria"
    assert Open311Client.objects.get(pk=pk).api_key == key
    listed = StringIO()
    call_command("open311_key", "list", stdout=listed)
    assert "Radio Comunitaria" in listed.getvalue() and "activa" in listed.getvalue()
    assert key not in listed.getvalue()  # a listing on a screen does not show whole keys
    assert post(client, **valid_post(key)).status_code == 201
    call_command("open311_key", "revoke", pk, stdout=StringIO())
    assert post(client, **valid_post(key)).status_code == 403
    listed = StringIO()
    call_command("open311_key", "list", stdout=listed)
    assert "revocada" in listed.getvalue()
    with pytest.raises(CommandError):
        call_command("open311_key", "revoke", "no-existe", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("open311_key", "create", " ", stdout=StringIO())


# --- expected_datetime --------------------------------------------------------------------


def test_expected_datetime_is_a_w3c_datetime_in_json_and_xml(client, api_key):
    code = post(client, **valid_post(api_key)).json()[0]["service_request_id"]
    Complaint.objects.filter(tracking_code=code).update(due_date=date(2026, 12, 3))
    item = client.get(f"{BASE}/requests/{code}.json").json()[0]
    assert item["expected_datetime"] == "2026-12-03T23:59:59-05:00"
    assert W3C.match(item["expected_datetime"])
    assert parse_datetime(item["expected_datetime"]).date() == date(2026, 12, 3)
    node = ET.fromstring(client.get(f"{BASE}/requests/{code}.xml").content)
    assert node.find("request/expected_datetime").text == "2026-12-03T23:59:59-05:00"
    for key in ("requested_datetime", "updated_datetime"):
        assert W3C.match(item[key])


def test_expected_datetime_is_null_without_a_due_date(client, api_key):
    code = post(client, **valid_post(api_key)).json()[0]["service_request_id"]
    assert client.get(f"{BASE}/requests/{code}.json").json()[0]["expected_datetime"] is None


# --- errors name the Open311 parameters ----------------------------------------------------


@pytest.mark.parametrize(
    "overrides, parameter",
    [
        ({"email": "no-es-un-correo"}, "email"),
        ({"lat": "5.0"}, "lat"),
        ({"long": "-70.0"}, "long"),
        ({"description": ""}, "description"),
        ({"description": "x" * 4001}, "description"),
        ({"description": "Basura\x00"}, "description"),
        ({"phone": "0" * 31}, "phone"),
        ({"media_url": "javascript:alert(1)"}, "media_url"),
        ({"media_url": "ftp://fotos.example.org/1.jpg"}, "media_url"),
        ({"media_url": "https://fotos.example.org/" + "a" * 500 + ".jpg"}, "media_url"),
        ({"lat": "", "long": "", "address_string": "x" * 256}, "address_string"),
    ],
)
def test_validation_errors_name_the_open311_parameter(client, api_key, overrides, parameter):
    response = post(client, **valid_post(api_key, **overrides))
    messages = descriptions(response)
    assert any(m.startswith(f"{parameter}: ") for m in messages), messages
    internal = ("reporter_", "latitude", "longitude", "location_reference", "category")
    assert not any(m.startswith(internal) for m in messages), messages
    assert not Complaint.objects.exists()


def test_errors_in_xml_name_the_parameter_too(client, api_key):
    response = post(client, fmt="xml", **valid_post(api_key, email="mal"))
    assert response.status_code == 400
    root = ET.fromstring(response.content)
    assert root.tag == "errors"
    assert root.find("error/description").text.startswith("email: ")


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-inf", "1e999", "abc"])
def test_impossible_coordinates_are_a_400_not_a_500(client, api_key, value):
    messages = descriptions(post(client, **valid_post(api_key, lat=value)))
    assert any("lat" in m for m in messages)


# --- media_url ----------------------------------------------------------------------------


def test_a_posted_media_url_is_kept_and_returned(client, api_key):
    url = "https://fotos.example.org/denuncias/123.jpg?size=large"
    code = post(client, **valid_post(api_key, media_url=f"  {url} ")).json()[0][
        "service_request_id"
    ]
    assert Complaint.objects.get(tracking_code=code).media_url == url
    assert client.get(f"{BASE}/requests/{code}.json").json()[0]["media_url"] == url
    node = ET.fromstring(client.get(f"{BASE}/requests/{code}.xml").content)
    assert node.find("request/media_url").text == url
    listed = client.get(f"{BASE}/requests.json").json()
    assert next(r for r in listed if r["service_request_id"] == code)["media_url"] == url


def test_without_media_url_the_field_is_empty(client, api_key):
    code = post(client, **valid_post(api_key)).json()[0]["service_request_id"]
    assert client.get(f"{BASE}/requests/{code}.json").json()[0]["media_url"] == ""


# --- CORS ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/discovery.json",
        "/discovery.xml",
        "/services.json",
        "/services.xml",
        "/services/AMB-RESIDUOS.json",
        "/requests.json",
        "/requests.xml",
        "/requests/AMB-NOEXISTE.json",
        "/requests.json?start_date=2022-13-45T00:00:00",
    ],
)
def test_every_open311_answer_allows_any_origin(client, path):
    response = client.get(BASE + path, HTTP_ORIGIN="https://mapa.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_preflight_is_answered_for_posts_from_browsers(client):
    response = client.options(
        f"{BASE}/requests.json",
        HTTP_ORIGIN="https://mapa.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "content-type" in response["Access-Control-Allow-Headers"].lower()
    assert not Complaint.objects.exists()


def test_a_cross_origin_post_is_allowed_and_needs_no_cookie(client, api_key):
    response = client.post(
        f"{BASE}/requests.json", valid_post(api_key), HTTP_ORIGIN="https://mapa.example.org"
    )
    assert response.status_code == 201
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_other_pages_do_not_allow_other_origins(client):
    assert "Access-Control-Allow-Origin" not in client.get("/")
    assert "Access-Control-Allow-Origin" not in client.get("/api/v1/")


# --- a client's whole flow ----------------------------------------------------------------


def test_an_open311_client_discovers_posts_and_follows_a_request(client, api_key):
    """What a GeoReport v2 client does: discovery, services, POST, GET by id, in XML too."""
    discovery = client.get(f"{BASE}/discovery.json").json()
    endpoint = discovery["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    base = endpoint["url"].replace("http://testserver", "")
    services = client.get(f"{base}services.json").json()
    service = next(s for s in services if s["service_code"] == "AMB-RESIDUOS")
    definition = client.get(f"{base}services/{service['service_code']}.json")
    assert definition.status_code == 200
    created = client.post(
        f"{base}requests.json",
        valid_post(api_key, media_url="https://fotos.example.org/a.jpg"),
        HTTP_ORIGIN="https://mapa.example.org",
    )
    assert created.status_code == 201
    token = created.json()[0]
    assert set(token) >= {"service_request_id", "service_notice", "account_id"}
    fetched = json.loads(client.get(f"{base}requests/{token['service_request_id']}.json").content)
    assert len(fetched) == 1
    request = fetched[0]
    assert request["service_code"] == "AMB-RESIDUOS"
    assert request["status"] == "open"
    assert request["media_url"] == "https://fotos.example.org/a.jpg"
    assert W3C.match(request["requested_datetime"])
    assert request["lat"] == pytest.approx(-0.25) and request["long"] == pytest.approx(-79.17)
    assert "vecina@example.org" not in json.dumps(fetched)
    node = ET.fromstring(client.get(f"{base}requests/{token['service_request_id']}.xml").content)
    assert node.find("request/service_request_id").text == token["service_request_id"]
