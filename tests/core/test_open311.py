"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), checked against the spec:
service list and definition, posting with an api_key, the request list with its filters,
one request, JSON and XML, errors as [{code, description}], and no personal data out."""

import json
from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest
from django.utils import timezone

from core.reports import Open311Client, ReportStatus
from environment.complaints import services as complaint_services
from environment.complaints.models import Complaint

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
SERVICE_FIELDS = {
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
}
REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}
PRIVATE = ["Lucía", "Aguavil", "lucia.aguavil@example.org", "0991112233"]


@pytest.fixture
def api_key(db):
    return Open311Client.objects.create(name="App Ciudadana", api_key="clave-app-123").api_key


def post(client, fmt="json", **data):
    return client.post(f"{BASE}/requests.{fmt}", data)


def valid_post(api_key, **overrides):
    return {
        "api_key": api_key,
        "service_code": "AMB-MINERIA",
        "lat": "-0.252525",
        "long": "-79.171717",
        "description": "Volquetas sacan material pétreo del río Toachi de noche.",
        "first_name": "Lucía",
        "last_name": "Aguavil",
        "email": "lucia.aguavil@example.org",
        "phone": "0991112233",
        **overrides,
    }


def filed(client, api_key, **overrides):
    response = post(client, **valid_post(api_key, **overrides))
    assert response.status_code in (200, 201), response.content
    return response.json()[0]["service_request_id"]


def xml(response):
    assert response["Content-Type"].startswith("text/xml")
    return ET.fromstring(response.content)


def assert_spec_error(response, status):
    assert response.status_code == status
    body = response.json()
    assert isinstance(body, list) and body
    for error in body:
        assert set(error) == {"code", "description"}
        assert error["code"] == status
        assert error["description"]


# --- services ---------------------------------------------------------------------------


def test_service_list_has_every_complaint_category_with_the_spec_fields(client):
    services = client.get(f"{BASE}/services.json").json()
    codes = {s["service_code"] for s in services}
    assert {
        "AMB-DEFORESTACION",
        "AMB-QUEMA",
        "AMB-CONTAMINACION-AGUA",
        "AMB-RESIDUOS",
        "AMB-RUIDO",
        "AMB-MINERIA",
        "AMB-FAUNA-SILVESTRE",
        "AMB-OTRO",
    } <= codes
    for service in services:
        assert set(service) >= SERVICE_FIELDS
        assert service["type"] in {"realtime", "batch", "blackbox"}
        assert isinstance(service["metadata"], bool)
    burning = next(s for s in services if s["service_code"] == "AMB-QUEMA")
    assert burning["service_name"] == "Quema"
    assert burning["group"] == "Ambiente"


def test_service_list_in_xml_mirrors_the_json(client):
    root = xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    nodes = root.findall("service")
    assert len(nodes) == len(client.get(f"{BASE}/services.json").json())
    first = nodes[0]
    assert {child.tag for child in first} >= SERVICE_FIELDS
    assert first.findtext("metadata") in {"true", "false"}


def test_service_definition_of_a_known_and_an_unknown_code(client):
    body = client.get(f"{BASE}/services/AMB-RUIDO.json").json()
    assert body["service_code"] == "AMB-RUIDO"
    assert body["attributes"] == []
    assert xml(client.get(f"{BASE}/services/AMB-RUIDO.xml")).findtext("service_code") == (
        "AMB-RUIDO"
    )
    assert_spec_error(client.get(f"{BASE}/services/NO-EXISTE.json"), 404)


# --- POST requests ----------------------------------------------------------------------


def test_posting_files_a_complaint_and_returns_its_id(client, api_key):
    response = post(client, **valid_post(api_key))
    assert response.status_code in (200, 201)
    body = response.json()
    assert len(body) == 1 and set(body[0]) >= {"service_request_id", "service_notice"}
    complaint = Complaint.objects.get(tracking_code=body[0]["service_request_id"])
    assert complaint.category == "mineria"
    assert complaint.source == "open311"
    assert complaint.status == ReportStatus.RECEIVED
    assert complaint.reporter_email == "lucia.aguavil@example.org"
    assert complaint.date_observed == timezone.localdate()


def test_posting_in_xml_answers_in_xml(client, api_key):
    root = xml(post(client, "xml", **valid_post(api_key)))
    assert root.tag == "service_requests"
    assert root.find("request").findtext("service_request_id").startswith("DA-")


def test_posting_with_only_an_address_string_is_accepted(client, api_key):
    data = valid_post(api_key, address_string="Recinto Las Mercedes, vía a Chone km 20")
    del data["lat"], data["long"]
    code = filed(client, api_key, **{k: v for k, v in data.items() if k != "api_key"})
    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.location_reference.startswith("Recinto Las Mercedes")


@pytest.mark.parametrize("key", [None, "", "clave-falsa"])
def test_posting_without_a_valid_api_key_is_forbidden(client, api_key, key):
    data = valid_post(api_key)
    if key is None:
        del data["api_key"]
    else:
        data["api_key"] = key
    assert_spec_error(post(client, **data), 403)
    assert not Complaint.objects.exists()


def test_a_revoked_api_key_is_forbidden(client, api_key):
    Open311Client.objects.update(is_active=False)
    assert_spec_error(post(client, **valid_post(api_key)), 403)


def test_errors_in_xml_follow_the_spec(client):
    root = xml(client.post(f"{BASE}/requests.xml", {"service_code": "AMB-RUIDO"}))
    assert root.tag == "errors"
    error = root.find("error")
    assert error.findtext("code") == "403"
    assert error.findtext("description")


@pytest.mark.parametrize(
    "change",
    [
        {"service_code": None},
        {"lat": None, "long": None},
        {"description": None},
        {"lat": "-2.170998", "long": "-79.922359"},  # Guayaquil: outside the province
        {"lat": "abc"},
        {"lat": "NaN", "long": "NaN"},
        {"email": "no-es-un-correo"},
    ],
    ids=["no-service", "no-location", "no-description", "outside", "not-number", "nan", "email"],
)
def test_bad_posts_are_400_with_spec_errors_and_save_nothing(client, api_key, change):
    data = valid_post(api_key)
    for key, value in change.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    assert_spec_error(post(client, **data), 400)
    assert not Complaint.objects.exists()


def test_an_unknown_service_code_is_refused(client, api_key):
    response = post(client, **valid_post(api_key, service_code="AMB-NADA"))
    assert response.status_code in (400, 404)
    assert_spec_error(response, response.status_code)


def test_a_posted_request_is_trackable_and_listed_publicly(client, api_key):
    code = filed(client, api_key)
    tracking = client.get(f"/seguimiento/?codigo={code}")
    assert tracking.status_code == 302
    page = client.get(tracking.url).content.decode()
    assert "material pétreo" in page
    listing = client.get("/ambiente/denuncias/").content.decode()
    assert code in listing
    for private in PRIVATE:
        assert private not in page
        assert private not in listing


# --- GET requests -----------------------------------------------------------------------


def test_a_single_request_has_the_spec_fields_and_no_personal_data(client, api_key):
    code = filed(client, api_key)
    response = client.get(f"{BASE}/requests/{code}.json")
    body = response.json()
    assert len(body) == 1
    request = body[0]
    assert set(request) >= REQUEST_FIELDS
    assert request["service_request_id"] == code
    assert request["service_code"] == "AMB-MINERIA"
    assert request["service_name"] == "Minería"
    assert request["status"] == "open"
    assert request["lat"] == pytest.approx(-0.25)
    assert request["long"] == pytest.approx(-79.17)
    text = response.content.decode()
    for private in [*PRIVATE, "-0.252525", "-79.171717"]:
        assert private not in text


def test_a_single_request_in_xml(client, api_key):
    code = filed(client, api_key)
    response = client.get(f"{BASE}/requests/{code}.xml")
    root = xml(response)
    assert root.tag == "service_requests"
    node = root.find("request")
    assert node.findtext("service_request_id") == code
    assert node.findtext("status") == "open"
    for private in PRIVATE:
        assert private not in response.content.decode()


def test_an_unknown_request_is_a_404_in_the_spec_format(client):
    assert_spec_error(client.get(f"{BASE}/requests/DA-XXXX-XXXX.json"), 404)


def test_status_and_notes_follow_the_workflow(client, api_key, technician):
    code = filed(client, api_key)
    complaint = Complaint.objects.get(tracking_code=code)
    complaint_services.complaint_transition(
        complaint=complaint, to_status="en_revision", by=technician, comment="Vamos el martes."
    )
    complaint_services.complaint_transition(
        complaint=complaint, to_status="en_atencion", by=technician
    )
    complaint_services.complaint_transition(
        complaint=complaint, to_status="resuelta", by=technician, comment="Se clausuró la mina."
    )
    request = client.get(f"{BASE}/requests/{code}.json").json()[0]
    assert request["status"] == "closed"
    assert request["status_notes"] == "Se clausuró la mina."
    assert technician.username not in json.dumps(request)


def test_the_list_filters_by_service_code_and_status(client, api_key, technician):
    mining = filed(client, api_key)
    noise = filed(client, api_key, service_code="AMB-RUIDO")
    complaint = Complaint.objects.get(tracking_code=noise)
    complaint_services.complaint_transition(
        complaint=complaint, to_status="rechazada", by=technician, reason="Fuera de competencia"
    )

    def ids(query=""):
        return {r["service_request_id"] for r in client.get(f"{BASE}/requests.json{query}").json()}

    assert ids() == {mining, noise}
    assert ids("?service_code=AMB-RUIDO") == {noise}
    assert ids("?service_code=AMB-RUIDO,AMB-MINERIA") == {mining, noise}
    assert ids("?status=open") == {mining}
    assert ids("?status=closed") == {noise}
    assert ids("?status=open,closed") == {mining, noise}


def test_service_request_id_picks_requests_and_overrides_other_filters(client, api_key):
    first = filed(client, api_key)
    second = filed(client, api_key)
    filed(client, api_key)
    body = client.get(
        f"{BASE}/requests.json?service_request_id={first},{second}&status=closed"
    ).json()
    assert {r["service_request_id"] for r in body} == {first, second}


def test_the_list_filters_by_date_and_defaults_to_the_last_90_days(client, api_key):
    recent = filed(client, api_key)
    old = filed(client, api_key)
    long_ago = timezone.now() - timedelta(days=200)
    Complaint.objects.filter(tracking_code=old).update(
        created_at=long_ago, date_observed=timezone.localdate(long_ago)
    )

    def ids(query=""):
        return {r["service_request_id"] for r in client.get(f"{BASE}/requests.json{query}").json()}

    assert ids() == {recent}
    window = long_ago - timedelta(days=1)
    start = window.strftime("%Y-%m-%dT%H:%M:%S-05:00")
    end = (window + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%S-05:00")
    assert ids(f"?start_date={start}&end_date={end}") == {old}
    assert ids(f"?start_date={start}") == {old, recent}


@pytest.mark.parametrize(
    "query", ["?start_date=ayer", "?status=pendiente", "?service_code=NO-EXISTE"]
)
def test_bad_list_filters_are_400(client, query):
    assert_spec_error(client.get(f"{BASE}/requests.json{query}"), 400)


def test_the_list_in_xml_and_without_personal_data(client, api_key):
    code = filed(client, api_key)
    response = client.get(f"{BASE}/requests.xml")
    root = xml(response)
    assert [n.findtext("service_request_id") for n in root.findall("request")] == [code]
    assert {child.tag for child in root.find("request")} >= REQUEST_FIELDS
    for private in PRIVATE:
        assert private not in response.content.decode()


def test_hidden_complaints_are_not_served(client, api_key, moderator):
    code = filed(client, api_key)
    complaint_services.complaint_hide(
        complaint=Complaint.objects.get(tracking_code=code), by=moderator, reason="Spam"
    )
    assert client.get(f"{BASE}/requests.json").json() == []
    assert_spec_error(client.get(f"{BASE}/requests/{code}.json"), 404)


def test_a_photo_is_offered_as_media_url(client, technician):
    from tests.environment.complaints.factories import file_complaint, photo_upload

    complaint = file_complaint(photos=[photo_upload()])
    request = client.get(f"{BASE}/requests/{complaint.tracking_code}.json").json()[0]
    assert request["media_url"].startswith("http://testserver/fotos/")
    photo = client.get(request["media_url"].removeprefix("http://testserver"))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"


def test_discovery_points_at_the_v2_endpoint(client):
    body = client.get(f"{BASE}/discovery.json").json()
    assert body["endpoints"][0]["url"].endswith("/open311/v2/")
    assert xml(client.get(f"{BASE}/discovery.xml")).tag == "discovery"


def test_other_methods_are_refused_in_the_spec_format(client):
    assert_spec_error(client.put(f"{BASE}/requests.json"), 405)


def test_the_request_list_query_count_does_not_grow_with_rows(
    client, api_key, django_assert_max_num_queries
):
    for _ in range(3):
        filed(client, api_key)
    with django_assert_max_num_queries(6):
        assert len(client.get(f"{BASE}/requests.json").json()) == 3
    for _ in range(27):
        filed(client, api_key)
    with django_assert_max_num_queries(6):
        assert len(client.get(f"{BASE}/requests.json").json()) == 30


def test_an_unencoded_plus_in_a_utc_offset_is_understood(client, api_key):
    code = filed(client, api_key)
    start = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S")
    # "+00:00" sent raw: the query string turns "+" into a space.
    body = client.get(f"{BASE}/requests.json?start_date={start}+00:00").json()
    assert [r["service_request_id"] for r in body] == [code]


def test_a_posted_request_with_an_email_gets_a_receipt(
    client, api_key, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        code = filed(client, api_key)
    assert mail.outbox[-1].to == ["lucia.aguavil@example.org"]
    assert code in mail.outbox[-1].subject
