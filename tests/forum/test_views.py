import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from forum import services
from forum.models import Attendance

from .factories import (
    ActorFactory,
    AgendaItemFactory,
    AttendanceFactory,
    DecisionFactory,
    MeetingFactory,
    MembershipFactory,
)

PUBLIC_PAGES = [
    "forum:index",
    "forum:actor-list",
    "forum:mapping",
    "forum:meeting-list",
    "forum:participation",
]


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_open_to_anonymous_visitors(client, actor, name):
    assert client.get(reverse(name)).status_code == 200


def test_contact_data_never_appears_on_public_pages(client, membership, meeting):
    actor = membership.actor
    AttendanceFactory(meeting=meeting, member=membership)
    services.minutes_publish(meeting=meeting, text="Acta pública")
    urls = [reverse(n) for n in PUBLIC_PAGES] + [
        actor.get_absolute_url(),
        meeting.get_absolute_url(),
        reverse("forum:calendar-ics"),
        reverse("core:home"),
    ]
    for url in urls:
        html = body(client.get(url))
        for secret in (actor.contact_email, actor.contact_phone, actor.contact_name):
            assert secret not in html, (url, secret)
        assert membership.user.email not in html


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_open_data_exports_carry_no_contact_data(client, actor, fmt):
    text = body(client.get(reverse("forum:export-actors"), {"format": fmt}))
    assert actor.name in text
    assert actor.contact_email not in text
    assert actor.contact_phone not in text
    assert actor.contact_name not in text


def test_the_xlsx_export_carries_no_contact_data(client, actor):
    response = client.get(reverse("forum:export-actors"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {str(c.value) for row in sheet.iter_rows() for c in row}
    assert actor.name in cells
    assert not {actor.contact_email, actor.contact_phone, actor.contact_name} & cells


def test_the_attendance_export_lists_each_record(client, meeting, membership):
    AttendanceFactory(meeting=meeting, member=membership, status="justificada")
    text = body(client.get(reverse("forum:export-attendance"), {"format": "csv"}))
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [(r["actor"], r["asistencia"]) for r in rows] == [(membership.actor.name, "justificada")]
    assert membership.user.email not in text


def test_the_directory_filters_by_sector_and_parish(client, db):
    from core.models import Parish

    ActorFactory(
        name="Universidad del Búa", sector="academia", parish=Parish.objects.get(code="SJB")
    )
    ActorFactory(name="Colectivo del Centro", sector="sociedad_civil")
    ActorFactory(name="Universidad Central", sector="academia")
    html = body(client.get(reverse("forum:actor-list"), {"sector": "academia", "parish": "SJB"}))
    assert "Universidad del Búa" in html
    assert "Colectivo del Centro" not in html and "Universidad Central" not in html


def test_the_mapping_page_charts_actors_by_sector_and_territory(client, db):
    from core.models import Parish

    for _ in range(3):
        ActorFactory(sector="academia", parish=Parish.objects.get(code="MTR"))
    ActorFactory(sector="pueblo")
    response = client.get(reverse("forum:mapping"))
    html = body(response)
    assert html.count("<svg") >= 2
    assert dict(response.context["by_sector"])["Academia"] == 3
    assert dict(response.context["by_parish"])["Monterrey"] == 3
    assert "Monterrey" in html and "Pueblo o nacionalidad" in html


def test_the_meeting_page_shows_agenda_minutes_decisions_and_attendance(
    client, meeting, membership
):
    AgendaItemFactory(meeting=meeting, title="Votación de la matriz")
    DecisionFactory(meeting=meeting, text="Se eligen tres compromisos")
    AttendanceFactory(meeting=meeting, member=membership, status="presente")
    services.minutes_publish(meeting=meeting, text="El foro sesionó con quórum.")
    html = body(client.get(meeting.get_absolute_url()))
    for text in (
        "Votación de la matriz",
        "Se eligen tres compromisos",
        "El foro sesionó con quórum.",
    ):
        assert text in html
    assert membership.actor.name in html and "Presente" in html


def test_unpublished_minutes_stay_hidden(client, meeting):
    meeting.minutes = "Borrador confidencial"
    meeting.save()
    html = body(client.get(meeting.get_absolute_url()))
    assert "Borrador confidencial" not in html
    assert "El acta se publica después de la sesión." in html


def test_the_calendar_lists_upcoming_and_past_meetings(client, meeting):
    upcoming = MeetingFactory(
        title="Sesión de diciembre", starts_at=timezone.now() + timedelta(days=5)
    )
    response = client.get(reverse("forum:meeting-list"))
    assert response.context["upcoming"] == [upcoming]
    assert response.context["past"] == [meeting]


# Check-in and staff attendance ------------------------------------------------------------


def _open_meeting():
    start = timezone.now() - timedelta(minutes=15)
    return MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=2))


