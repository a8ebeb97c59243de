"""Road reports through the shared workflow: Open311, the staff admin, a live worker import."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import report_services
from core.reports import Open311Client, ReportStatus
from roads.models import RoadReport

from .factories import BranchFactory, InterventionFactory

INLINES = ["core-reportevent-content_type-object_id", "core-reportphoto-content_type-object_id"]
EMPTY_INLINES = {f"{p}-{n}": 0 for p in INLINES for n in ("TOTAL_FORMS", "INITIAL_FORMS")}


@pytest.mark.django_db
def test_an_open311_client_files_a_pothole_report(client):
    Open311Client.objects.create(name="App vecinal", api_key="k" * 32)
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": "k" * 32,
            "service_code": "VIA-BACHE",
            "description": "Bache en la curva",
            "address_string": "Km 5 vía a Monterrey",
            "email": "app@example.org",
        },
    )
    assert response.status_code in (200, 201), response.content
    report = RoadReport.objects.get()
    assert report.kind == "bache" and report.severity == 2 and report.source == "open311"
    listed = client.get("/open311/v2/requests.json").json()
    assert listed[0]["service_code"] == "VIA-BACHE"
    assert "app@example.org" not in str(listed)


@pytest.mark.django_db
def test_staff_resolve_a_report_in_the_admin_by_linking_the_intervention(staff_client, technician):
    branch = BranchFactory()
    report = report_services.report_file(
        model=RoadReport,
        fields={"kind": "bache", "branch": branch, "parish": branch.parish, "description": "x"},
    )
    for status in (ReportStatus.IN_REVIEW, ReportStatus.IN_PROGRESS):
        report_services.report_transition(report=report, to_status=status, by=technician)
    intervention = InterventionFactory(branch=branch)
    url = reverse("admin:roads_roadreport_change", args=[report.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "kind": "bache",
            "severity": 2,
            "branch": branch.pk,
            "parish": branch.parish.pk,
            "resolved_by": intervention.pk,
            "description": "x",
            "source": "web",
        }
    )
    for prefix in (
        "core-reportevent-content_type-object_id",
        "core-reportphoto-content_type-object_id",
    ):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED and report.resolved_by == intervention
    assert report.events.filter(to_status=ReportStatus.RESOLVED, created_by=technician).exists()


@pytest.mark.django_db
def test_the_admin_refuses_to_link_while_the_report_is_just_received(staff_client):
    branch = BranchFactory()
    report = report_services.report_file(
        model=RoadReport,
        fields={"kind": "bache", "branch": branch, "parish": branch.parish, "description": "x"},
    )
    url = reverse("admin:roads_roadreport_change", args=[report.pk])
    data = {
        "kind": "bache",
        "severity": 2,
        "branch": branch.pk,
        "parish": branch.parish.pk,
        "resolved_by": InterventionFactory(branch=branch).pk,
        "description": "x",
    }
    for prefix in (
        "core-reportevent-content_type-object_id",
        "core-reportphoto-content_type-object_id",
    ):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "En atención" in response.content.decode()
    assert RoadReport.objects.get(pk=report.pk).resolved_by is None


@pytest.mark.live
@pytest.mark.django_db(transaction=True)
def test_a_branch_import_runs_on_a_live_worker_from_the_imports_queue(live_worker):
    from roads import imports
    from roads.models import Branch, ImportJob

    text = "COD;Ramal;Parroquia;Extensión (Km)\nPPI090;Vía viva;PPI;3,3\n"
    job = imports.import_start(kind="ramales", upload=SimpleUploadedFile("r.csv", text.encode()))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
            break
        time.sleep(0.2)
    assert job.status == ImportJob.Status.DONE, job.errors
    assert Branch.objects.filter(code="PPI090").exists()
