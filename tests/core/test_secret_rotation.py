"""Rotating SECRET_KEY (docs/operations.md): the new key in SECRET_KEY, the old one in
SECRET_KEY_FALLBACKS. Nobody is signed out and no e-mailed link breaks while the old key is a
fallback; once it is removed, what it signed stops working."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core import notifications
from core.notifications import EmailOptOut
from forum import services as forum_services
from tests.forum.factories import MeetingFactory, MembershipFactory

OLD_KEY = "la-clave-anterior-" + "x" * 40
NEW_KEY = "la-clave-nueva-" + "y" * 40
PASSWORD = "clave-segura-123"


@pytest.fixture
def old_key(settings):
    settings.SECRET_KEY = OLD_KEY
    settings.SECRET_KEY_FALLBACKS = []
    return settings


def rotate(settings, keep_old=True):
    settings.SECRET_KEY = NEW_KEY
    settings.SECRET_KEY_FALLBACKS = [OLD_KEY] if keep_old else []


def _path(message):
    return "/" + re.search(r"https?://[^/\s]+/(\S+)", message.body).group(1)


def test_a_person_signed_in_before_the_rotation_stays_signed_in(client, citizen, old_key):
    assert (
        client.post(
            "/cuenta/ingresar/", {"username": "ciudadana", "password": PASSWORD}
        ).status_code
        == 302
    )
    assert client.get("/cuenta/").status_code == 200

    rotate(old_key)
    assert client.get("/cuenta/").status_code == 200  # still signed in
    assert client.get("/cuenta/").status_code == 200  # and the session now carries the new key

    rotate(old_key, keep_old=False)  # the old key retired: the upgraded session still holds
    assert client.get("/cuenta/").status_code == 200


def test_a_session_never_seen_during_the_fallback_period_ends_when_the_old_key_goes(
    client, citizen, old_key
):
    client.post("/cuenta/ingresar/", {"username": "ciudadana", "password": PASSWORD})
    rotate(old_key, keep_old=False)  # rotated without a fallback: everyone is signed out
    response = client.get("/cuenta/")
    assert response.status_code == 302 and "/cuenta/ingresar/" in response["Location"]


def test_a_password_reset_link_e_mailed_before_the_rotation_still_works(
    client, forum_member, old_key
):
    client.post("/cuenta/clave/restablecer/", {"email": "miembro@example.org"})
    (message,) = mail.outbox
    link = _path(message)

    rotate(old_key)
    response = client.get(link, follow=True)
    assert response.context["validlink"] is True

    rotate(old_key, keep_old=False)
    assert client.get(link, follow=True).context["validlink"] is False


def test_a_sign_up_verification_link_e_mailed_before_the_rotation_still_works(client, db, old_key):
    client.post(
        "/cuenta/registro/",
        {
            "username": "vecina",
            "email": "vecina@example.org",
            "password1": "una-clave-larga-9",
            "password2": "una-clave-larga-9",
            "website": "",
        },
        REMOTE_ADDR="10.2.2.2",
    )
    link = _path(mail.outbox[0])

    rotate(old_key, keep_old=False)
    assert client.get(link).status_code == 400  # without the fallback: refused

    rotate(old_key)
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == "/cuenta/ingresar/"


def test_an_unsubscribe_link_from_an_old_e_mail_still_works(client, db, old_key):
    token = notifications.unsubscribe_token("Vecina@Example.org")
    rotate(old_key, keep_old=False)
    assert client.post(f"/avisos/baja/{token}/").status_code == 400
    assert not EmailOptOut.objects.exists()

    rotate(old_key)
    assert client.post(f"/avisos/baja/{token}/").status_code == 200
    assert EmailOptOut.objects.filter(email="vecina@example.org").exists()


def test_the_check_in_code_shown_in_the_room_survives_a_rotation_during_the_session(db, old_key):
    start = timezone.now() - timedelta(minutes=30)
    meeting = MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=2))
    shown = meeting.check_in_code()
    member = MembershipFactory()

    rotate(old_key)
    assert meeting.check_in_code() != shown  # the page shows the new code from now on
    attendance = forum_services.attendance_check_in(meeting=meeting, user=member.user, code=shown)
    assert attendance.meeting == meeting
