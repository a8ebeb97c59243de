import pytest
from django.core import mail

from core.reports import ReportPhoto, ReportStatus

from .factories import file_complaint, photo_upload

pytestmark = pytest.mark.django_db

ADMIN = "/admin/environment/complaint/"


def test_staff_see_the_complaints_with_the_complainant_in_the_admin(client, technician, complaint):
    client.force_login(technician)
    listing = client.get(ADMIN + "?category__exact=contaminacion_agua")
    assert complaint.tracking_code in listing.content.decode()
    page = client.get(f"{ADMIN}{complaint.pk}/change/").content.decode()
    assert "pedro.aguavil@example.org" in page
    assert "/estado/" in page


@pytest.mark.parametrize("who", [None, "citizen"])
def test_the_public_cannot_reach_the_admin(client, citizen, complaint, who):
    if who:
        client.force_login(citizen)
    response = client.get(f"{ADMIN}{complaint.pk}/change/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_a_technician_moves_a_complaint_and_the_complainant_is_told(
    client, technician, complaint, django_capture_on_commit_callbacks
):
    client.force_login(technician)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{ADMIN}{complaint.pk}/estado/",
            {"to_status": "en_revision", "comment": "Programamos la inspección."},
        )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ReportStatus.IN_REVIEW
    assert mail.outbox[-1].to == ["pedro.aguavil@example.org"]
    assert "Programamos la inspección." in mail.outbox[-1].body
    public = client.get(complaint.get_absolute_url()).content.decode()
    assert "Programamos la inspección." in public


def test_the_admin_refuses_a_rejection_without_reason(client, technician, complaint):
    client.force_login(technician)
    response = client.post(f"{ADMIN}{complaint.pk}/estado/", {"to_status": "rechazada"})
    assert response.status_code == 200
    assert "motivo del rechazo" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == ReportStatus.RECEIVED


def test_a_moderator_hides_a_complaint_with_a_reason(client, moderator, complaint):
    client.force_login(moderator)
    page = client.get(f"{ADMIN}{complaint.pk}/change/").content.decode()
    assert "/moderar/" in page
    url = f"{ADMIN}{complaint.pk}/moderar/"
    assert client.post(url, {"hide_complaint": "on", "reason": ""}).status_code == 200
    complaint.refresh_from_db()
    assert not complaint.is_hidden
    response = client.post(url, {"hide_complaint": "on", "reason": "Acusa a un vecino por nombre"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.is_hidden
    assert complaint.hidden_reason == "Acusa a un vecino por nombre"
    assert complaint.events.filter(kind="hidden", is_public=False).exists()


def test_a_moderator_hides_one_photo(client, moderator):
    complaint = file_complaint(photos=[photo_upload(), photo_upload("b.jpg")])
    photo = ReportPhoto.objects.order_by("pk").first()
    client.force_login(moderator)
    response = client.post(
        f"{ADMIN}{complaint.pk}/moderar/", {"photos": [str(photo.pk)], "reason": "Rostro visible"}
    )
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.is_hidden and photo.hidden_reason == "Rostro visible"
    complaint.refresh_from_db()
    assert not complaint.is_hidden
    assert len(complaint.public_photos) == 1


def test_a_moderator_cannot_change_the_status(client, moderator, complaint):
    client.force_login(moderator)
    response = client.post(f"{ADMIN}{complaint.pk}/estado/", {"to_status": "en_revision"})
    assert response.status_code == 403


def test_a_technician_without_moderation_rights_cannot_moderate(
    client, django_user_model, complaint
):
    clerk = django_user_model.objects.create_user("oficinista", password="x", is_staff=True)
    client.force_login(clerk)
    assert client.get(f"{ADMIN}{complaint.pk}/moderar/").status_code == 403


def test_hiding_a_photo_in_the_admin_inline_needs_a_reason():
    from django.forms import modelform_factory

    from environment.complaints.admin import PhotoInlineForm

    complaint = file_complaint(photos=[photo_upload()])
    photo = ReportPhoto.objects.get(object_id=complaint.pk)
    Form = modelform_factory(
        ReportPhoto, form=PhotoInlineForm, fields=["is_hidden", "hidden_reason"]
    )
    refused = Form({"is_hidden": "on", "hidden_reason": " "}, instance=photo)
    assert not refused.is_valid()
    assert "hidden_reason" in refused.errors
    assert Form({"is_hidden": "on", "hidden_reason": "Rostro"}, instance=photo).is_valid()
