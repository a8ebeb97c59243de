from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agroprices.importing import csv_bytes
from agroprices.models import ImportJob, PriceObservation

from .factories import ObservationFactory

pytestmark = pytest.mark.django_db
ROW = (
    "2025-06-03",
    "platano-barraganete",
    "mercado-17-diciembre",
    "racimo",
    "productor",
    "4.10",
    "",
    "",
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def admin_client(client, administrator):
    administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)
    return client


def test_uploading_in_the_admin_runs_the_import_and_shows_the_report(
    admin_client, plantain, market, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("precios.csv", csv_bytes([ROW, ROW]), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:agroprices_importjob_add"), {"file": upload, "skip_invalid": ""}
        )
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("admin:agroprices_importjob_report", args=[job.pk])
    page = admin_client.get(response["Location"]).content.decode()
    assert "Fallido" in page
    assert "duplicada: repite la fila 2" in page
    assert "import_progress.js" in page and "<progress" in page


def test_a_running_job_page_polls_its_json_status(admin_client, technician):
    job = ImportJob.objects.create(
        file="agroprices/imports/x.csv", status="en_proceso", total=200, processed=50
    )
    page = admin_client.get(reverse("admin:agroprices_importjob_report", args=[job.pk]))
    assert 'http-equiv="refresh"' in page.content.decode()  # for browsers without JS
    status = admin_client.get(reverse("admin:agroprices_importjob_status", args=[job.pk])).json()
    assert (status["percent"], status["finished"], status["status"]) == (25, False, "en_proceso")


def test_the_import_status_is_for_staff_only(client, citizen):
    job = ImportJob.objects.create(file="agroprices/imports/x.csv")
    url = reverse("admin:agroprices_importjob_status", args=[job.pk])
    assert "login" in client.get(url)["Location"]
    client.force_login(citizen)
    assert "login" in client.get(url)["Location"]
    # The address the progress bar first polled sends staff to the shared one.
    old = reverse("agroprices:import-status", args=[job.pk])
    assert client.get(old)["Location"] == url


def test_staff_reject_with_a_reason_from_the_admin(admin_client, plantain, market, farm_gate):
    observation = ObservationFactory(
        product=plantain,
        market=market,
        price_type=farm_gate,
        status=PriceObservation.Status.PENDING,
    )
    url = reverse("admin:agroprices_priceobservation_changelist")
    response = admin_client.post(
        url, {"action": "reject_selected", "_selected_action": [observation.pk]}
    )
    assert "Motivo del rechazo" in response.content.decode()
    admin_client.post(
        url,
        {
            "action": "reject_selected",
            "_selected_action": [observation.pk],
            "rejection_reason": "Unidad equivocada",
        },
    )
    observation.refresh_from_db()
    assert (observation.status, observation.rejection_reason) == ("rechazado", "Unidad equivocada")


def test_staff_validate_pending_prices_from_the_admin(admin_client, plantain, market, farm_gate):
    observation = ObservationFactory(
        product=plantain,
        market=market,
        price_type=farm_gate,
        status=PriceObservation.Status.PENDING,
    )
    admin_client.post(
        reverse("admin:agroprices_priceobservation_changelist"),
        {"action": "validate_selected", "_selected_action": [observation.pk]},
    )
    observation.refresh_from_db()
    assert observation.status == "validado"


def test_the_stock_import_export_resource_imports_a_row(plantain, market):
    import tablib

    from agroprices.resources import PriceObservationResource

    dataset = tablib.Dataset(
        headers=[
            "date",
            "product",
            "market",
            "unit",
            "price_type",
            "price",
            "price_min",
            "price_max",
        ]
    )
    dataset.append(
        [
            "2025-06-03",
            "platano-barraganete",
            "mercado-17-diciembre",
            "kg",
            "productor",
            "0.20",
            "",
            "",
        ]
    )
    result = PriceObservationResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    observation = PriceObservation.objects.get()
    assert observation.standard_price == Decimal("4.0000")
    assert (observation.status, observation.source) == ("validado", "importacion")
    assert observation.date == date(2025, 6, 3)


def test_every_agroprices_model_has_an_admin_page(admin_client):
    for name in [
        "unit",
        "product",
        "market",
        "pricetype",
        "priceobservation",
        "productionrecord",
        "importjob",
    ]:
        assert admin_client.get(reverse(f"admin:agroprices_{name}_changelist")).status_code == 200


def test_collectors_and_citizens_cannot_open_the_import_screens(client, collector, citizen):
    job = ImportJob.objects.create(file="agroprices/imports/x.csv")
    for user in (collector, citizen):
        client.force_login(user)
        status = client.get(reverse("admin:agroprices_importjob_status", args=[job.pk]))
        assert status.status_code == 302 and "login" in status["Location"]
        response = client.get(reverse("admin:agroprices_importjob_report", args=[job.pk]))
        assert response.status_code == 302 and "login" in response["Location"]


def test_a_file_that_is_not_csv_or_xlsx_is_refused_in_the_admin(admin_client):
    upload = SimpleUploadedFile("precios.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = admin_client.post(reverse("admin:agroprices_importjob_add"), {"file": upload})
    assert response.status_code == 200
    assert not ImportJob.objects.exists()


def test_a_technician_validates_pending_prices_in_the_admin(
    staff_client, plantain, market, farm_gate
):
    observation = ObservationFactory(
        product=plantain,
        market=market,
        price_type=farm_gate,
        status=PriceObservation.Status.PENDING,
    )
    url = reverse("admin:agroprices_priceobservation_changelist")
    assert staff_client.get(url + "?status__exact=pendiente").status_code == 200
    staff_client.post(url, {"action": "validate_selected", "_selected_action": [observation.pk]})
    observation.refresh_from_db()
    assert observation.status == "validado"


def test_staff_cannot_edit_a_stored_price_in_the_admin(admin_client, plantain, market, farm_gate):
    observation = ObservationFactory(product=plantain, market=market, price_type=farm_gate)
    url = reverse("admin:agroprices_priceobservation_change", args=[observation.pk])
    admin_client.post(url, {"price": "99.00"})
    observation.refresh_from_db()
    assert observation.price == Decimal("4.00")
    assert admin_client.get(reverse("admin:agroprices_priceobservation_add")).status_code == 403


def test_the_stock_import_screen_is_open_to_staff(staff_client):
    url = reverse("admin:agroprices_priceobservation_import")
    assert staff_client.get(url).status_code == 200


def test_a_gross_typo_through_the_stock_resource_waits_for_review_like_any_other_price(
    plantain, market
):
    import tablib

    from agroprices.resources import PriceObservationResource

    plantain.plausible_min, plantain.plausible_max = Decimal("1"), Decimal("20")
    plantain.save()
    dataset = tablib.Dataset(headers=["date", "product", "market", "unit", "price_type", "price"])
    dataset.append(
        ["2025-06-03", "platano-barraganete", "mercado-17-diciembre", "kg", "productor", "120.00"]
    )
    result = PriceObservationResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    observation = PriceObservation.objects.get()
    assert observation.status == "pendiente"
    assert observation.flags == ["atipico"]