def test_a_member_sees_the_check_in_button_during_the_meeting(client, member_user):
    meeting = _open_meeting()
    client.force_login(member_user)
    html = body(client.get(meeting.get_absolute_url()))
    assert "Registrar mi asistencia" in html


def test_a_member_checks_in_from_the_meeting_page(client, member_user):
    meeting = _open_meeting()
    client.force_login(member_user)
    response = client.post(
        reverse("forum:check-in", args=[meeting.pk]), {"code": meeting.check_in_code()}, follow=True
    )
    assert "Su asistencia quedó registrada" in body(response)
    assert Attendance.objects.get().member.user == member_user


def test_staff_see_the_code_during_the_session_and_members_do_not(client, member_user, technician):
    meeting = _open_meeting()
    client.force_login(member_user)
    assert meeting.check_in_code() not in body(client.get(meeting.get_absolute_url()))
    client.force_login(technician)
    assert meeting.check_in_code() in body(client.get(meeting.get_absolute_url()))


def test_a_wrong_code_is_refused_with_a_spanish_message(client, member_user):
    meeting = _open_meeting()
    client.force_login(member_user)
    wrong = "123456" if meeting.check_in_code() != "123456" else "654321"
    response = client.post(
        reverse("forum:check-in", args=[meeting.pk]), {"code": wrong}, follow=True
    )
    assert "código de asistencia no es correcto" in body(response)
    assert not Attendance.objects.exists()


def test_check_in_outside_the_window_shows_a_spanish_message(client, member_user, meeting):
    client.force_login(member_user)
    response = client.post(reverse("forum:check-in", args=[meeting.pk]), follow=True)
    assert "solo está abierto durante la sesión" in body(response)
    assert not Attendance.objects.exists()


