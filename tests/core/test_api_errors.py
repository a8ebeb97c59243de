"""The API's one error shape (core/api_errors.py), its 404s in Spanish and 401 on wrong
credentials."""

import base64

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from tests.forum.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _basic(username, password):
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def test_a_missing_object_is_a_404_in_spanish_not_djangos_english(client):
    response = client.get("/api/v1/vialidad/reportes/VIA-NOEXISTE/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No encontrado."}


def test_wrong_credentials_are_a_401_with_a_basic_challenge(client, technician):
    response = client.get(
        "/api/v1/foro/sesiones/", **_basic(technician.username, "no-es"), REMOTE_ADDR="10.4.4.4"
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")
    assert "detail" in response.json()


def test_anonymous_writes_stay_forbidden_without_a_challenge(client):
    response = client.post("/api/v1/foro/actores/", {}, content_type="application/json")
    assert response.status_code == 403
    assert "WWW-Authenticate" not in response


class _Raises(APIView):
    authentication_classes = []
    permission_classes = []
    error = None

    def get(self, request):
        raise self.error


@pytest.mark.parametrize(
    "error, body",
    [
        (DjangoValidationError({"title": ["Muy largo."]}), {"title": ["Muy largo."]}),
        (DjangoValidationError("Cerrada."), {"non_field_errors": ["Cerrada."]}),
        (
            DjangoValidationError({"__all__": ["Cerrada."], "title": ["Falta."]}),
            {"non_field_errors": ["Cerrada."], "title": ["Falta."]},
        ),
    ],
)
def test_a_django_validation_error_from_a_service_is_a_400_with_field_messages(error, body):
    view = type("View", (_Raises,), {"error": error}).as_view()
    response = view(APIRequestFactory().get("/"))
    assert response.status_code == 400
    assert response.data == body


def test_a_non_field_error_has_the_same_shape_in_every_app(staff_client):
    from tests.forum.factories import MembershipFactory

    membership = MembershipFactory()
    response = staff_client.delete(f"/api/v1/foro/actores/{membership.actor.pk}/")
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]


def test_a_meeting_that_exists_still_reads(client):
    meeting = MeetingFactory()
    assert client.get(f"/api/v1/foro/sesiones/{meeting.pk}/").status_code == 200


def test_a_meeting_in_year_54_is_refused_with_a_field_message(staff_client):
    from forum.models import Meeting

    response = staff_client.post(
        "/api/v1/foro/sesiones/",
        {
            "title": "Sesión",
            "starts_at": "0054-05-01T10:00:00-05:00",
            "ends_at": "0054-05-01T12:00:00-05:00",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"starts_at", "ends_at"}
    assert not Meeting.objects.exists()


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


@pytest.mark.parametrize(
    "component, fields",
    [
        ("Complaint", ["parish", "parish_name", "latitude", "longitude"]),
        ("Proposal", ["community", "parish", "parish_name"]),
        ("RoadReport", ["latitude", "longitude", "resolved_by", "parish"]),
    ],
)
def test_fields_returned_as_null_are_declared_nullable(schema, component, fields):
    properties = schema["components"]["schemas"][component]["properties"]
    assert [f for f in fields if not properties[f].get("nullable")] == []


def test_public_reads_are_declared_open_to_anonymous_clients(schema):
    assert {} in schema["paths"]["/api/v1/foro/sesiones/"]["get"]["security"]
    assert {} not in schema["paths"]["/api/v1/foro/sesiones/"]["post"]["security"]


def test_error_responses_are_documented(schema):
    detail = schema["paths"]["/api/v1/vialidad/reportes/{tracking_code}/"]["get"]["responses"]
    assert {"400", "404"} <= set(detail)
    create = schema["paths"]["/api/v1/foro/sesiones/"]["post"]["responses"]
    assert {"400", "401", "403", "429"} <= set(create)


def test_a_complaint_without_parish_or_location_reads_as_nulls(client):
    from tests.environment.complaints.factories import file_complaint

    file_complaint(parish=None, latitude=None, longitude=None)
    [item] = client.get("/api/v1/ambiente/denuncias/").json()["results"]
    assert item["parish"] is None and item["latitude"] is None


def test_a_word_in_a_numeric_list_filter_is_a_400_not_a_database_error(client):
    response = client.get("/api/v1/vialidad/ramales/", {"need_level": "2,alto"})
    assert response.status_code == 400
    assert "need_level" in response.json()


def test_an_undecodable_json_body_is_a_400_in_the_one_shape(staff_client):
    response = staff_client.post(
        "/api/v1/foro/actores/", "{no es json", content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["non_field_errors"]
    assert all(isinstance(message, str) for message in body["non_field_errors"])


def test_a_bad_filter_of_the_road_figures_gives_plain_messages(client):
    response = client.get("/api/v1/vialidad/cifras/", {"desde": "ayer"})
    assert response.status_code == 400
    assert response.json()["desde"] == [response.json()["desde"][0]]
    assert isinstance(response.json()["desde"][0], str)
