"""Bad input that used to answer 500 (issue: bad input never breaks a page or the admin)."""

import json

import pytest
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone

from core.reports import ReportPhoto
from environment.models import StockMovement
from forum.models import MinutesFile
from roads.models import ImportJob
from tests.environment.complaints.factories import file_complaint, photo_upload
from tests.environment.factories import NurseryFactory, SpeciesFactory
from tests.forum.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", ["99999999999", "-1", "0"])
def test_an_impossible_year_on_the_sessions_page_is_a_message_not_a_500(client, year):
    MeetingFactory(title="Sesión ordinaria de marzo")
    response = client.get(f"/foro/sesiones/?year={year}")
    assert response.status_code == 200
    assert "Asegúrese de que este valor" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/foro/sesiones/?year={}",
        "/api/v1/foro/asistencia/?year={}",
        "/api/v1/ambiente/solicitudes/?year={}",
        "/api/v1/ambiente/entregas/?year={}",
    ],
)
@pytest.mark.parametrize("year", ["99999999999", "-1"])
def test_an_impossible_year_in_the_api_is_a_400_with_the_field(client, url, year):
    response = client.get(url.format(year))
    assert response.status_code == 400
    assert "year" in response.json()


def test_a_plausible_year_still_filters(client):
    MeetingFactory(starts_at=timezone.now().replace(year=2021))
    response = client.get("/api/v1/foro/sesiones/?year=2021")
    assert response.status_code == 200 and response.json()["count"] == 1
    assert client.get("/api/v1/foro/sesiones/?year=2030").json()["count"] == 0


def test_the_change_page_of_a_complaint_with_a_photo_links_to_the_private_view(client, technician):
    complaint = file_complaint(photos=[photo_upload()])
    photo = ReportPhoto.objects.get()
    client.force_login(technician)
    response = client.get(f"/admin/environment/complaint/{complaint.pk}/change/")
    assert response.status_code == 200
    assert f'href="/fotos/{photo.pk}/"' in response.content.decode()
    assert client.get(f"/fotos/{photo.pk}/").status_code == 200


def test_meetings_with_minutes_files_and_the_file_list_open_in_the_admin(client, technician):
    meeting = MeetingFactory()
    attachment = MinutesFile.objects.create(
        meeting=meeting, title="Acta firmada", file=ContentFile(b"%PDF-1.4 acta", name="acta.pdf")
    )
    client.force_login(technician)
    page = client.get(f"/admin/forum/meeting/{meeting.pk}/change/")
    assert page.status_code == 200
    assert f'href="/foro/actas/archivos/{attachment.pk}/"' in page.content.decode()
    assert client.get("/admin/forum/minutesfile/").status_code == 200
    assert client.get(f"/admin/forum/minutesfile/{attachment.pk}/change/").status_code == 200


def test_a_recorded_stock_movement_opens_in_the_admin(client, technician):
    movement = StockMovement.objects.create(
        nursery=NurseryFactory(),
        species=SpeciesFactory(),
        kind="produccion",
        quantity=100,
        occurred_on=timezone.localdate(),
    )
    client.force_login(technician)
    response = client.get(f"/admin/environment/stockmovement/{movement.pk}/change/")
    assert response.status_code == 200


