"""The text rule (core.text) on core's own admin models: territory, institutions, Open311
applications. Staff paste from other documents too."""

import pytest
from django.urls import reverse

from core.casework import Institution
from core.models import Parish

pytestmark = pytest.mark.django_db


def test_a_parish_renamed_in_the_admin_is_stored_without_control_characters(admin_client):
    parish = Parish.objects.get(code="SJB")
    data = {
        "code": parish.code,
        "name": "San Jacinto\x0b del Búa",
        "kind": parish.kind,
        "canton": parish.canton_id,
    }
    response = admin_client.post(reverse("admin:core_parish_change", args=[parish.pk]), data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else response
    )
    parish.refresh_from_db()
    assert parish.name == "San Jacinto del Búa"


def test_an_institution_added_in_the_admin_is_stored_without_control_characters(admin_client):
    response = admin_client.post(
        reverse("admin:core_institution_add"),
        {"name": "Ministerio\x03 del Ambiente", "email": "ambiente@example.org"},
    )
    assert response.status_code == 302
    assert Institution.objects.get().name == "Ministerio del Ambiente"
