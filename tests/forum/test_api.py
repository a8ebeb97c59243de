from datetime import timedelta

import pytest
import rules
from django.utils import timezone

from forum.models import Actor, Attendance, Meeting, Membership

from .factories import (
    ActorFactory,
    AgendaItemFactory,
    AttendanceFactory,
    MeetingFactory,
    MembershipFactory,
)

ACTORS = "/api/v1/foro/actores/"
MEETINGS = "/api/v1/foro/sesiones/"
MEMBERSHIPS = "/api/v1/foro/membresias/"
ATTENDANCE = "/api/v1/foro/asistencia/"


def test_anyone_reads_the_actor_directory_without_contact_data(client, actor, technician):
    for user in (None, technician):
        if user:
            client.force_login(user)
        response = client.get(ACTORS)
        assert response.status_code == 200
        text = response.content.decode()
        assert actor.name in text
        for secret in (actor.contact_email, actor.contact_phone, actor.contact_name):
            assert secret not in text
        assert "contact_email" not in response.json()["results"][0]


def test_the_actor_api_filters_by_sector_and_parish(client, db):
    from core.models import Parish

    ActorFactory(
        name="Universidad del Búa", sector="academia", parish=Parish.objects.get(code="SJB")
    )
    ActorFactory(name="Universidad Central", sector="academia")
    ActorFactory(name="Colectivo", sector="sociedad_civil", parish=Parish.objects.get(code="SJB"))
    names = [
        a["name"]
        for a in client.get(ACTORS, {"sector": "academia", "parish": "SJB"}).json()["results"]
    ]
    assert names == ["Universidad del Búa"]


PAYLOAD = {
    "name": "Nueva Asociación",
    "sector": "academia",
    "parish": "LCN",
    "contact_email": "x@privado.ec",
}


