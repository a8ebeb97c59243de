"""Staff side: new-report alerts and due dates per type, the admin inbox, overdue reminders,
and referrals that e-mail an institution without the citizen's contact unless consented."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core import casework
from core.casework import Institution, Referral, ReportPolicy
from core.reports import ReportEvent
from environment.complaints import services as complaint_services
from environment.complaints.models import Complaint

pytestmark = pytest.mark.django_db


def _file(**extra):
    fields = {
        "category": "deforestacion",
        "description": "Tala de árboles junto al estero.",
        "location_reference": "Vía Alluriquín, km 12",
        "date_observed": timezone.localdate(),
        "reporter_name": "María Chiriboga",
        "reporter_email": "maria@example.org",
        "reporter_phone": "0991234567",
        **extra,
    }
    return complaint_services.complaint_file(fields=fields)


@pytest.fixture
def policy():
    code = casework.service_code_of(Complaint(category="deforestacion"))
    assert code
    return ReportPolicy.objects.create(
        service_code=code, due_days=10, team_emails="ambiente@gad.gob.ec\nguardia@gad.gob.ec"
    )


def test_a_new_report_gets_its_type_s_due_date_and_alerts_its_team(
    policy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = _file()
    complaint.refresh_from_db()
    assert complaint.due_date == timezone.localdate() + timedelta(days=10)
    team = sorted(m.to[0] for m in mail.outbox if complaint.tracking_code in m.subject)
    assert "ambiente@gad.gob.ec" in team and "guardia@gad.gob.ec" in team


def test_the_admin_home_counts_new_and_overdue_cases(admin_client):
    _file()
    late = _file()
    Complaint.objects.filter(pk=late.pk).update(
        status="en_revision", due_date=timezone.localdate() - timedelta(days=1)
    )
    closed = _file()
    Complaint.objects.filter(pk=closed.pk).update(
        status="resuelta",
        resolved_at=timezone.now(),
        due_date=timezone.localdate() - timedelta(days=5),
    )
    html = admin_client.get("/admin/").content.decode()
    assert "Bandeja de casos" in html
    row = html[html.index("/admin/environment/complaint/") :]
    row = row[: row.index("</tr>")]
    assert '<td class="inbox-new">1</td>' in row  # only the one still «recibida»
    assert '<td class="inbox-overdue">1</td>' in row  # the resolved one is not overdue


def test_teams_hear_of_overdue_cases_once_a_day(policy, django_capture_on_commit_callbacks):
    late = _file()
    Complaint.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - timedelta(days=2))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert casework.overdue_reminders() == 2
        assert casework.overdue_reminders() == 0
    assert len(mail.outbox) == 2
    assert late.tracking_code in mail.outbox[0].body


def test_a_referral_emails_the_institution_without_the_citizen_s_contact(
    technician, django_capture_on_commit_callbacks
):
    complaint = _file()
    maate = Institution.objects.create(name="MAATE", email="denuncias@ambiente.gob.ec")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        referral = casework.referral_send(
            report=complaint, institution=maate, by=technician, note="Urgente"
        )
    (sent,) = mail.outbox
    assert sent.to == ["denuncias@ambiente.gob.ec"]
    assert "Tala de árboles junto al estero." in sent.body
    for private in ("María Chiriboga", "maria@example.org", "0991234567"):
        assert private not in sent.body
    assert not referral.with_contact
    complaint.refresh_from_db()
    assert complaint.assigned_institution == "MAATE"
    assert ReportEvent.objects.filter(comment="Derivado a MAATE.", is_public=True).exists()
    casework.referral_answer(referral=referral, answer="Inspección programada.")
    assert Referral.objects.get().answer == "Inspección programada."


def test_with_consent_the_referral_carries_the_contact(
    technician, django_capture_on_commit_callbacks
):
    complaint = _file(share_contact=True)
    maate = Institution.objects.create(name="MAATE", email="denuncias@ambiente.gob.ec")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        casework.referral_send(report=complaint, institution=maate, by=technician)
    assert "maria@example.org" in mail.outbox[0].body


def _refer_in_the_admin(client, complaint, institution, note="Revisar pronto"):
    change = f"/admin/environment/complaint/{complaint.pk}/change/"
    page = client.get(change).content.decode()
    link = f"/admin/environment/complaint/{complaint.pk}/derivar/"
    assert f'href="{link}"' in page and "Derivar a una institución" in page
    form = client.get(link).content.decode()
    response = client.post(link, {"institution": institution.pk, "note": note})
    assert response.status_code == 302 and response.url == change
    return form, client.get(change).content.decode()


def test_staff_refer_a_case_from_the_admin_without_the_citizen_s_contact(
    client, technician, django_capture_on_commit_callbacks
):
    complaint = _file()
    maate = Institution.objects.create(name="MAATE", email="denuncias@ambiente.gob.ec")
    mail.outbox.clear()
    client.force_login(technician)
    with django_capture_on_commit_callbacks(execute=True):
        form, change = _refer_in_the_admin(client, complaint, maate)
    assert "no aceptó compartir su contacto" in form
    (sent,) = mail.outbox
    assert sent.to == ["denuncias@ambiente.gob.ec"]
    assert complaint.tracking_code in sent.subject + sent.body
    assert "Tala de árboles junto al estero." in sent.body and "Revisar pronto" in sent.body
    for private in ("María Chiriboga", "maria@example.org", "0991234567"):
        assert private not in sent.body
    referral = Referral.objects.get()
    assert (referral.institution, referral.sent_by, referral.with_contact) == (
        maate,
        technician,
        False,
    )
    assert "Derivaciones" in change and "MAATE" in change
    public = client.get(complaint.get_absolute_url()).content.decode()
    assert "Derivado a MAATE." in public


def test_with_consent_the_admin_says_so_and_the_e_mail_carries_the_contact(
    client, technician, django_capture_on_commit_callbacks
):
    complaint = _file(share_contact=True)
    maate = Institution.objects.create(name="MAATE", email="denuncias@ambiente.gob.ec")
    mail.outbox.clear()
    client.force_login(technician)
    with django_capture_on_commit_callbacks(execute=True):
        form, _change = _refer_in_the_admin(client, complaint, maate)
    assert "aceptó compartir su contacto" in form and "no aceptó" not in form
    assert "maria@example.org" in mail.outbox[0].body


def test_referral_form_refuses_bad_input_and_people_without_change_rights(
    client, technician, moderator
):
    complaint = _file()
    link = f"/admin/environment/complaint/{complaint.pk}/derivar/"
    client.force_login(technician)
    response = client.post(link, {"institution": "999999", "note": ""})
    assert response.status_code == 400
    assert "Escoja una opción válida" in response.content.decode()
    Complaint.objects.filter(pk=complaint.pk).update(
        status="rechazada", status_reason="No corresponde."
    )
    maate = Institution.objects.create(name="MAATE", email="denuncias@ambiente.gob.ec")
    closed = client.post(link, {"institution": maate.pk})
    assert (
        closed.status_code == 400 and "No se deriva un reporte cerrado." in closed.content.decode()
    )
    client.force_login(moderator)  # may view complaints, not change them
    assert client.get(link).status_code == 403
    assert not Referral.objects.exists()
