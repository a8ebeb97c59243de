"""Accounts through the public pages: sign-in, sign-up, invitations, "Mi cuenta", lockouts."""

import base64
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from core import roles
from core.accounts import services
from core.accounts.models import Invitation, Profile

PASSWORD = "clave-segura-123"
LOGIN = "/cuenta/ingresar/"


def _link(message):
    return re.search(r"https?://\S+", message.body).group(0).split("://", 1)[1].split("/", 1)[1]


def _path(message):
    return "/" + _link(message)


def _sign_in(client, username, password=PASSWORD, **extra):
    return client.post(
        LOGIN, {"username": username, "password": password, **extra}, REMOTE_ADDR="10.1.1.1"
    )


def test_the_sign_in_page_is_the_login_url_and_in_spanish(client, db):
    response = client.get("/agroprecios/registrar/")
    assert response["Location"] == "/cuenta/ingresar/?next=/agroprecios/registrar/"
    html = client.get(response["Location"]).content.decode()
    assert "Usuario o correo" in html and "¿Olvidó su contraseña?" in html
    assert 'name="next" value="/agroprecios/registrar/"' in html


def test_a_forum_member_signs_in_with_username_and_comes_back_to_the_page(client, forum_member):
    response = _sign_in(client, "miembro", next="/propuestas/")
    assert response.status_code == 302 and response["Location"] == "/propuestas/"
    assert client.get("/cuenta/").status_code == 200


def test_a_person_signs_in_with_the_e_mail_address(client, forum_member):
    response = _sign_in(client, "MIEMBRO@example.org")
    assert response.status_code == 302 and response["Location"] == "/cuenta/"


def test_a_next_pointing_off_site_is_ignored(client, forum_member):
    response = _sign_in(client, "miembro", next="https://evil.example/robar")
    assert response["Location"] == "/cuenta/"


def test_a_wrong_password_says_so_and_signs_nobody_in(client, forum_member):
    response = _sign_in(client, "miembro", password="otra-cosa")
    assert response.status_code == 200
    assert "Usuario o contraseña incorrectos" in response.content.decode()
    assert client.get("/cuenta/").status_code == 302


def test_an_unknown_account_gets_the_same_message(client, db):
    response = _sign_in(client, "nadie")
    assert "Usuario o contraseña incorrectos" in response.content.decode()


def test_sign_out_is_a_post(client, forum_member):
    _sign_in(client, "miembro")
    assert client.get("/cuenta/salir/").status_code == 405
    response = client.post("/cuenta/salir/")
    assert response.status_code == 200 and "Sesión cerrada" in response.content.decode()
    assert client.get("/cuenta/").status_code == 302


def test_the_session_key_changes_on_sign_in(client, forum_member):
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    _sign_in(client, "miembro")
    assert client.session.session_key != before


def test_the_header_offers_sign_in_then_my_account(client, forum_member):
    assert 'href="/cuenta/ingresar/?next=/"' in client.get("/").content.decode()
    _sign_in(client, "miembro")
    assert "Mi cuenta" in client.get("/").content.decode()


# Sign-up -----------------------------------------------------------------------------------


def _signup(client, **overrides):
    data = {
        "username": "vecina",
        "email": "vecina@example.org",
        "password1": "una-clave-larga-9",
        "password2": "una-clave-larga-9",
        "website": "",
        **overrides,
    }
    return client.post("/cuenta/registro/", data, REMOTE_ADDR="10.2.2.2")


def test_a_citizen_signs_up_verifies_the_e_mail_and_then_signs_in(client, db):
    response = _signup(client)
    assert "Revise su correo" in response.content.decode()
    user = get_user_model().objects.get(username="vecina")
    assert not user.is_active
    assert _sign_in(client, "vecina", "una-clave-larga-9").status_code == 200  # not yet
    (message,) = mail.outbox
    assert message.to == ["vecina@example.org"]
    response = client.get(_path(message))
    assert response["Location"] == LOGIN
    user.refresh_from_db()
    assert user.is_active and user.groups.filter(name=roles.CITIZEN).exists()
    assert _sign_in(client, "vecina", "una-clave-larga-9").status_code == 302


def test_a_verification_link_works_once(client, db):
    _signup(client)
    path = _path(mail.outbox[0])
    client.get(path)
    response = client.get(path)
    assert response.status_code == 400 and "ya se usó" in response.content.decode()


