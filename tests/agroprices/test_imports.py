from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from agroprices import services
from agroprices.importing import COLUMNS, csv_bytes
from agroprices.models import ImportJob, PriceObservation

from .factories import ObservationFactory

pytestmark = pytest.mark.django_db

GOOD = [
    (
        "2025-06-03",
        "platano-barraganete",
        "mercado-17-diciembre",
        "racimo",
        "productor",
        "4.10",
        "3.80",
        "4.50",
    ),
    (
        "2025-06-10",
        "platano-barraganete",
        "mercado-17-diciembre",
        "racimo",
        "productor",
        "4.20",
        "",
        "",
    ),
    (
        "2025-06-10",
        "platano-barraganete",
        "mercado-17-diciembre",
        "kg",
        "mayorista",
        "0.25",
        "",
        "",
    ),
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def run(rows, technician, skip_invalid=False, name="precios.csv", content=None):
    upload = ContentFile(content if content is not None else csv_bytes(rows), name=name)
    job = services.import_job_create(file=upload, skip_invalid=skip_invalid, by=technician)
    return job


def test_a_clean_file_is_imported_whole_by_the_task(
    plantain, market, technician, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = run(GOOD, technician)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert (job.total, job.processed, job.saved) == (3, 3, 3)
    assert job.errors == []
    rows = PriceObservation.objects.order_by("date", "price_type__code")
    assert [(r.date, r.price, r.status, r.source) for r in rows] == [
        (date(2025, 6, 3), Decimal("4.10"), "validado", "importacion"),
        (date(2025, 6, 10), Decimal("0.25"), "validado", "importacion"),
        (date(2025, 6, 10), Decimal("4.20"), "validado", "importacion"),
    ]
    assert rows[1].standard_price == Decimal("5.0000")  # 0.25 per kg / 0.05 racimo per kg
    assert rows[0].price_min == Decimal("3.80")


def test_the_task_is_enqueued_only_after_commit(plantain, market, technician):
    job = run(GOOD, technician)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED
    assert not PriceObservation.objects.exists()


BAD = [
    (
        "2025-06-03",
        "platano-barraganete",
        "mercado-17-diciembre",
        "racimo",
        "productor",
        "-2",
        "",
        "",
    ),
    (
        "2025-06-04",
        "platano-barraganete",
        "mercado-17-diciembre",
        "racimo",
        "productor",
        "0",
        "",
        "",
    ),
    ("2025-06-05", "mango", "mercado-17-diciembre", "racimo", "productor", "3", "", ""),
    ("2025-06-06", "platano-barraganete", "mercado-x", "racimo", "productor", "3", "", ""),
    (
        "2025-06-07",
        "platano-barraganete",
        "mercado-17-diciembre",
        "arroba",
        "productor",
        "3",
        "",
        "",
    ),
    (
        "2025-06-08",
        "platano-barraganete",
        "mercado-17-diciembre",
        "quintal",
        "productor",
        "3",
        "",
        "",
    ),
    (
        "3 de junio",
        "platano-barraganete",
        "mercado-17-diciembre",
        "racimo",
        "productor",
        "3",
        "",
        "",
    ),
    (
        "2025-06-10",
        "platano-barraganete",
        "mercado-17-diciembre",
        "racimo",
        "productor",
        "4.20",
        "",
        "",
    ),
    (
        "2025-06-10",
        "platano-barraganete",
        "mercado-17-diciembre",
        "racimo",
        "productor",
        "4.30",
        "",
        "",
    ),
    (
        "2025-06-11",
        "platano-barraganete",
        "mercado-17-diciembre",
        "racimo",
        "productor",
        "4",
        "5",
        "",
    ),
]
# File lines of GOOD[:1] + BAD: 1 is the header, 2 the good row, BAD starts at line 3.
EXPECTED = [
    (3, "precio debe ser mayor que cero"),
    (4, "precio debe ser mayor que cero"),
    (5, "producto desconocido: «mango»"),
    (6, "mercado desconocido: «mercado-x»"),
    (7, "unidad desconocida: «arroba»"),
    (8, "la unidad «quintal» no está permitida para «platano-barraganete»"),
    (9, "fecha no válida: «3 de junio» (use AAAA-MM-DD)"),
    (11, "duplicada: repite la fila 10"),
    (12, "el precio mínimo es mayor que el precio"),
]


def test_any_invalid_row_cancels_the_whole_file_with_a_report_per_line(
    plantain, market, technician, django_capture_on_commit_callbacks
):
    rows = GOOD[:1] + BAD
    with django_capture_on_commit_callbacks(execute=True):
        job = run(rows, technician)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.saved == 0
    assert not PriceObservation.objects.exists()
    assert [(e["line"], e["message"]) for e in job.errors] == EXPECTED
    assert "No se importó nada" in job.message


def test_staff_may_skip_invalid_rows_and_the_skipped_ones_are_reported(
    plantain, market, technician, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = run(GOOD[:1] + BAD, technician, skip_invalid=True)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert job.saved == 2  # the good row and the first of the duplicated pair
    assert PriceObservation.objects.count() == 2
    assert len(job.errors) == len(EXPECTED)
    assert "Omitidas 9 filas no válidas" in job.message


def test_a_row_already_in_the_database_is_reported_as_duplicate(
    plantain, market, farm_gate, technician, django_capture_on_commit_callbacks
):
    ObservationFactory(product=plantain, market=market, price_type=farm_gate, date=date(2025, 6, 3))
    with django_capture_on_commit_callbacks(execute=True):
        job = run(GOOD, technician)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert [e["line"] for e in job.errors] == [2]
    assert "ya existe" in job.errors[0]["message"]
    assert PriceObservation.objects.count() == 1


def test_a_future_date_is_refused_in_an_import(
    plantain, market, technician, django_capture_on_commit_callbacks
):
    rows = [("2999-01-05", *GOOD[0][1:])]
    with django_capture_on_commit_callbacks(execute=True):
        job = run(rows, technician)
    job.refresh_from_db()
    assert job.errors == [{"line": 2, "field": "", "message": "fecha en el futuro: 2999-01-05"}]


def test_a_file_without_the_required_columns_is_refused(
    plantain, market, technician, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = run([], technician, content=b"fecha,precio\n2025-06-03,4\n")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "Faltan columnas" in job.message
    assert "product" in job.message


def test_an_xlsx_file_imports_like_a_csv(
    plantain, market, technician, django_capture_on_commit_callbacks, tmp_path
):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    sheet.append([date(2025, 6, 3), *GOOD[0][1:5], 4.1, None, None])
    path = tmp_path / "precios.xlsx"
    book.save(path)
    with django_capture_on_commit_callbacks(execute=True):
        job = run([], technician, name="precios.xlsx", content=path.read_bytes())
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.errors
    assert PriceObservation.objects.get().price == Decimal("4.10")


def test_a_redelivered_task_does_not_import_twice(
    plantain, market, technician, django_capture_on_commit_callbacks
):
    from agroprices.tasks import import_prices

    with django_capture_on_commit_callbacks(execute=True):
        job = run(GOOD, technician)
    assert import_prices(job.pk) == "skipped"
    assert PriceObservation.objects.count() == 3


def test_a_key_saved_while_the_file_was_checked_fails_cleanly(
    plantain, market, farm_gate, technician, django_capture_on_commit_callbacks, monkeypatch
):
    from agroprices import importing

    ObservationFactory(product=plantain, market=market, price_type=farm_gate, date=date(2025, 6, 3))
    # As if the conflicting row had been committed after the duplicate check ran.
    monkeypatch.setattr(importing, "_duplicates_in_database", lambda valid, lines: [])
    with django_capture_on_commit_callbacks(execute=True):
        job = run(GOOD, technician)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "Vuelva a intentarlo" in job.message
    assert PriceObservation.objects.count() == 1


def test_repeated_dates_and_prices_are_checked_on_every_line(
    plantain, market, technician, django_capture_on_commit_callbacks
):
    """Parsed dates and prices are reused across lines: an error must still show on each."""
    key = ("platano-barraganete", "mercado-17-diciembre", "racimo")
    rows = [
        ("2025-06-03", *key, "productor", "4.10", "4.10", ""),
        ("2025-06-03", *key, "mayorista", "4,10", "", "4.10"),
        ("2025-06-10", *key, "productor", "abc", "", ""),
        ("2025-06-10", *key, "mayorista", "4.00", "abc", ""),
        ("2025-06-17", *key, "productor", "4.00", "4.10", ""),
        ("3 de junio", *key, "productor", "4.10", "", ""),
        ("3 de junio", *key, "mayorista", "4.10", "", ""),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        job = run(rows, technician, skip_invalid=True)
    job.refresh_from_db()
    assert [(e["line"], e["message"]) for e in job.errors] == [
        (4, "precio no es un número: «abc»"),
        (5, "precio mínimo no es un número: «abc»"),
        (6, "el precio mínimo es mayor que el precio"),
        (7, "fecha no válida: «3 de junio» (use AAAA-MM-DD)"),
        (8, "fecha no válida: «3 de junio» (use AAAA-MM-DD)"),
    ]
    stored = PriceObservation.objects.order_by("price_type__code")
    assert [(o.price, o.price_min, o.price_max) for o in stored] == [
        (Decimal("4.10"), None, Decimal("4.10")),
        (Decimal("4.10"), Decimal("4.10"), None),
    ]


def test_an_import_whose_worker_died_is_marked_failed_instead_of_running_for_ever(settings):
    from agroprices.tasks import fail_stalled_imports

    now = timezone.now()
    long_ago = now - settings.IMPORT_STALLED_AFTER - timedelta(minutes=1)
    running = ImportJob.Status.RUNNING

    def job(status, heartbeat_at):
        return ImportJob.objects.create(file="a.csv", status=status, heartbeat_at=heartbeat_at)

    stalled = job(running, long_ago)
    alive = job(running, now - timedelta(minutes=1))
    finished = job(ImportJob.Status.DONE, long_ago)
    assert fail_stalled_imports() == 1
    stalled.refresh_from_db()
    assert stalled.status == ImportJob.Status.FAILED and stalled.finished_at is not None
    assert "No se guardó nada" in stalled.message
    assert ImportJob.objects.get(pk=alive.pk).status == running
    assert ImportJob.objects.get(pk=finished.pk).status == ImportJob.Status.DONE


def test_a_running_import_records_when_it_last_made_progress(
    plantain, market, technician, django_capture_on_commit_callbacks
):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        job = run(GOOD, technician)
    job.refresh_from_db()
    assert job.heartbeat_at >= before