@pytest.mark.parametrize("who", [None, "citizen", "forum_member"])
def test_only_staff_write_actors(client, db, request, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.post(ACTORS, PAYLOAD, content_type="application/json")
    assert response.status_code in (401, 403)
    assert not Actor.objects.exists()


def test_staff_create_an_actor_and_the_contact_stays_out_of_the_response(staff_client):
    response = staff_client.post(ACTORS, PAYLOAD, content_type="application/json")
    assert response.status_code == 201, response.content
    assert "x@privado.ec" not in response.content.decode()
    assert Actor.objects.get().contact_email == "x@privado.ec"


def test_bad_actor_input_gets_field_messages(staff_client):
    response = staff_client.post(
        ACTORS, {"name": "", "sector": "otro", "parish": "ZZZ"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert {"name", "sector", "parish"} <= set(response.json())


def test_meetings_list_with_agenda_and_only_published_minutes(client, meeting):
    AgendaItemFactory(meeting=meeting, title="Votación")
    meeting.minutes = "Borrador"
    meeting.save()
    data = client.get(MEETINGS).json()["results"][0]
    assert [i["title"] for i in data["agenda_items"]] == ["Votación"]
    assert data["minutes"] == ""


def test_staff_cannot_publish_minutes_before_the_meeting_through_the_api(staff_client, db):
    start = timezone.now() + timedelta(days=3)
    meeting = MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=2))
    response = staff_client.patch(
        f"{MEETINGS}{meeting.pk}/",
        {"minutes": "Acta", "minutes_published_at": timezone.now().isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "minutes_published_at" in response.json()
    meeting.refresh_from_db()
    assert meeting.minutes_published_at is None


def test_a_member_cannot_write_meetings(client, member_user, meeting):
    client.force_login(member_user)
    response = client.patch(
        f"{MEETINGS}{meeting.pk}/", {"title": "Otra"}, content_type="application/json"
    )
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.title == "Selección de compromisos"


def test_the_membership_api_hides_the_user_account(client, membership):
    text = client.get(MEMBERSHIPS).content.decode()
    assert membership.actor.name in text
    assert "socia" not in text


def test_staff_create_a_membership_and_the_user_becomes_a_forum_member(
    staff_client, actor, citizen
):
    response = staff_client.post(
        MEMBERSHIPS,
        {"user": citizen.pk, "actor": actor.pk, "role": "miembro", "joined_on": "2021-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    citizen.refresh_from_db()
    assert rules.test_rule("core.is_forum_member", citizen)
    assert Membership.objects.get().history.count() == 1


def test_staff_end_a_membership_through_the_api(staff_client, membership):
    response = staff_client.patch(
        f"{MEMBERSHIPS}{membership.pk}/",
        {"left_on": timezone.localdate().isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert not rules.test_rule("core.is_forum_member", membership.user)


def test_staff_record_attendance_through_the_api_and_members_cannot(
    client, technician, member_user, membership, meeting
):
    payload = {"meeting": meeting.pk, "member": membership.pk, "status": "presente"}
    client.force_login(member_user)
    assert client.post(ATTENDANCE, payload, content_type="application/json").status_code == 403
    assert not Attendance.objects.exists()
    staff_client = client
    staff_client.force_login(technician)
    response = staff_client.post(ATTENDANCE, payload, content_type="application/json")
    assert response.status_code == 201, response.content
    again = staff_client.post(
        ATTENDANCE, {**payload, "status": "ausente"}, content_type="application/json"
    )
    assert again.status_code == 201
    assert list(Attendance.objects.values_list("status", flat=True)) == ["ausente"]


def test_attendance_filters_by_sector(client, meeting):
    AttendanceFactory(meeting=meeting, member=MembershipFactory(actor__sector="academia"))
    AttendanceFactory(meeting=meeting, member=MembershipFactory(actor__sector="privado"))
    results = client.get(ATTENDANCE, {"sector": "academia"}).json()["results"]
    assert [r["sector"] for r in results] == ["academia"]


def _grow(n):
    for _ in range(n):
        meeting = MeetingFactory()
        AgendaItemFactory(meeting=meeting)
        AttendanceFactory(meeting=meeting)
    Meeting.objects.update(minutes="Acta", minutes_published_at=timezone.now())


@pytest.mark.parametrize("url", [ACTORS, MEETINGS, MEMBERSHIPS, ATTENDANCE])
def test_api_lists_run_a_constant_number_of_queries(client, db, django_assert_max_num_queries, url):
    _grow(3)
    with django_assert_max_num_queries(6):
        client.get(url)
    _grow(30)
    with django_assert_max_num_queries(6):
        assert len(client.get(url).json()["results"]) >= 30


def test_staff_cannot_delete_an_actor_with_memberships(staff_client, membership):
    response = staff_client.delete(f"{ACTORS}{membership.actor.pk}/")
    assert response.status_code == 400
    assert "retirado" in response.json()["non_field_errors"][0]
    assert Actor.objects.filter(pk=membership.actor.pk).exists()


def test_a_meeting_ending_before_it_starts_is_refused_with_a_field_message(staff_client, db):
    response = staff_client.post(
        MEETINGS,
        {
            "title": "Sesión",
            "starts_at": "2023-05-01T10:00:00-05:00",
            "ends_at": "2023-05-01T09:00:00-05:00",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "ends_at" in response.json()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/api/v1/forum/actors/", ACTORS),
        ("/api/v1/forum/meetings/?year=2021", MEETINGS + "?year=2021"),
        ("/api/v1/forum/memberships/", MEMBERSHIPS),
        ("/api/v1/forum/attendance/", ATTENDANCE),
    ],
)
def test_the_first_english_api_paths_redirect_permanently_to_the_spanish_ones(client, db, old, new):
    response = client.get(old)
    assert response.status_code == 308
    assert response["Location"] == new
    assert client.get(old, follow=True).status_code == 200


def test_a_post_to_an_old_path_is_redirected_with_its_method_kept(client, technician):
    client.force_login(technician)
    meeting = MeetingFactory()
    response = client.get(f"/api/v1/forum/meetings/{meeting.pk}/")
    assert response["Location"] == f"{MEETINGS}{meeting.pk}/"
    # 308, unlike 301, tells clients to repeat the POST with its body at the new address.
    assert client.post("/api/v1/forum/attendance/", {}).status_code == 308
