"""Approval before publication: where a report type's policy says so, a citizen's complaint or
road report (and its photos) stays off every public page, list, feed, dataset, API and Open311
until staff approve it in the admin; its filer still follows it by the tracking code."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from core.casework import ReportPolicy
from core.models import Parish
from core.reports import Open311Client, ReportPhoto, Review
from environment.complaints.models import Complaint
from roads.models import RoadReport
from tests.environment.complaints.factories import photo_upload

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/environment/complaint/"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def burning_needs_approval(db):
    return ReportPolicy.objects.create(service_code="AMB-QUEMA", requires_moderation=True)


def _file_through_the_form(client, **extra):
    data = {
        "category": "quema",
        "description": "Queman llantas detrás del recinto cada noche.",
        "date_observed": timezone.localdate().isoformat(),
        "parish": Parish.objects.get(code="SJB").pk,
        "location_reference": "Recinto El Búa, detrás de la cancha",
        "latitude": "-0.191234",
        "longitude": "-79.412345",
        "reporter_name": "Rosa Calazacón",
        "reporter_email": "rosa.calazacon@example.org",
        "reporter_phone": "0998877665",
        "website": "",
        "photos": photo_upload(),
        **extra,
    }
    response = client.post("/ambiente/denuncias/nueva/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    complaint = Complaint.objects.get()
    confirmation = client.get(response.url).content.decode()
    assert complaint.tracking_code in confirmation
    assert ("pendiente de revisión" in confirmation) == complaint.is_hidden
    return complaint


def _text(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _found(response):
    return _text(response) if response.status_code == 200 else ""


def _public_surfaces(client, code):
    """Every public place a complaint shows up in, as text."""
    return {
        "list": client.get("/ambiente/denuncias/").content.decode(),
        "api": client.get("/api/v1/ambiente/denuncias/").content.decode(),
        "dataset": _text(client.get("/datos/environment.complaints/descargar.csv")),
        "export": _text(client.get("/ambiente/denuncias/datos/?format=csv")),
        "feed": client.get("/feeds/denuncias.rss").content.decode(),
        "open311": client.get("/open311/v2/requests.json").content.decode(),
        # A 404 names the code it did not find: only a found request counts.
        "open311_one": _found(client.get(f"/open311/v2/requests/{code}.json")),
    }


def test_a_moderated_complaint_is_public_nowhere_until_staff_approve_it(
    client, moderator, burning_needs_approval, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = _file_through_the_form(client)
    code = complaint.tracking_code
    assert (complaint.is_hidden, complaint.review) == (True, Review.PENDING)
    receipt = next(m for m in mail.outbox if m.to == ["rosa.calazacon@example.org"])
    assert "cuando el personal lo apruebe" in receipt.body

    anonymous = client.__class__()
    for where, text in _public_surfaces(anonymous, code).items():
        assert code not in text, where
    home = anonymous.get("/").content.decode()
    assert code not in home
    photo = ReportPhoto.objects.get()
    assert anonymous.get(f"/fotos/{photo.pk}/").status_code == 404

    # Its filer still follows it with the code: the tracking page opens it, marked pending,
    # without photos and without the "report this content" link.
    found = anonymous.get("/seguimiento/", {"codigo": code})
    assert found.status_code == 302
    page = anonymous.get(found.url)
    html = page.content.decode()
    assert page.status_code == 200 and code in html
    assert "pendiente de revisión" in html
    assert f"/fotos/{photo.pk}/" not in html
    assert "Reportar este contenido" not in html

    # A moderator approves it from the admin list (an action, as staff do).
    client.force_login(moderator)
    pending = client.get(CHANGELIST, {"revision": "todo"}).content.decode()
    assert code in pending
    response = client.post(
        CHANGELIST, {"action": "approve_items", "_selected_action": [complaint.pk]}
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.is_hidden, complaint.review) == (False, Review.NONE)

    for where, text in _public_surfaces(anonymous, code).items():
        assert code in text, where
    assert anonymous.get(f"/fotos/{photo.pk}/").status_code == 200
    detail = anonymous.get(complaint.get_absolute_url()).content.decode()
    assert "pendiente de revisión" not in detail and f"/fotos/{photo.pk}/" in detail


def test_types_without_the_flag_and_staff_filings_are_published_at_once(
    client, burning_needs_approval
):
    complaint = _file_through_the_form(client, category="residuos")
    assert (complaint.is_hidden, complaint.review) == (False, Review.NONE)
    assert complaint.tracking_code in client.get("/ambiente/denuncias/").content.decode()


def test_a_moderator_can_hide_a_pending_road_report_for_good(client, moderator):
    ReportPolicy.objects.create(service_code="VIA-BACHE", requires_moderation=True)
    Open311Client.objects.create(name="App vecinal", api_key="k" * 32)
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": "k" * 32,
            "service_code": "VIA-BACHE",
            "description": "Insultos a un vecino con nombre y apellido",
            "address_string": "Km 5 vía a Monterrey",
        },
    )
    assert response.status_code in (200, 201)
    report = RoadReport.objects.get()
    assert report.review == Review.PENDING
    code = report.tracking_code
    assert code not in client.get("/vialidad/reportes/").content.decode()
    assert code not in client.get("/api/v1/vialidad/reportes/").content.decode()
    assert code not in client.get("/open311/v2/requests.json").content.decode()
    assert code not in _text(client.get("/datos/roads.reports/descargar.csv"))
    assert client.get(report.get_absolute_url()).status_code == 200  # its filer's code

    client.force_login(moderator)
    admin_list = "/admin/roads/roadreport/"
    client.post(admin_list, {"action": "hide_items", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert (report.is_hidden, report.review) == (True, Review.NONE)
    client.logout()
    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.get("/seguimiento/", {"codigo": code}).status_code == 404


def test_the_admin_inbox_counts_what_waits_for_approval(
    client, administrator, burning_needs_approval
):
    _file_through_the_form(client)
    client.force_login(administrator)
    html = client.get("/admin/").content.decode()
    row = html[html.index("/admin/environment/complaint/") :]
    row = row[: row.index("</tr>")]
    assert re.search(r'<td class="inbox-review"><a href="[^"]*revision=todo">1</a></td>', row)


def test_only_moderators_and_technicians_may_approve(client, citizen, burning_needs_approval):
    complaint = _file_through_the_form(client)
    client.force_login(citizen)
    client.post(CHANGELIST, {"action": "approve_items", "_selected_action": [complaint.pk]})
    complaint.refresh_from_db()
    assert complaint.review == Review.PENDING
