import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from roads import imports
from roads.models import Branch, ImportJob, Intervention, RoadReport

from .factories import BranchFactory

pytestmark = pytest.mark.django_db

HEADER = "COD;Ramal;Parroquia;Extensión (Km);Necesidad;Último mantenimiento\n"


def upload(text, name="ramales.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"))


def start(kind, file, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.import_start(kind=kind, upload=file)
    job.refresh_from_db()
    return job


def test_a_spreadsheet_with_decimal_commas_is_imported(django_capture_on_commit_callbacks):
    text = HEADER + "LCN017;Vía Atahualpa - Las Amazonas - La Florida;LCN;16,00;3;2020\n"
    text += "MTR101;Vía Monterrey - Matamba: Ramal MI Los Andes;Monterrey;18,40;2;2019\n"
    job = start("ramales", upload(text), django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.DONE, job.errors
    assert (job.saved, job.processed, job.total) == (2, 2, 2)
    branch = Branch.objects.get(code="LCN017")
    assert branch.length_km == Decimal("16.00") and branch.last_maintenance_year == 2020
    assert branch.canton.code == "SDT-LC"


def test_bad_rows_are_reported_one_by_one_and_nothing_is_saved(
    django_capture_on_commit_callbacks,
):
    text = HEADER + (
        "LCN001;Vía buena;LCN;5,0;1;2019\n"
        "LCN002;Vía negativa;LCN;-2,5;1;2019\n"
        "LCN003;Vía cero;LCN;0;1;2019\n"
        "LCN001;Vía repetida;LCN;3;1;2019\n"
        "LCN004;Vía del futuro;LCN;3;1;2999\n"
        "LCN005;Vía perdida;Atlántida;3;1;2019\n"
    )
    job = start("ramales", upload(text), django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.FAILED
    by_row = {(e["line"], e["field"]) for e in job.errors}
    assert by_row == {
        (3, "extension_km"),
        (4, "extension_km"),
        (5, "codigo"),
        (6, "ultimo_mantenimiento"),
        (7, "parroquia"),
    }
    messages = " ".join(e["message"] for e in job.errors)
    assert "fila 2" in messages and "futuro" in messages and "Atlántida" in messages
    assert not Branch.objects.exists()


def test_interventions_import_checks_length_and_dates_per_row(django_capture_on_commit_callbacks):
    BranchFactory(code="MTR200", length_km=Decimal("4.00"))
    text = (
        "codigo,fecha_inicio,fecha_fin,tipo,km_trabajados\n"
        'MTR200,2021-01-10,2021-02-01,rutinario,"3,5"\n'
        'MTR200,2021-03-10,2021-03-20,periódico,"4,5"\n'
        "MTR999,2021-03-10,2021-03-20,rutinario,1\n"
        "MTR200,01/01/2999,02/01/2999,rutinario,1\n"
    )
    job = start("intervenciones", upload(text, "i.csv"), django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.FAILED
    assert {(e["line"], e["field"]) for e in job.errors} == {
        (3, "km_trabajados"),
        (4, "codigo"),
        (5, "fecha_fin"),
    }
    assert not Intervention.objects.exists()


def test_imported_interventions_update_the_last_maintenance_year(
    django_capture_on_commit_callbacks,
):
    BranchFactory(code="MTR201", length_km=Decimal("4.00"), inventory_maintenance_year=2010)
    text = "codigo;fecha_fin;km_trabajados\nMTR201;15/08/2022;2,25\n"
    job = start("intervenciones", upload(text, "i.csv"), django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.DONE, job.errors
    assert Branch.objects.get(code="MTR201").last_maintenance_year == 2022
    assert Intervention.objects.get().end_date == date(2022, 8, 15)


def test_xlsx_files_are_accepted(django_capture_on_commit_callbacks):
    book = Workbook()
    sheet = book.active
    sheet.append(["COD", "Ramal", "Parroquia", "Extensión (Km)"])
    sheet.append(["PPI010", "Vía Plan Piloto", "PPI", 7.3])
    sheet.append(["PPI011", "Vía Plan Piloto 2", "PPI", "2,7"])
    buffer = io.BytesIO()
    book.save(buffer)
    file = SimpleUploadedFile("r.xlsx", buffer.getvalue())
    job = start("ramales", file, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.DONE, job.errors
    assert sorted(Branch.objects.values_list("length_km", flat=True)) == [
        Decimal("2.70"),
        Decimal("7.30"),
    ]


def test_a_redelivered_task_does_not_import_twice(django_capture_on_commit_callbacks):
    from roads import tasks

    text = HEADER + "LCN030;Vía única;LCN;5;1;2019\n"
    job = start("ramales", upload(text), django_capture_on_commit_callbacks)
    assert tasks.import_branches.delay(job.pk).get() == ImportJob.Status.DONE
    assert Branch.objects.count() == 1


def test_the_import_tasks_go_to_the_imports_queue(settings):
    from config.celery import app

    for name in ("roads.tasks.import_branches", "roads.tasks.import_interventions"):
        route = app.amqp.router.route({}, name)
        assert route["queue"].name == "imports"


def test_export_then_import_gives_the_same_rows(client, demo, django_capture_on_commit_callbacks):
    first = b"".join(client.get(reverse("roads:export"), {"format": "csv"}).streaming_content)
    interventions = b"".join(
        client.get(
            reverse("roads:export-interventions"), {"format": "csv", "desde": 2000, "hasta": 2026}
        ).streaming_content
    )
    RoadReport.objects.all().delete()
    Intervention.objects.all().delete()
    Branch.objects.all().delete()
    job = start("ramales", SimpleUploadedFile("r.csv", first), django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.DONE, job.errors[:3]
    file = SimpleUploadedFile("i.csv", interventions)
    job = start("intervenciones", file, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.DONE, job.errors[:3]
    again = b"".join(client.get(reverse("roads:export"), {"format": "csv"}).streaming_content)
    assert again == first
    interventions_again = b"".join(
        client.get(
            reverse("roads:export-interventions"), {"format": "csv", "desde": 2000, "hasta": 2026}
        ).streaming_content
    )
    assert interventions_again == interventions
    rows = list(csv.reader(io.StringIO(again.decode("utf-8-sig"))))
    assert len(rows) == 906


def test_exports_never_carry_reporter_data_and_geojson_is_valid(client, demo):
    data = b"".join(client.get(reverse("roads:export"), {"format": "geojson"}).streaming_content)
    import json

    collection = json.loads(data)
    assert len(collection["features"]) == 905
    first = collection["features"][0]
    assert first["geometry"]["type"] == "LineString"
    response = client.get(reverse("roads:export"), {"format": "xlsx", "necesidad": 4})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize(
    ("text", "level"),
    [("4", 4), ("Alto", 4), ("4. Alto", 4), ("Medio Alto", 3), ("medio bajo", 2), ("BAJO", 1)],
)
def test_need_levels_are_read_by_number_or_by_name(text, level):
    from roads.models import NeedLevel

    assert imports._choice(text, NeedLevel.choices, "necesidad") == level


def test_an_unknown_need_level_is_a_row_error():
    from roads.models import NeedLevel

    with pytest.raises(imports.RowError):
        imports._choice("Urgente", NeedLevel.choices, "necesidad")


def test_an_inventory_update_is_kept_in_the_public_history(
    client, django_capture_on_commit_callbacks
):
    first = HEADER + "LCN040;Vía Las Palmas;LCN;5,0;1;2019\n"
    start("ramales", upload(first), django_capture_on_commit_callbacks)
    second = HEADER + "LCN040;Vía Las Palmas;LCN;5,4;4;2019\n"
    job = start("ramales", upload(second), django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.DONE, job.errors
    branch = Branch.objects.get(code="LCN040")
    assert branch.need_level == 4 and branch.length_km == Decimal("5.40")
    levels = list(branch.history.order_by("history_date").values_list("need_level", flat=True))
    assert levels == [1, 4]
    html = client.get(reverse("roads:branch", args=["LCN040"])).content.decode()
    assert "Importación de inventario" in html and "4. Alto" in html


def test_a_write_refused_by_the_database_fails_the_job_cleanly(
    monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import IntegrityError

    def refuse(cleaned):
        raise IntegrityError("km_worked exceeds the length of branch")

    monkeypatch.setattr(imports, "_write_branches", refuse)
    job = start(
        "ramales", upload(HEADER + "LCN050;Vía;LCN;5;1;2019\n"), django_capture_on_commit_callbacks
    )
    assert job.status == ImportJob.Status.FAILED
    assert "cambiaron durante la importación" in job.errors[0]["message"]
    assert not Branch.objects.exists()


def test_an_import_whose_worker_died_is_reported_as_failed_with_nothing_saved(settings):
    from roads.tasks import fail_stalled_imports

    long_ago = timezone.now() - settings.IMPORT_STALLED_AFTER - timedelta(minutes=1)
    stalled = ImportJob.objects.create(
        kind="ramales", file="r.csv", status=ImportJob.Status.RUNNING, heartbeat_at=long_ago
    )
    alive = ImportJob.objects.create(
        kind="ramales", file="r.csv", status=ImportJob.Status.RUNNING, heartbeat_at=timezone.now()
    )
    assert fail_stalled_imports() == 1
    stalled.refresh_from_db()
    assert stalled.status == ImportJob.Status.FAILED
    assert "vuelva a subir el archivo" in stalled.errors[0]["message"]
    assert ImportJob.objects.get(pk=alive.pk).status == ImportJob.Status.RUNNING


def test_a_job_left_running_from_before_heartbeats_is_judged_by_its_upload_time(settings):
    from roads.tasks import fail_stalled_imports

    job = ImportJob.objects.create(kind="ramales", file="r.csv", status=ImportJob.Status.RUNNING)
    assert fail_stalled_imports() == 0  # uploaded just now: still within its time
    long_ago = timezone.now() - settings.IMPORT_STALLED_AFTER - timedelta(minutes=1)
    ImportJob.objects.filter(pk=job.pk).update(created_at=long_ago)
    assert fail_stalled_imports() == 1


def test_an_import_records_its_progress_time(django_capture_on_commit_callbacks):
    before = timezone.now()
    text = HEADER + "LCN017;Vía Atahualpa;LCN;16,00;3;2020\n"
    job = start("ramales", upload(text), django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.DONE and job.heartbeat_at >= before
