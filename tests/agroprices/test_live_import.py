"""The import task on a real Celery worker (Redis): serialisation and commit timing are real."""

import time

import pytest
from django.core.files.base import ContentFile

from agroprices import services
from agroprices.importing import csv_bytes
from agroprices.models import ImportJob, PriceObservation

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_an_import_job_runs_on_the_worker_after_commit(live_worker, plantain, market, technician):
    rows = [
        (
            f"2025-06-{day:02d}",
            "platano-barraganete",
            "mercado-17-diciembre",
            "racimo",
            "productor",
            "4.10",
            "",
            "",
        )
        for day in range(1, 29)
    ]
    job = services.import_job_create(
        file=ContentFile(csv_bytes(rows), name="precios.csv"), skip_invalid=False, by=technician
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.finished:
            break
        time.sleep(0.2)
    assert job.status == ImportJob.Status.DONE, job.message
    assert (job.total, job.processed, job.saved) == (28, 28, 28)
    assert PriceObservation.objects.count() == 28
