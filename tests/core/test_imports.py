"""The shared import framework (core.imports): files over the limits are refused before their
rows are read, in both apps' imports, with a clear job message and nothing saved."""

import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from agroprices import services as price_services
from agroprices.models import ImportJob as PriceImportJob
from agroprices.models import PriceObservation
from core import imports
from roads import imports as road_imports
from roads.models import Branch
from roads.models import ImportJob as RoadImportJob

pytestmark = pytest.mark.django_db


def xlsx(rows, declared=None) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    if declared is None:
        return buffer.getvalue()
    # Rewrites the sheet's declared size, as a hostile 5 KB file does.
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]+"', f'<dimension ref="{declared}"'.encode(), data
                )
            target.writestr(item, data)
    return out.getvalue()


def test_an_xlsx_declaring_a_million_rows_is_refused_before_any_row_is_read():
    bomb = xlsx([["codigo", "nombre"], ["LCN001", "Vía"]], declared="A1:XFD1048576")
    assert len(bomb) < 10_000
    # Was a MemoryError in the roads import and ~35 CPU minutes in the price import.
    with (
        pytest.raises(imports.FileTooLarge, match="filas declaradas"),
        imports.open_table(io.BytesIO(bomb), "bomba.xlsx"),
    ):
        pass


def test_a_roads_import_of_an_exploding_xlsx_fails_with_a_clear_message(
    django_capture_on_commit_callbacks,
):
    bomb = xlsx([["codigo", "nombre"], ["LCN001", "Vía"]], declared="A1:XFD1048576")
    with django_capture_on_commit_callbacks(execute=True):
        job = road_imports.import_start(
            kind="ramales", upload=SimpleUploadedFile("ramales.xlsx", bomb)
        )
    job.refresh_from_db()
    assert job.status == RoadImportJob.Status.FAILED
    assert "demasiado grande" in job.message
    assert job.errors[0]["line"] == 0 and "filas declaradas" in job.errors[0]["message"]
    assert not Branch.objects.exists()


def test_a_price_import_of_an_xlsx_that_unzips_past_the_limit_saves_nothing(
    settings, technician, django_capture_on_commit_callbacks
):
    settings.IMPORT_MAX_MB = 1
    rows = [["date", "product", "market", "unit", "price_type", "price"]]
    rows += [["2025-06-02", "x" * 1000, "m", "kg", "p", "1"] for _ in range(1500)]
    with django_capture_on_commit_callbacks(execute=True):
        job = price_services.import_job_create(
            file=ContentFile(xlsx(rows), name="precios.xlsx"), skip_invalid=True, by=technician
        )
    job.refresh_from_db()
    assert job.status == PriceImportJob.Status.FAILED
    assert "descomprimido" in job.message
    assert not PriceObservation.objects.exists()


def test_a_csv_with_more_rows_than_allowed_is_refused(settings):
    settings.IMPORT_MAX_ROWS = 3
    data = "a,b\n" + "1,2\n" * 4
    with (
        pytest.raises(imports.FileTooLarge, match="filas"),
        imports.open_table(io.BytesIO(data.encode()), "x.csv") as (_header, rows),
    ):
        list(rows)


def test_the_readers_give_file_line_numbers_and_accept_semicolons_and_a_bom():
    data = "\ufeffcodigo;km\nA;1\n\n;\nB;0\n".encode()
    with imports.open_table(io.BytesIO(data), "x.csv") as (header, rows):
        assert header == ["codigo", "km"]
        assert list(rows) == [(2, ("A", "1")), (5, ("B", "0"))]


def test_both_apps_jobs_share_one_status_vocabulary_and_progress_fields():
    for model in (PriceImportJob, RoadImportJob):
        assert [s.value for s in model.Status] == ["en_cola", "en_proceso", "completado", "fallido"]
        names = {f.name for f in model._meta.get_fields()}
        assert {"total", "processed", "saved", "errors", "message", "heartbeat_at"} <= names


# --- the text rule on imported cells (core.text) -----------------------------------------

ROADS_HEADER = "COD;Ramal;Parroquia;Extensión (Km);Necesidad;Último mantenimiento\n"


def test_the_readers_drop_control_characters_from_csv_and_xlsx_cells():
    data = "codigo\x0b,nombre\nLCN001,Vía\x0b al\x03 río\n".encode()
    with imports.open_table(io.BytesIO(data), "x.csv") as (header, rows):
        assert header == ["codigo", "nombre"]
        assert list(rows) == [(2, ("LCN001", "Vía al río"))]
    # XML (so XLSX) cannot hold C0 controls; DEL it can, and the rule drops it too.
    book = xlsx([["codigo", "nombre"], ["LCN001", "Vía\x7f al río"], ["LCN002", 12]])
    with imports.open_table(io.BytesIO(book), "x.xlsx") as (_header, rows):
        assert [(line, values[:2]) for line, values in rows] == [
            (2, ("LCN001", "Vía al río")),
            (3, ("LCN002", 12)),
        ]


def test_a_nul_in_a_cell_refuses_the_file_naming_the_line():
    data = b"codigo,nombre\nLCN001,V\xc3\xada\nLCN002,V\x00a\n"
    with (
        pytest.raises(imports.FileRefused, match="línea 3 contiene un carácter nulo"),
        imports.open_table(io.BytesIO(data), "x.csv") as (_header, rows),
    ):
        list(rows)


def test_a_roads_import_stores_names_without_control_characters(
    django_capture_on_commit_callbacks,
):
    text = ROADS_HEADER + "LCN017;Vía Atahualpa\x0b - Las Amazonas;LCN;16,00;3;2020\n"
    with django_capture_on_commit_callbacks(execute=True):
        job = road_imports.import_start(
            kind="ramales", upload=SimpleUploadedFile("ramales.csv", text.encode())
        )
    job.refresh_from_db()
    assert job.status == RoadImportJob.Status.DONE, job.errors
    assert Branch.objects.get().name == "Vía Atahualpa - Las Amazonas"


def test_a_roads_import_with_a_nul_fails_with_a_clear_message_and_saves_nothing(
    django_capture_on_commit_callbacks,
):
    text = ROADS_HEADER + "LCN017;Vía\x00 Atahualpa;LCN;16,00;3;2020\n"
    with django_capture_on_commit_callbacks(execute=True):
        job = road_imports.import_start(
            kind="ramales", upload=SimpleUploadedFile("ramales.csv", text.encode())
        )
    job.refresh_from_db()
    assert job.status == RoadImportJob.Status.FAILED
    assert "carácter nulo" in job.message and "línea 2" in job.message
    assert not Branch.objects.exists()


def test_a_price_import_with_a_nul_fails_with_a_clear_message_and_saves_nothing(
    technician, django_capture_on_commit_callbacks
):
    data = "date,product,market,unit,price_type,price\n2025-06-02,pl\x00tano,m,kg,p,1\n"
    with django_capture_on_commit_callbacks(execute=True):
        job = price_services.import_job_create(
            file=ContentFile(data.encode(), name="precios.csv"), skip_invalid=True, by=technician
        )
    job.refresh_from_db()
    assert job.status == PriceImportJob.Status.FAILED
    assert "carácter nulo" in job.message
    assert not PriceObservation.objects.exists()