def test_an_import_error_with_braces_is_shown_as_text(client, technician):
    job = ImportJob.objects.create(
        kind=ImportJob.Kind.BRANCHES,
        file=ContentFile(b"x", name="ramales.csv"),
        status=ImportJob.Status.FAILED,
        errors=[{"line": 3, "field": "COD", "message": "valor {x} <b>raro</b>"}],
    )
    client.force_login(technician)
    response = client.get(f"/admin/roads/importjob/{job.pk}/change/", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "valor {x} &lt;b&gt;raro&lt;/b&gt;" in html


def test_a_missing_page_has_the_portals_layout_in_spanish_and_english(client):
    response = client.get("/no-existe/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Página no encontrada" in html and 'href="/"' in html and "site-header" in html
    client.cookies["django_language"] = "en"
    assert "Page not found" in client.get("/no-existe/").content.decode()


@pytest.mark.parametrize("code", ["400", "403", "429", "500"])
def test_every_error_page_offers_a_way_back(code):
    html = render_to_string(f"{code}.html")
    assert f"({code})" in html and "Ir al inicio" in html


@pytest.mark.parametrize(
    "query",
    [
        "start_date=2022-13-45T00:00:00",
        "end_date=2022-02-30T00:00:00-05:00",
        "start_date=mañana",
        "service_request_id=AB%00CD",
        "service_request_id=" + "X" * 500,
        "status=abierto",
        "service_code=%00",
    ],
)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_bad_open311_list_parameters_are_a_400_in_open311s_error_format(client, query, fmt):
    response = client.get(f"/open311/v2/requests.{fmt}?{query}")
    assert response.status_code == 400
    if fmt == "json":
        (error,) = response.json()
        assert error["code"] == 400 and error["description"]
    else:
        from xml.etree import ElementTree

        root = ElementTree.fromstring(response.content)  # well-formed
        assert root.tag == "errors"


def test_a_nul_byte_in_an_open311_request_id_is_a_404(client):
    response = client.get("/open311/v2/requests/AB%00CD.json")
    assert response.status_code == 404


def test_a_stored_control_character_does_not_break_the_open311_xml_feed(client):
    from environment.complaints.models import Complaint

    complaint = file_complaint()
    Complaint.objects.filter(pk=complaint.pk).update(description="Humo\x0bnegro\x03 del botadero")
    response = client.get(f"/open311/v2/requests.xml?service_request_id={complaint.tracking_code}")
    from xml.etree import ElementTree

    root = ElementTree.fromstring(response.content)
    assert "Humonegro del botadero" in root.find("request/description").text


# One text rule for input ------------------------------------------------------------------


def _open311_post(client, **overrides):
    from core.reports import Open311Client

    key = Open311Client.objects.get_or_create(name="App", api_key="clave-app-123")[0].api_key
    data = {
        "api_key": key,
        "service_code": "AMB-MINERIA",
        "lat": "-0.252525",
        "long": "-79.171717",
        "description": "Extracción de material pétreo en el río",
        **overrides,
    }
    return client.post("/open311/v2/requests.json", data)


def test_control_characters_pasted_into_a_report_are_removed_before_it_is_stored(client):
    from environment.complaints.models import Complaint

    response = _open311_post(client, description="Humo\x0bnegro\x03 en el\tbotadero\n")
    assert response.status_code == 201
    assert Complaint.objects.get().description.strip() == "Humonegro en el\tbotadero"


@pytest.mark.parametrize("size", [4001, 100_000])
def test_an_oversized_description_is_refused_and_nothing_stored(client, size):
    from environment.complaints.models import Complaint

    response = _open311_post(client, description="x" * size)
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_a_nul_byte_in_a_proposal_is_refused_with_a_message(db):
    from django.core.exceptions import ValidationError

    from tests.proposals.factories import ProposalFactory

    proposal = ProposalFactory()
    proposal.title = "Agua\x00potable"
    with pytest.raises(ValidationError) as exc:
        proposal.full_clean(exclude=["consultation", "theme"])
    assert "carácter nulo" in str(exc.value.message_dict["title"])


# Exports: formulas and illegal characters ---------------------------------------------------


def _hostile_complaint():
    from environment.complaints.models import Complaint

    complaint = file_complaint()
    Complaint.objects.filter(pk=complaint.pk).update(
        description="=cmd|' /C calc'!A0 humo\x0bnegro", location_reference="@SUM(1+1)"
    )
    return complaint


def test_the_public_complaints_csv_neutralises_formulas(client):
    import csv
    import io

    _hostile_complaint()
    body = b"".join(client.get("/ambiente/denuncias/datos/?format=csv").streaming_content)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    assert any(cell.startswith("'=cmd") for cell in cells)


def test_the_public_complaints_xlsx_opens_after_a_control_character_and_has_no_formula(client):
    import io

    from openpyxl import load_workbook

    _hostile_complaint()
    response = client.get("/ambiente/denuncias/datos/?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in sheet.iter_rows(min_row=2) for c in row if c.value]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert any(str(v).startswith("'=cmd") and "humonegro" in str(v) for v in values)


def test_negative_numbers_stay_numbers_and_json_keeps_the_text(client):
    from decimal import Decimal

    from core.exports import tabular_response

    response = tabular_response(["n", "t"], [(Decimal("-2.5"), "=1+1")], "csv", "x")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "-2.5,'=1+1" in body
    response = tabular_response(["n", "t"], [(Decimal("-2.5"), "=1+1")], "json", "x")
    assert json.loads(b"".join(response.streaming_content)) == [{"n": -2.5, "t": "=1+1"}]


@pytest.mark.parametrize("credentials", ["tec\x00nico:clave", "tecnico:cla\x00ve"])
def test_a_nul_byte_in_http_basic_credentials_is_refused_not_a_500(client, credentials):
    import base64

    token = base64.b64encode(credentials.encode()).decode()
    response = client.get(
        "/api/v1/foro/sesiones/", HTTP_AUTHORIZATION=f"Basic {token}", REMOTE_ADDR="10.7.7.7"
    )
    assert response.status_code in (401, 403)


def test_an_oversized_body_is_refused_from_its_content_length_before_it_is_read(client):
    response = client.generic(
        "POST",
        "/ambiente/denuncias/nueva/",
        data=b"x" * 10,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(300 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "Envío demasiado grande" in response.content.decode()


def test_a_photo_with_too_many_pixels_is_refused_with_a_message():
    import io

    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from core.photos import clean_image

    buffer = io.BytesIO()
    Image.new("L", (7000, 4000)).save(buffer, format="PNG")  # 28 MP, a few KB compressed
    upload = SimpleUploadedFile("grande.png", buffer.getvalue(), content_type="image/png")
    with pytest.raises(ValidationError) as exc:
        clean_image(upload)
    assert "megapíxeles" in exc.value.messages[0]
