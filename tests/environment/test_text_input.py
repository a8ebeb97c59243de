"""The text rule (core.text) on environment: the public seedling request form and the staff
complaints API (control characters dropped, NUL and over-long values refused in Spanish,
never a 500)."""

import pytest
from django.urls import reverse

from core.reports import ReportEvent
from environment.models import SeedlingRequest

from .complaints.factories import file_complaint
from .test_pages import _form

pytestmark = pytest.mark.django_db
COMPLAINTS = "/api/v1/ambiente/denuncias/"


def test_a_seedling_request_is_stored_without_pasted_control_characters(client, laurel):
    data = _form(
        laurel,
        applicant_name="Segundo\x0b Aguavil",
        purpose="Proteger\x0c la orilla\x1f del estero",
        location_reference="Vía a Valle Hermoso\x07 km 8",
    )
    response = client.post(reverse("environment:request-create"), data)
    assert response.status_code == 302
    req = SeedlingRequest.objects.get()
    assert req.applicant_name == "Segundo Aguavil"
    assert req.purpose == "Proteger la orilla del estero"
    assert req.location_reference == "Vía a Valle Hermoso km 8"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("purpose", "Sombra\x00", "Los caracteres nulos no están permitidos."),
        ("purpose", "x" * 2001, "2000"),
        ("applicant_name", "\x0b\x0b", "Este campo es requerido."),
    ],
)
def test_bad_text_in_the_seedling_form_is_a_spanish_error(client, laurel, field, value, message):
    response = client.post(reverse("environment:request-create"), _form(laurel, **{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SeedlingRequest.objects.exists()


def test_a_status_comment_through_the_api_is_stored_clean(staff_client):
    complaint = file_complaint()
    response = staff_client.post(
        f"{COMPLAINTS}{complaint.tracking_code}/estado/",
        {"to_status": "en_revision", "comment": "Revisado\x0b por el\x03 equipo"},
    )
    assert response.status_code == 200, response.content
    assert ReportEvent.objects.filter(comment="Revisado por el equipo").exists()


@pytest.mark.parametrize(
    ("path", "data", "field"),
    [
        ("ocultar/", {"reason": "x" * 256}, "reason"),  # was a PostgreSQL DataError (500)
        ("ocultar/", {"reason": "Insultos\x00"}, "reason"),
        ("estado/", {"to_status": "en_revision", "comment": "x" * 2001}, "comment"),
        (
            "estado/",
            {"to_status": "duplicada", "duplicate_of_code": "DA-\x00"},
            "duplicate_of_code",
        ),
    ],
)
def test_bad_text_in_the_complaints_api_is_a_400_with_the_field(staff_client, path, data, field):
    complaint = file_complaint()
    response = staff_client.post(f"{COMPLAINTS}{complaint.tracking_code}/{path}", data)
    assert response.status_code == 400
    assert field in response.json()
    complaint.refresh_from_db()
    assert not complaint.is_hidden and complaint.status == "recibida"
