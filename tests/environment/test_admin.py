import pytest
import tablib
from django.urls import reverse

from environment.models import (
    Delivery,
    DeliveryLine,
    FollowUpVisit,
    Nursery,
    NurseryStock,
    RequestStatus,
    SeedlingRequest,
    Species,
    StockMovement,
)
from environment.resources import NurseryResource, SpeciesResource

from .factories import SeedlingRequestFactory, approved_request, deliver, stock

pytestmark = pytest.mark.django_db
MODELS = [
    Species,
    Nursery,
    NurseryStock,
    StockMovement,
    SeedlingRequest,
    Delivery,
    DeliveryLine,
    FollowUpVisit,
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_has_a_working_admin_list(admin_client, model, nursery, laurel):
    stock(nursery, laurel, 20)
    deliver(approved_request({laurel: 5}), nursery, {laurel: 5})
    url = reverse(f"admin:environment_{model._meta.model_name}_changelist")
    assert admin_client.get(url).status_code == 200


def test_admin_movements_go_through_the_service_and_cannot_overdraw(admin_client, nursery, laurel):
    url = reverse("admin:environment_stockmovement_add")
    data = {
        "nursery": nursery.pk,
        "species": laurel.pk,
        "kind": "produccion",
        "quantity": 30,
        "occurred_on": "2022-01-10",
    }
    assert admin_client.post(url, data).status_code == 302
    refused = admin_client.post(url, {**data, "kind": "perdida", "quantity": 31})
    assert refused.status_code == 200
    assert "No hay suficientes plántulas: hay 30." in refused.content.decode()
    assert NurseryStock.objects.get().quantity == 30
    assert StockMovement.objects.count() == 1


def test_admin_rejection_needs_a_reason(admin_client):
    req = SeedlingRequestFactory()
    url = reverse("admin:environment_seedlingrequest_change", args=[req.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "parish": req.parish_id,
            "status": RequestStatus.REJECTED,
            "rejection_reason": "",
            "lines-TOTAL_FORMS": 0,
            "lines-INITIAL_FORMS": 0,
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Indique el motivo del rechazo." in response.content.decode()
    data["rejection_reason"] = "Terreno fuera de la provincia"
    assert admin_client.post(url, data).status_code == 302
    req.refresh_from_db()
    assert req.status == RequestStatus.REJECTED


def test_species_import_reads_uses_by_key_or_label():
    data = tablib.Dataset(headers=["scientific_name", "common_name", "family", "origin", "uses"])
    data.append(
        ["Ceiba pentandra", "Ceibo", "Malvaceae", "nativa", "sombra; Protección de riberas"]
    )
    result = SpeciesResource().import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Species.objects.get().uses == ["sombra", "ribera"]


def test_species_import_preview_reports_an_unknown_use_and_saves_nothing():
    data = tablib.Dataset(headers=["scientific_name", "common_name", "family", "origin", "uses"])
    data.append(["Ceiba pentandra", "Ceibo", "Malvaceae", "nativa", "sombra"])
    data.append(["Tectona grandis", "Teca", "Lamiaceae", "introducida", "ornamental"])
    # The admin previews (dry run) first and offers no confirmation while a row is invalid.
    result = SpeciesResource().import_data(data, dry_run=True, use_transactions=True)
    assert result.has_validation_errors()
    assert [row.number for row in result.invalid_rows] == [2]
    assert Species.objects.count() == 0


def test_nursery_import_links_parishes_by_code():
    data = tablib.Dataset(headers=["code", "name", "parish"])
    data.append(["VIV-MTR", "Vivero Monterrey", "MTR"])
    result = NurseryResource().import_data(data, dry_run=False)
    assert not result.has_errors()
    assert Nursery.objects.get().parish.name == "Monterrey"


def test_staff_register_a_request_taken_by_phone_in_the_admin(admin_client, laurel):
    from core.models import Parish

    url = reverse("admin:environment_seedlingrequest_add")
    data = {
        "applicant_kind": "comunidad",
        "applicant_name": "Comuna Chigüilpe",
        "applicant_phone": "0990000000",
        "parish": Parish.objects.get(code="SDO").pk,
        "land_area_ha": "3",
        "purpose": "Reforestar la ribera",
        "received_on": "2022-05-02",
        "lines-TOTAL_FORMS": 1,
        "lines-INITIAL_FORMS": 0,
        "lines-0-species": laurel.pk,
        "lines-0-quantity": 200,
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    req = SeedlingRequest.objects.get()
    assert req.tracking_code.startswith("RF-") and req.status == RequestStatus.RECEIVED
    assert req.lines.get().quantity == 200