def test_a_forged_verification_link_is_refused(client, db):
    response = client.get("/cuenta/verificar/abc.def/")
    assert response.status_code == 400


def test_an_e_mail_already_in_use_is_refused_and_nothing_saved(client, forum_member):
    response = _signup(client, email="MIEMBRO@example.org")
    assert "Ya existe una cuenta con este correo." in response.content.decode()
    assert not get_user_model().objects.filter(username="vecina").exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"password2": "distinta-clave-9"}, "Las dos contraseñas no coinciden."),
        ({"password1": "12345678", "password2": "12345678"}, "contraseña"),
        ({"username": "con espacio"}, "Use solo letras"),
        ({"username": "x\x00y"}, ""),
        ({"email": "no-es-correo"}, "correo"),
    ],
)
def test_bad_sign_up_input_gets_a_message_and_saves_nothing(client, db, overrides, message):
    response = _signup(client, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert get_user_model().objects.count() == 0


def test_a_bot_filling_the_hidden_field_gets_no_account(client, db):
    _signup(client, website="http://spam.example")
    assert get_user_model().objects.count() == 0 and mail.outbox == []


# Invitations -------------------------------------------------------------------------------


def _admin_sign_in(client, user):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR="10.3.3.3",
    )
    assert response.status_code == 302, response.content.decode()[:500]


