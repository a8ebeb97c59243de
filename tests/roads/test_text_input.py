"""The text rule (core.text) on roads: the public report form and the dashboard search
(control characters dropped, NUL and over-long values a Spanish form error, never a 500)."""

import pytest
from django.urls import reverse

from roads.models import RoadReport

from .factories import BranchFactory

pytestmark = pytest.mark.django_db


def _report(**overrides):
    return {
        "kind": "deslizamiento",
        "severity": 3,
        "branch_code": "MTR321",
        "description": "Se vino el talud sobre la vía",
        "is_anonymous": "on",
        **overrides,
    }


def test_a_report_is_stored_without_pasted_control_characters(client):
    BranchFactory(code="MTR321")
    response = client.post(
        reverse("roads:report-create"),
        _report(branch_code="MTR321\x0b", description="Se vino\x0b el talud\x1f sobre la vía"),
    )
    assert response.status_code == 302
    assert RoadReport.objects.get().description == "Se vino el talud sobre la vía"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Talud\x00", "Los caracteres nulos no están permitidos."),
        ("x" * 4001, "4000"),
        ("\x0b\x0c", "Este campo es requerido."),
    ],
)
def test_bad_text_in_a_report_is_a_spanish_form_error(client, value, message):
    BranchFactory(code="MTR321")
    response = client.post(reverse("roads:report-create"), _report(description=value))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RoadReport.objects.exists()


@pytest.mark.parametrize("q", ["MTR\x00", "MTR\x0b321", "x" * 5000])
def test_the_dashboard_search_never_breaks(client, q):
    BranchFactory(code="MTR321")
    response = client.get(reverse("roads:index"), {"q": q})
    assert response.status_code in (200, 400)
