import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.models import Parish
from core.reports import ReportPhoto, ReportStatus
from environment.complaints import services
from environment.complaints.models import Complaint

from .factories import ComplaintFactory, file_complaint, photo_upload

pytestmark = pytest.mark.django_db

NEW = "/ambiente/denuncias/nueva/"
LIST = "/ambiente/denuncias/"


def form_data(**overrides):
    data = {
        "category": "quema",
        "description": "Están quemando el rastrojo junto al bosque protector.",
        "date_observed": "2026-11-20",
        "parish": Parish.objects.get(code="SJB").pk,
        "location_reference": "Recinto El Búa, entrada a la finca La Esperanza",
        "latitude": "-0.191234",
        "longitude": "-79.412345",
        "reporter_name": "Rosa Calazacón",
        "reporter_email": "rosa.calazacon@example.org",
        "reporter_phone": "0998877665",
        "website": "",
        **overrides,
    }
    return data


def test_the_form_page_has_a_label_for_every_input(client):
    html = client.get(NEW).content.decode()
    ids = set(re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html))
    labels = set(re.findall(r'<label for="([^"]+)"', html))
    assert ids and ids - {"lang-select"} <= labels
    assert 'accept="image/*"' in html
    assert 'data-tiles="https://' in html  # the tap-to-pin map gets its tile server


def test_a_complaint_with_a_photo_is_filed_and_confirmed_with_its_code(client):
    data = form_data(photos=photo_upload())
    response = client.post(NEW, data)
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.status == ReportStatus.RECEIVED
    assert complaint.category == "quema"
    assert complaint.tracking_code.startswith("DA-")
    assert complaint.reporter_email == "rosa.calazacon@example.org"
    page = client.get(response.url).content.decode()
    assert complaint.tracking_code in page
    assert ReportPhoto.objects.filter(object_id=complaint.pk).count() == 1