def test_staff_invite_a_collector_from_the_admin_who_sets_a_password_and_signs_in(
    client, administrator
):
    _admin_sign_in(client, administrator)
    response = client.post(
        "/admin/core/invitation/add/", {"email": "rosa@example.org", "role": roles.COLLECTOR}
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["rosa@example.org"]
    path = _path(message)
    invitation = Invitation.objects.get()
    assert path.split("/")[-2] not in invitation.token_hash  # only the hash is stored
    client.post("/cuenta/salir/")
    page = client.get(path).content.decode()
    assert roles.COLLECTOR in page
    response = client.post(
        path, {"username": "rosa", "password1": "cacao-y-platano", "password2": "cacao-y-platano"}
    )
    assert response["Location"] == LOGIN
    rosa = get_user_model().objects.get(username="rosa")
    assert rosa.email == "rosa@example.org" and rosa.groups.filter(name=roles.COLLECTOR).exists()
    assert _sign_in(client, "rosa", "cacao-y-platano").status_code == 302
    assert client.get("/agroprecios/registrar/").status_code == 200


def test_an_invitation_link_works_once(client, db):
    services.invitation_create(email="a@example.org", role=roles.MODERATOR)
    path = _path(mail.outbox[0])
    data = {"username": "ana", "password1": "cacao-y-platano", "password2": "cacao-y-platano"}
    client.post(path, data)
    response = client.post(path, {**data, "username": "otra"})
    assert response.status_code == 400 and "ya se usó" in response.content.decode()
    assert not get_user_model().objects.filter(username="otra").exists()


def test_an_expired_invitation_is_refused(client, db):
    services.invitation_create(email="a@example.org", role=roles.FORUM_MEMBER)
    Invitation.objects.update(
        created_at=timezone.now() - timedelta(days=30),
        expires_at=timezone.now() - timedelta(days=1),
    )
    response = client.get(_path(mail.outbox[0]))
    assert response.status_code == 400 and "venció" in response.content.decode()


def test_an_invitation_cannot_take_a_username_in_use(client, forum_member):
    services.invitation_create(email="b@example.org", role=roles.COLLECTOR)
    response = client.post(
        _path(mail.outbox[0]),
        {"username": "Miembro", "password1": "cacao-y-platano", "password2": "cacao-y-platano"},
    )
    assert "Ese nombre de usuario ya está en uso." in response.content.decode()
    assert Invitation.objects.get().accepted_at is None


def test_a_role_not_given_by_invitation_is_refused(db):
    with pytest.raises(Exception, match="invitación"):
        services.invitation_create(email="c@example.org", role=roles.ADMINISTRATOR)
    assert not Invitation.objects.exists()


def test_staff_invite_forum_members_in_bulk_from_the_membership_list(client, administrator):
    from tests.forum.factories import MembershipFactory

    memberships = MembershipFactory.create_batch(3)
    get_user_model().objects.filter(pk=memberships[2].user_id).update(email="")
    _admin_sign_in(client, administrator)
    response = client.post(
        "/admin/forum/membership/",
        {"action": "invite", "_selected_action": [m.pk for m in memberships]},
        follow=True,
    )
    assert "2 invitaciones enviadas" in response.content.decode()
    assert len(mail.outbox) == 2
    # An existing account keeps its username: the link only sets the password.
    path = _path(mail.outbox[0])
    invited = Invitation.objects.get(email=mail.outbox[0].to[0])
    client.post("/cuenta/salir/")
    client.post(path, {"password1": "cacao-y-platano", "password2": "cacao-y-platano"})
    assert _sign_in(client, invited.user.username, "cacao-y-platano").status_code == 302


def test_staff_deactivate_an_account_which_then_cannot_sign_in(client, administrator, citizen):
    _admin_sign_in(client, administrator)
    client.post("/admin/auth/user/", {"action": "deactivate", "_selected_action": [citizen.pk]})
    citizen.refresh_from_db()
    assert not citizen.is_active
    client.post("/cuenta/salir/")
    assert _sign_in(client, "ciudadana").status_code == 200


# Password reset and change -----------------------------------------------------------------


def test_a_forgotten_password_is_reset_through_the_e_mailed_link(client, forum_member, settings):
    settings.SITE_URL = "https://minga.example.gob.ec"
    client.post("/cuenta/clave/restablecer/", {"email": "miembro@example.org"})
    (message,) = mail.outbox
    assert "https://minga.example.gob.ec/cuenta/clave/restablecer/" in message.body
    response = client.get(_path(message), follow=True)
    form_path = response.redirect_chain[-1][0]
    client.post(form_path, {"new_password1": "platano-verde-7", "new_password2": "platano-verde-7"})
    assert _sign_in(client, "miembro", "platano-verde-7").status_code == 302
    client.post("/cuenta/salir/")
    assert client.get(_path(message)).context["validlink"] is False  # used once


def test_a_signed_in_person_changes_the_password(client, forum_member):
    _sign_in(client, "miembro")
    response = client.post(
        "/cuenta/clave/",
        {"old_password": PASSWORD, "new_password1": "maracuya-77", "new_password2": "maracuya-77"},
    )
    assert response["Location"] == "/cuenta/"
    forum_member.refresh_from_db()
    assert forum_member.check_password("maracuya-77")


# Mi cuenta --------------------------------------------------------------------------------


def test_my_account_lists_supports_scorecards_and_prices(client, citizen):
    from proposals.models import Support
    from tests.proposals.factories import ProposalFactory

    proposal = ProposalFactory(title="Agua para Chigüilpe")
    Support.objects.create(proposal=proposal, user=citizen)
    _sign_in(client, "ciudadana")
    html = client.get("/cuenta/").content.decode()
    assert "Propuestas que apoyo" in html and "Agua para Chigüilpe" in html


def test_my_account_changes_name_and_language(client, citizen):
    _sign_in(client, "ciudadana")
    response = client.post(
        "/cuenta/perfil/", {"first_name": "Ana", "last_name": "Aguavil", "language": "en"}
    )
    assert response.cookies["django_language"].value == "en"
    citizen.refresh_from_db()
    assert citizen.first_name == "Ana" and Profile.objects.get(user=citizen).language == "en"
    client.post("/cuenta/salir/")
    response = _sign_in(client, "ciudadana")
    assert response.cookies["django_language"].value == "en"


def test_a_new_e_mail_is_used_only_after_it_is_verified(client, citizen):
    _sign_in(client, "ciudadana")
    client.post("/cuenta/correo/", {"email": "nueva@example.org"})
    citizen.refresh_from_db()
    assert citizen.email == "ciudadana@example.org"
    (message,) = mail.outbox
    assert message.to == ["nueva@example.org"]
    client.get(_path(message))
    citizen.refresh_from_db()
    assert citizen.email == "nueva@example.org"


def test_an_e_mail_in_use_cannot_be_taken(client, citizen, forum_member):
    _sign_in(client, "ciudadana")
    response = client.post("/cuenta/correo/", {"email": "miembro@example.org"}, follow=True)
    assert "Ya existe una cuenta con este correo." in response.content.decode()
    assert mail.outbox == []


def test_deleting_the_account_keeps_contributions_without_the_name(client, citizen):
    from proposals.models import Support
    from tests.proposals.factories import ProposalFactory

    proposal = ProposalFactory()
    Support.objects.create(proposal=proposal, user=citizen)
    _sign_in(client, "ciudadana")
    assert client.post("/cuenta/eliminar/", {}).status_code == 200  # confirmation required
    client.post("/cuenta/eliminar/", {"confirm": "on"})
    citizen.refresh_from_db()
    assert citizen.username == f"eliminado-{citizen.pk}" and citizen.email == ""
    assert not citizen.is_active and not citizen.has_usable_password()
    assert Support.objects.filter(proposal=proposal).count() == 1
    assert _sign_in(client, "ciudadana").status_code == 200


# Brute force -------------------------------------------------------------------------------


def test_twenty_wrong_passwords_on_the_public_login_are_locked_out(client, forum_member):
    codes = [_sign_in(client, "miembro", password=f"mal-{i}").status_code for i in range(20)]
    assert codes[:9] == [200] * 9 and set(codes[10:]) == {429}
    response = _sign_in(client, "miembro")  # even the right password, until staff unlock
    assert response.status_code == 429
    assert "Demasiados intentos" in response.content.decode()


def test_twenty_wrong_passwords_on_the_admin_login_are_locked_out(client, technician):
    codes = [
        client.post(
            "/admin/login/", {"username": "tecnico", "password": f"mal-{i}"}, REMOTE_ADDR="10.9.9.9"
        ).status_code
        for i in range(20)
    ]
    assert set(codes[10:]) == {429}


def test_twenty_wrong_passwords_over_api_basic_auth_are_refused(client, technician):
    def basic(password):
        token = base64.b64encode(f"tecnico:{password}".encode()).decode()
        return client.get(
            "/api/v1/", HTTP_AUTHORIZATION=f"Basic {token}", REMOTE_ADDR="10.8.8.8"
        ).status_code

    codes = [basic(f"mal-{i}") for i in range(20)]
    assert codes[0] in (401, 403)
    assert basic(PASSWORD) in (401, 403, 429)  # locked: the right password no longer opens it


def test_staff_unlock_a_locked_account_from_the_admin(client, forum_member, administrator):
    from axes.models import AccessAttempt

    for i in range(12):
        _sign_in(client, "miembro", password=f"mal-{i}")
    assert AccessAttempt.objects.filter(username="miembro").exists()
    staff = client.__class__()
    _admin_sign_in(staff, administrator)
    attempt = AccessAttempt.objects.get(username="miembro")
    staff.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert _sign_in(client, "miembro").status_code == 302


# Demo ------------------------------------------------------------------------------------


def test_the_demo_accounts_sign_in_with_the_printed_password(client, db, settings, capsys):
    settings.DEBUG = True
    Group.objects.get(name=roles.FORUM_MEMBER).user_set.create(username="foro01")
    call_command("demo_accounts")
    out = capsys.readouterr().out
    password = out.split("contraseña «")[1].split("»")[0]
    assert _sign_in(client, "foro01", password).status_code == 302
    client.post("/cuenta/salir/")
    assert _sign_in(client, "recolector01", password).status_code == 302
    assert client.get("/agroprecios/registrar/").status_code == 200


def test_the_demo_password_command_refuses_to_run_in_production(db, settings):
    settings.DEBUG = False
    with pytest.raises(Exception, match="DEBUG"):
        call_command("demo_accounts")


def test_the_account_pages_are_in_english_through_the_switcher(client, db):
    client.cookies["django_language"] = "en"
    html = client.get(LOGIN).content.decode()
    assert "Username or e-mail" in html and "Forgot your password?" in html
    assert "Create a citizen account" in client.get("/cuenta/registro/").content.decode()


def test_my_account_lists_proposals_filed_with_my_e_mail_and_no_one_elses(client, citizen):
    from tests.proposals.factories import ProposalFactory

    ProposalFactory(title="Mi propuesta de reciclaje", proposer_email="CIUDADANA@example.org")
    ProposalFactory(title="Propuesta ajena", proposer_email="otra@example.org")
    _sign_in(client, "ciudadana")
    html = client.get("/cuenta/").content.decode()
    assert "Mis propuestas" in html and "Mi propuesta de reciclaje" in html
    assert "Propuesta ajena" not in html


def test_the_verification_mail_to_an_unverified_address_does_not_carry_the_username(client, db):
    """Anyone may sign up with anyone's address: the name they chose (here a look-alike
    domain a mail reader turns into a link) must not travel from the portal's address."""
    _signup(client, username="banco-seguro.com", email="victima@example.org")
    (message,) = mail.outbox
    assert message.to == ["victima@example.org"]
    assert "banco-seguro" not in message.subject + message.body
    assert _path(message)  # the verification link is still there