def test_anonymous_check_in_is_sent_to_log_in(client, db):
    meeting = _open_meeting()
    response = client.post(reverse("forum:check-in", args=[meeting.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/cuenta/ingresar/?next=")
    assert not Attendance.objects.exists()


def test_a_citizen_check_in_is_refused(client, citizen):
    meeting = _open_meeting()
    client.force_login(citizen)
    response = client.post(
        reverse("forum:check-in", args=[meeting.pk]), {"code": meeting.check_in_code()}, follow=True
    )
    assert "Solo los miembros activos" in body(response)
    assert not Attendance.objects.exists()


def test_only_staff_open_the_attendance_sheet(client, citizen, member_user, meeting):
    url = reverse("forum:meeting-attendance", args=[meeting.pk])
    assert client.get(url).status_code == 302
    client.force_login(citizen)
    assert client.get(url).status_code == 403
    client.force_login(member_user)
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


def test_staff_record_attendance_on_the_sheet(staff_client, meeting, membership):
    other = MembershipFactory()
    url = reverse("forum:meeting-attendance", args=[meeting.pk])
    assert membership.actor.name in body(staff_client.get(url))
    response = staff_client.post(url, {f"m{membership.pk}": "presente", f"m{other.pk}": ""})
    assert response.status_code == 302
    assert list(Attendance.objects.values_list("member_id", "status")) == [
        (membership.pk, "presente")
    ]


# Participation ----------------------------------------------------------------------------


def _drifting_actor():
    member = MembershipFactory(actor__name="Colectivo que se aleja")
    start = timezone.now() - timedelta(days=400)
    for i in range(8):
        meeting = MeetingFactory(starts_at=start + timedelta(days=30 * i))
        AttendanceFactory(meeting=meeting, member=member, status="presente" if i < 4 else "ausente")
    return member.actor


def test_participation_is_public_but_the_drift_flag_is_for_staff(client, technician, db):
    _drifting_actor()
    html = body(client.get(reverse("forum:participation")))
    assert "Colectivo que se aleja" in html
    assert "se está alejando" not in html
    assert "Actores que se están alejando" not in html
    client.force_login(technician)
    response = client.get(reverse("forum:participation"))
    assert "se está alejando" in body(response)
    assert [r["actor"].name for r in response.context["drifting"]] == ["Colectivo que se aleja"]


def test_the_participation_table_shows_rates_per_sector(client, db):
    _drifting_actor()
    response = client.get(reverse("forum:participation"))
    rows = response.context["by_sector"]["rows"]
    assert [r["sector"] for r in rows] == ["Sociedad civil"]
    assert all(r is not None for r in rows[0]["rates"])


def test_the_home_page_shows_the_forum_panel(client, membership):
    MeetingFactory(title="Sesión próxima del foro", starts_at=timezone.now() + timedelta(days=3))
    html = body(client.get(reverse("core:home")))
    assert "Sesión próxima del foro" in html and "miembros activos" in html


# Query counts ----------------------------------------------------------------------------


def _grow(n):
    meeting = MeetingFactory()
    for _ in range(n):
        member = MembershipFactory()
        AttendanceFactory(meeting=meeting, member=member)
        AgendaItemFactory(meeting=meeting)
        MeetingFactory()
    return meeting


@pytest.mark.parametrize(
    "name", ["forum:actor-list", "forum:meeting-list", "forum:participation", "forum:mapping"]
)
def test_list_pages_run_a_constant_number_of_queries(
    client, db, django_assert_max_num_queries, name
):
    _grow(3)
    with django_assert_max_num_queries(8):
        client.get(reverse(name))
    _grow(30)
    with django_assert_max_num_queries(8):
        assert client.get(reverse(name)).status_code == 200


def test_the_meeting_page_runs_a_constant_number_of_queries(
    client, db, django_assert_max_num_queries
):
    meeting = _grow(3)
    with django_assert_max_num_queries(10):
        client.get(meeting.get_absolute_url())
    meeting = _grow(30)
    with django_assert_max_num_queries(10):
        client.get(meeting.get_absolute_url())


def test_the_forum_pages_read_in_english_after_switching_language(client, actor):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = body(client.get(reverse("forum:actor-list")))
    assert "Actor directory" in html and "Civil society" in html


def test_minutes_files_are_listed_and_served_only_once_the_minutes_are_published(
    client, meeting, technician
):
    from django.core.files.base import ContentFile

    from forum.models import MinutesFile

    attachment = MinutesFile.objects.create(
        meeting=meeting, title="Acta firmada", file=ContentFile(b"%PDF-1.4", name="acta.pdf")
    )
    url = attachment.get_absolute_url()
    assert "Acta firmada" not in body(client.get(meeting.get_absolute_url()))
    assert client.get(url).status_code == 404  # a draft's attachment is not public by its URL
    staff = Client()
    staff.force_login(technician)
    assert staff.get(url).status_code == 200  # staff check it before publishing
    services.minutes_publish(meeting=meeting, text="Acta")
    html = body(client.get(meeting.get_absolute_url()))
    assert "Acta firmada" in html and url in html
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4"


def test_an_invalid_filter_value_is_explained_not_ignored_silently(client, db):
    html = body(client.get(reverse("forum:meeting-list"), {"year": "dos mil"}))
    assert 'class="errorlist"' in html


def test_the_actor_page_shows_attendance_per_year(client, membership):
    for year, status in [(2021, "presente"), (2021, "ausente"), (2022, "presente")]:
        meeting = MeetingFactory(starts_at=timezone.make_aware(timezone.datetime(year, 5, 1, 9)))
        AttendanceFactory(meeting=meeting, member=membership, status=status)
    response = client.get(membership.actor.get_absolute_url())
    assert [(y["year"], y["rate"]) for y in response.context["years"]] == [
        (2021, 50),
        (2022, 100),
    ]
    assert "2021" in body(response)


def test_the_calendar_stays_readable_after_a_control_character_in_a_title(client, db):
    from icalendar import Calendar

    MeetingFactory(title="Sesión\x03 ordinaria\x0b de junio", place="Casa\x1f comunal")
    body = client.get("/foro/calendario.ics").content
    assert b"\x03" not in body and b"\x0b" not in body and b"\x1f" not in body
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["summary"]) == "Sesión ordinaria de junio"
