import io

import rules
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from forum.models import Actor, Membership

from .factories import ActorFactory


def test_staff_open_every_forum_admin_list(admin_client, membership, meeting):
    for model in [
        "actor",
        "membership",
        "meeting",
        "attendance",
        "agendaitem",
        "decision",
        "minutesfile",
    ]:
        response = admin_client.get(reverse(f"admin:forum_{model}_changelist"))
        assert response.status_code == 200, model


def test_a_citizen_cannot_open_the_forum_admin(client, citizen):
    client.force_login(citizen)
    response = client.get(reverse("admin:forum_actor_changelist"))
    assert response.status_code == 302


def test_the_staff_export_includes_contact_fields(admin_client, actor):
    url = reverse("admin:forum_actor_export")
    response = admin_client.post(
        url,
        {
            "format": "0",
            "resource": "0",
            **{f"actorresource_{f}": "on" for f in ["name", "contact_email"]},
        },
    )
    text = response.content.decode("utf-8", "ignore")
    assert actor.contact_email in text, text[:500]


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "actores.xlsx"
    return data


HEADER = ["name", "kind", "sector", "parish", "status", "contact_email"]


def _import(admin_client, upload, fmt):
    return admin_client.post(
        reverse("admin:forum_actor_import"),
        {"import_file": upload, "format": fmt, "resource": "0"},
    )


def _format_index(admin_client, name):
    form = admin_client.get(reverse("admin:forum_actor_import")).context["form"]
    return next(str(v) for v, label in form.fields["format"].choices if label.lower() == name)


def test_staff_import_actors_from_xlsx(admin_client, db):
    upload = _xlsx(
        [
            HEADER,
            [
                "Red de Mujeres Tsáchilas",
                "organizacion",
                "pueblo",
                "sdo",
                "activo",
                "red@privado.ec",
            ],
        ]
    )
    response = _import(admin_client, upload, _format_index(admin_client, "xlsx"))
    assert response.status_code == 200
    confirm = response.context["confirm_form"]
    admin_client.post(reverse("admin:forum_actor_process_import"), confirm.initial)
    actor = Actor.objects.get()
    assert (actor.name, actor.parish.code, actor.contact_email) == (
        "Red de Mujeres Tsáchilas",
        "SDO",
        "red@privado.ec",
    )


def test_an_import_with_a_bad_row_reports_it_and_saves_nothing(admin_client, db):
    csv = io.BytesIO(
        (
            ",".join(HEADER)
            + "\nBuena,organizacion,academia,SDO,activo,\nMala,organizacion,academia,XXX,activo,\n"
        ).encode()
    )
    csv.name = "actores.csv"
    response = _import(admin_client, csv, _format_index(admin_client, "csv"))
    assert response.status_code == 200
    assert (
        response.context["result"].has_validation_errors()
        or response.context["result"].has_errors()
    )
    assert not Actor.objects.exists()


def test_saving_a_membership_in_the_admin_grants_the_role(admin_client, db):
    user = get_user_model().objects.create_user("nuevo", email="nuevo@example.org")
    actor = ActorFactory()
    response = admin_client.post(
        reverse("admin:forum_membership_add"),
        {
            "user": user.pk,
            "actor": actor.pk,
            "role": "miembro",
            "status": "activa",
            "joined_on": "2021-01-01",
        },
    )
    assert response.status_code == 302, (
        response.context["adminform"].errors if response.context else ""
    )
    assert rules.test_rule("core.is_forum_member", user)


def test_ending_a_membership_in_the_admin_withdraws_the_role(admin_client, membership):
    response = admin_client.post(
        reverse("admin:forum_membership_change", args=[membership.pk]),
        {
            "user": membership.user.pk,
            "actor": membership.actor.pk,
            "role": "miembro",
            "status": "activa",
            "joined_on": "2020-10-15",
            "left_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    assert not rules.test_rule("core.is_forum_member", membership.user)
    assert Membership.history.filter(id=membership.pk).count() == 2


def test_the_admin_refuses_minutes_dated_before_the_meeting(admin_client, meeting):
    url = reverse("admin:forum_meeting_change", args=[meeting.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    early = timezone.localtime(meeting.starts_at)
    data.update(
        {
            "title": meeting.title,
            "minutes": "Acta de la sesión",
            "starts_at_0": early.strftime("%d/%m/%Y"),
            "starts_at_1": early.strftime("%H:%M:%S"),
            "ends_at_0": timezone.localtime(meeting.ends_at).strftime("%d/%m/%Y"),
            "ends_at_1": timezone.localtime(meeting.ends_at).strftime("%H:%M:%S"),
            "minutes_published_at_0": early.strftime("%d/%m/%Y"),
            "minutes_published_at_1": early.strftime("%H:%M:%S"),
        }
    )
    for prefix in ["agenda_items", "decisions", "files", "attendances"]:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "solo puede publicarse después de la sesión" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes_published_at is None


def test_the_admin_attendance_inline_refuses_someone_who_was_not_yet_a_member(admin_client, db):
    from datetime import timedelta

    from forum.models import Attendance

    from .factories import MeetingFactory, MembershipFactory

    meeting = MeetingFactory(starts_at=timezone.now() - timedelta(days=400))
    late = MembershipFactory(joined_on=timezone.localdate() - timedelta(days=5))
    url = reverse("admin:forum_meeting_change", args=[meeting.pk])
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    data = {
        "title": meeting.title,
        "starts_at_0": start.strftime("%d/%m/%Y"),
        "starts_at_1": start.strftime("%H:%M:%S"),
        "ends_at_0": end.strftime("%d/%m/%Y"),
        "ends_at_1": end.strftime("%H:%M:%S"),
        "attendances-TOTAL_FORMS": "1",
        "attendances-INITIAL_FORMS": "0",
        "attendances-0-member": str(late.pk),
        "attendances-0-status": "presente",
    }
    for prefix in ["agenda_items", "decisions", "files"]:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "no era miembro activo" in response.content.decode()
    assert not Attendance.objects.exists()
    data["attendances-0-member"] = str(MembershipFactory(joined_on=start.date()).pk)
    assert admin_client.post(url, data).status_code == 302
    assert Attendance.objects.get().recorded_by.is_superuser


def test_deleting_a_membership_in_the_admin_withdraws_the_role(admin_client, membership):
    url = reverse("admin:forum_membership_delete", args=[membership.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Membership.objects.exists()
    assert not rules.test_rule("core.is_forum_member", membership.user)