def test_the_stored_photo_has_no_exif_and_is_resized(client):
    client.post(NEW, form_data(photos=photo_upload(size=(4000, 3000))))
    photo = ReportPhoto.objects.get()
    with photo.image.open("rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
    assert not stored.getexif()
    assert "exif" not in stored.info
    assert max(stored.size) <= 1600


def test_a_text_file_posing_as_a_photo_is_refused_and_nothing_is_saved(client):
    fake = SimpleUploadedFile("foto.jpg", b"MZ not an image", content_type="image/jpeg")
    response = client.post(NEW, form_data(photos=fake))
    assert response.status_code == 400
    assert "no es una imagen válida" in response.content.decode()
    assert not Complaint.objects.exists()
    assert not ReportPhoto.objects.exists()


def test_an_oversized_photo_is_refused(client):
    big = SimpleUploadedFile("big.jpg", b"0" * (8 * 1024 * 1024 + 10), content_type="image/jpeg")
    response = client.post(NEW, form_data(photos=big))
    assert response.status_code == 400
    assert "8 MB" in response.content.decode()
    assert not Complaint.objects.exists()


def test_coordinates_outside_the_province_are_refused(client):
    response = client.post(NEW, form_data(latitude="-2.170998", longitude="-79.922359"))
    assert response.status_code == 400
    assert "fuera de la provincia" in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_date_in_the_future_is_refused(client):
    response = client.post(NEW, form_data(date_observed="2999-01-01"))
    assert response.status_code == 400
    assert "posterior a hoy" in response.content.decode()
    assert not Complaint.objects.exists()


def test_missing_category_and_description_are_reported_in_spanish(client):
    response = client.post(NEW, form_data(category="", description=""))
    assert response.status_code == 400
    assert "Este campo es requerido" in response.content.decode()


def test_a_filled_honeypot_files_nothing(client):
    response = client.post(NEW, form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_an_anonymous_complaint_keeps_no_name(client):
    data = form_data(is_anonymous="on", reporter_email="", reporter_phone="")
    assert client.post(NEW, data).status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.is_anonymous
    assert complaint.reporter_name == ""


def test_without_contact_one_must_choose_anonymous(client):
    response = client.post(NEW, form_data(reporter_email="", reporter_phone=""))
    assert response.status_code == 400
    assert "anónima" in response.content.decode()


def test_anonymous_submissions_are_rate_limited_per_connection(client):
    for _ in range(services.PUBLIC_RATE_LIMIT):
        assert client.post(NEW, form_data()).status_code == 302
    response = client.post(NEW, form_data())
    assert response.status_code == 429
    assert Complaint.objects.count() == services.PUBLIC_RATE_LIMIT


def test_signed_in_citizens_are_not_rate_limited(client, citizen):
    client.force_login(citizen)
    for _ in range(services.PUBLIC_RATE_LIMIT + 1):
        assert client.post(NEW, form_data()).status_code == 302


def test_the_confirmation_needs_the_filing_session(client):
    assert client.get("/ambiente/denuncias/enviada/").status_code == 302


def test_filing_sends_a_receipt_and_a_status_change_sends_an_update(
    client, technician, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEW, form_data())
    complaint = Complaint.objects.get()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rosa.calazacon@example.org"]
    assert complaint.tracking_code in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_transition(
            complaint=complaint, to_status="en_revision", by=technician, comment="La revisamos."
        )
    assert len(mail.outbox) == 2
    assert "En revisión" in mail.outbox[1].subject
    assert "La revisamos." in mail.outbox[1].body


def test_no_email_is_sent_when_none_was_given(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEW, form_data(reporter_email=""))
    assert mail.outbox == []


def test_the_detail_page_shows_the_timeline_and_photos_but_not_the_complainant(client, technician):
    complaint = file_complaint(photos=[photo_upload()])
    services.complaint_transition(
        complaint=complaint, to_status="en_revision", by=technician, comment="Inspección el lunes."
    )
    html = client.get(complaint.get_absolute_url()).content.decode()
    assert "Inspección el lunes." in html
    assert "En revisión" in html
    assert "<img" in html
    for private in ["Pedro Aguavil", "pedro.aguavil@example.org", "0987654321", "10.0.0.9"]:
        assert private not in html
    assert "-0.412345" not in html
    assert "-0.41" in html
    assert technician.username not in html


def test_the_public_list_never_shows_the_complainant(client):
    file_complaint()
    html = client.get(LIST).content.decode()
    for private in ["Pedro Aguavil", "pedro.aguavil@example.org", "0987654321", "-0.412345"]:
        assert private not in html


def test_the_list_filters_by_category_parish_and_status(client, technician):
    water = file_complaint()
    noise = file_complaint(category="ruido", parish=Parish.objects.get(code="MTR"))
    services.complaint_transition(complaint=noise, to_status="en_revision", by=technician)

    def codes(query):
        html = client.get(LIST + query).content.decode()
        return {c for c in (water.tracking_code, noise.tracking_code) if c in html}

    assert codes("") == {water.tracking_code, noise.tracking_code}
    assert codes("?categoria=ruido") == {noise.tracking_code}
    assert codes("?parroquia=LDA") == {water.tracking_code}
    assert codes("?estado=recibida") == {water.tracking_code}
    assert codes("?categoria=nada&parroquia=LDA") == {water.tracking_code}


def test_the_list_counts_complaints_per_category(client):
    file_complaint()
    file_complaint()
    file_complaint(category="ruido")
    html = client.get(LIST).content.decode()
    assert "Denuncias por categoría" in html
    assert '<td>Contaminación de agua</td><td class="num">2</td>' in html
    assert '<td>Ruido</td><td class="num">1</td>' in html


def test_the_map_plots_rounded_points_only(client):
    file_complaint(latitude=Decimal("-0.412345"), longitude=Decimal("-79.301234"))
    file_complaint(latitude=Decimal("-0.414999"), longitude=Decimal("-79.298765"))
    html = client.get(LIST).content.decode()
    assert html.count("<circle") == 1  # both fall in the same ~1 km cell
    assert "-0.41, -79.30: 2" in html
    assert "-0.414999" not in html


def test_hidden_complaints_are_gone_from_public_pages_but_staff_see_them(
    client, complaint, moderator
):
    services.complaint_hide(complaint=complaint, by=moderator, reason="Contiene insultos")
    assert complaint.tracking_code not in client.get(LIST).content.decode()
    assert client.get(complaint.get_absolute_url()).status_code == 404
    assert client.get(f"/seguimiento/?codigo={complaint.tracking_code}").status_code == 404
    client.force_login(moderator)
    html = client.get(complaint.get_absolute_url()).content.decode()
    assert "Contiene insultos" in html


def test_a_hidden_photo_is_not_shown_publicly(client, moderator):
    from core.report_services import photo_hide

    complaint = file_complaint(photos=[photo_upload(), photo_upload("b.jpg")])
    first = ReportPhoto.objects.order_by("pk").first()
    photo_hide(photo=first, by=moderator, reason="Se ve la cara de un menor")
    html = client.get(complaint.get_absolute_url()).content.decode()
    assert first.get_absolute_url() not in html
    assert html.count("<img") == 1
    # Not by its address either: the file is outside the public media and the view refuses.
    assert client.get(first.get_absolute_url()).status_code == 404
    client.force_login(moderator)
    html = client.get(complaint.get_absolute_url()).content.decode()
    assert first.get_absolute_url() in html
    assert "Se ve la cara de un menor" in html
    assert client.get(first.get_absolute_url()).status_code == 200


def test_the_tracking_page_leads_to_the_complaint(client, complaint):
    code = complaint.tracking_code.lower().replace("-", " ")
    response = client.get(f"/seguimiento/?codigo={code}")
    assert response.status_code == 302
    assert response.url == complaint.get_absolute_url()


def test_the_list_page_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    ComplaintFactory.create_batch(3)
    with django_assert_max_num_queries(8):
        client.get(LIST)
    ComplaintFactory.create_batch(30)
    with django_assert_max_num_queries(8):
        assert client.get(LIST).status_code == 200


def test_the_open_data_export_has_no_personal_data(client, complaint):
    for fmt in ("csv", "json", "xlsx"):
        response = client.get(f"/ambiente/denuncias/datos/?format={fmt}")
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if fmt == "xlsx":
            from openpyxl import load_workbook

            sheet = load_workbook(io.BytesIO(body)).active
            text = "\n".join(str(v) for row in sheet.values for v in row)
        else:
            text = body.decode("utf-8-sig")
        assert complaint.tracking_code in text
        for private in ["Pedro Aguavil", "pedro.aguavil@example.org", "0987654321", "10.0.0.9"]:
            assert private not in text
        assert "-0.412345" not in text


def test_the_export_is_listed_in_the_open_data_catalogue(client):
    html = client.get("/datos/").content.decode()
    assert "Denuncias ambientales" in html
    assert "/datos/environment.complaints/descargar.xlsx" in html


def test_the_home_page_links_to_the_complaint_form_and_counts_open_ones(client, complaint):
    html = client.get("/").content.decode()
    assert "/ambiente/denuncias/nueva/" in html
    assert "Denuncias ambientales" in html


def test_more_than_five_photos_are_refused_and_nothing_is_saved(client):
    photos = [photo_upload(f"{n}.jpg", size=(200, 150)) for n in range(6)]
    response = client.post(NEW, form_data(photos=photos))
    assert response.status_code == 400
    assert "hasta 5 fotos" in response.content.decode()
    assert not Complaint.objects.exists()
    assert not ReportPhoto.objects.exists()


def test_a_complaint_filed_by_a_phone_goes_to_resolution_with_a_public_timeline(
    client, technician, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEW, form_data(photos=photo_upload()))
    complaint = Complaint.objects.get()
    steps = [
        ("en_revision", "Un técnico irá el jueves."),
        ("derivada", "Derivada al Ministerio del Ambiente."),
        ("en_atencion", "Se notificó al propietario."),
        ("resuelta", "Se detuvo la quema y se sancionó."),
    ]
    for status, comment in steps:
        with django_capture_on_commit_callbacks(execute=True):
            services.complaint_transition(
                complaint=complaint, to_status=status, by=technician, comment=comment
            )
    complaint.refresh_from_db()
    assert complaint.status == ReportStatus.RESOLVED
    assert complaint.resolved_at is not None
    html = client.get(complaint.get_absolute_url()).content.decode()
    positions = [html.index(comment) for _status, comment in steps]
    assert positions == sorted(positions)
    assert "Resuelta" in html
    assert len(mail.outbox) == 1 + len(steps)
    for private in ["Rosa Calazacón", "rosa.calazacon@example.org", "0998877665"]:
        assert private not in html


def test_the_detail_page_query_count_does_not_grow_with_the_timeline(
    client, technician, django_assert_max_num_queries
):
    complaint = file_complaint(photos=[photo_upload(size=(100, 100))])
    with django_assert_max_num_queries(6):
        client.get(complaint.get_absolute_url())
    for status in ["en_revision", "en_atencion", "resuelta", "en_atencion", "resuelta"]:
        services.complaint_transition(complaint=complaint, to_status=status, by=technician)
    with django_assert_max_num_queries(6):
        assert client.get(complaint.get_absolute_url()).status_code == 200


def test_an_oversized_photo_is_reported_together_with_the_other_errors(client):
    big = SimpleUploadedFile("big.jpg", b"0" * (8 * 1024 * 1024 + 10), content_type="image/jpeg")
    response = client.post(NEW, form_data(photos=big, description=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert "8 MB" in html and 'id="id_description_error"' in html
    assert not Complaint.objects.exists()


def test_after_an_error_the_form_says_the_photos_must_be_chosen_again(client):
    response = client.post(NEW, form_data(photos=photo_upload(), description=""))
    assert response.status_code == 400
    assert "vuelva a elegirlas antes de enviar" in response.content.decode()
    assert "vuelva a elegirlas" not in client.get(NEW).content.decode()


def test_the_form_asks_where_first_and_its_script_messages_are_translated(client):
    html = client.get(NEW).content.decode()
    assert html.index("1. Dónde") < html.index("2. Qué pasó") < html.index("3. Sus datos")
    english = client.get(NEW, headers={"accept-language": "en"}).content.decode()
    assert 'data-searching="Finding your location…"' in english
    assert "Offline: the map cannot be shown" in english


def test_nearby_open_complaints_are_listed_without_personal_data(client):
    near = ComplaintFactory(latitude=Decimal("-0.321000"), longitude=Decimal("-79.012000"))
    ComplaintFactory(latitude=Decimal("-0.100000"), longitude=Decimal("-79.500000"))  # far
    ComplaintFactory(status=ReportStatus.REJECTED, status_reason="Fuera de la provincia")
    ComplaintFactory(is_hidden=True)  # hidden
    data = client.get("/ambiente/denuncias/cercanas/", {"lat": "-0.3215", "lon": "-79.0125"}).json()
    assert [r["code"] for r in data["results"]] == [near.tracking_code]
    assert near.reporter_email not in str(data) and near.reporter_name not in str(data)
    by_parish = client.get("/ambiente/denuncias/cercanas/", {"parroquia": near.parish_id}).json()
    assert near.tracking_code in [r["code"] for r in by_parish["results"]]


@pytest.mark.parametrize(
    "query", [{}, {"lat": "NaN", "lon": "1"}, {"lat": "1e999", "lon": "x"}, {"parroquia": "=1+1"}]
)
def test_nearby_with_hostile_or_missing_input_answers_an_empty_list(client, query):
    response = client.get("/ambiente/denuncias/cercanas/", query)
    assert response.status_code == 200 and response.json() == {"results": []}
