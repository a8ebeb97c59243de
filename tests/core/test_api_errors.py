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
        "/api/v1/forum/meetings/", **_basic(technician.username, "no-es"), REMOTE_ADDR="10.4.4.4"
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")
    assert "detail" in response.json()


def test_anonymous_writes_stay_forbidden_without_a_challenge(client):
    response = client.post("/api/v1/forum/actors/", {}, content_type="application/json")
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
    response = staff_client.delete(f"/api/v1/forum/actors/{membership.actor.pk}/")
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]


def test_a_meeting_that_exists_still_reads(client):
    meeting = MeetingFactory()
    assert client.get(f"/api/v1/forum/meetings/{meeting.pk}/").status_code == 200
