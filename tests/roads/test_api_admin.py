import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import report_services
from roads.models import Branch, ImportJob, RoadReport

from .factories import BranchFactory, InterventionFactory

pytestmark = pytest.mark.django_db


def test_the_figures_endpoint_answers_any_filter(client, demo):
    data = client.get("/api/v1/vialidad/cifras/").json()
    assert (data["total_branches"], data["total_km"]) == (905, "2616.40")
    assert (data["attended_branches"], data["worked_km"]) == (679, "1719.40")
    high = client.get("/api/v1/vialidad/cifras/", {"necesidad": 4, "desde": 2015}).json()
    assert high["total_branches"] < 905 and high["filters"]["desde"] == 2015


def test_the_figures_endpoint_rejects_bad_years_with_field_messages(client):
    response = client.get("/api/v1/vialidad/cifras/", {"desde": "dos mil"})
    assert response.status_code == 400 and "desde" in response.json()


@pytest.mark.parametrize("count", [3, 30])
def test_the_branch_list_endpoint_has_constant_queries(
    client, count, django_assert_max_num_queries
):
    for _ in range(count):
        InterventionFactory()
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/vialidad/ramales/", {"parish": "MTR", "need_level": "2,3"})
    assert response.json()["count"] == count
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/vialidad/intervenciones/").json()["count"] == count


def test_the_report_endpoint_hides_reporter_data(client):
    branch = BranchFactory()
    report_services.report_file(
        model=RoadReport,
        fields={
            "kind": "puente",
            "branch": branch,
            "parish": branch.parish,
            "description": "Puente flojo",
            "reporter_name": "Luis Calazacón",
            "reporter_phone": "0987654321",
            "reporter_email": "luis@example.org",
        },
        ip="10.1.2.3",
    )
    body = client.get("/api/v1/vialidad/reportes/").content.decode()
    assert "Puente flojo" in body
    for private in ("Luis Calazacón", "0987654321", "luis@example.org", "10.1.2.3"):
        assert private not in body


def test_the_api_is_read_only_for_citizens(client, citizen):
    client.force_login(citizen)
    response = client.post("/api/v1/vialidad/ramales/", {"code": "X"})
    assert response.status_code in (403, 405)


def test_anonymous_users_and_citizens_cannot_open_the_roads_admin(client, citizen):
    url = reverse("admin:roads_importjob_add")
    assert client.get(url).status_code == 302
    client.force_login(citizen)
    assert client.get(url).status_code == 302
    assert client.get(reverse("admin:roads_branch_changelist")).status_code == 302


def test_a_technician_imports_branches_through_the_admin(
    staff_client, django_capture_on_commit_callbacks
):
    text = "COD;Ramal;Parroquia;Extensión (Km)\nLVI044;Vía La Villegas;LVI;12,5\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:roads_importjob_add"),
            {"kind": "ramales", "file": SimpleUploadedFile("r.csv", text.encode())},
        )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE and job.created_by is not None
    assert Branch.objects.get(code="LVI044").length_km == 12.5
    listing = staff_client.get(reverse("admin:roads_importjob_changelist")).content.decode()
    assert "<progress" in listing


def test_a_technician_sees_the_admin_screens(staff_client):
    intervention = InterventionFactory()
    for name in ("branch", "intervention", "roadreport", "importjob"):
        assert staff_client.get(reverse(f"admin:roads_{name}_changelist")).status_code == 200
    url = reverse("admin:roads_intervention_change", args=[intervention.pk])
    assert staff_client.get(url).status_code == 200


def test_the_admin_refuses_km_worked_above_the_branch_length(staff_client):
    branch = BranchFactory(length_km=2)
    response = staff_client.post(
        reverse("admin:roads_intervention_add"),
        {
            "branch": branch.pk,
            "start_date": "2021-01-01",
            "end_date": "2021-01-05",
            "kind": "rutinario",
            "km_worked": "3",
        },
    )
    assert response.status_code == 200
    assert "superan la extensión" in response.content.decode()
    assert not branch.interventions.exists()
