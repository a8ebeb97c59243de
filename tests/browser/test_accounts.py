"""Accounts through the real pages in Chromium at 360 px: an invited member, a collector, a
citizen who signs up, and a run of wrong passwords. No force_login: each signs in as people do."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from agroprices.models import PriceObservation
from core import roles
from core.accounts import services
from proposals.models import Scorecard, Support
from tests.agroprices.factories import MarketFactory, ProductFactory
from tests.forum.factories import MembershipFactory
from tests.proposals.factories import ConsultationFactory, CriterionFactory, ProposalFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "clave-segura-123"


def _path(message):
    return "/" + re.search(r"https?://\S+", message.body).group(0).split("/", 3)[3]


def _sign_in(page, username, password):
    page.goto(page.base + "/cuenta/ingresar/")
    page.get_by_label("Usuario o correo").fill(username)
    page.get_by_label(re.compile(r"^Contraseña")).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Ingresar").click()


def _sign_out(page):
    page.goto(page.base + "/cuenta/")
    with page.expect_navigation():
        page.get_by_role("button", name="Salir").click()
    assert "Sesión cerrada" in page.content()


def test_an_invited_member_sets_a_password_signs_in_scores_and_signs_out(phone):
    consultation = ConsultationFactory(slug="consulta-foro", title="Consulta del foro")
    CriterionFactory(consultation=consultation, name="Relevancia", scale_max=5, order=1)
    proposal = ProposalFactory(consultation=consultation, title="Caminos vecinales")
    membership = MembershipFactory()
    user = membership.user
    Group.objects.get(name=roles.FORUM_MEMBER).user_set.add(user)
    services.invitation_create(email=user.email, role=roles.FORUM_MEMBER)
    link = _path(mail.outbox[-1])

    def steps(page):
        page.goto(page.base + link)
        page.get_by_label(re.compile(r"^Contraseña")).fill("cacao-fino-2027")
        page.get_by_label("Repita la contraseña").fill("cacao-fino-2027")
        with page.expect_navigation():
            page.get_by_role("button", name="Guardar contraseña").click()
        assert "/cuenta/ingresar/" in page.url
        _sign_in(page, user.username, "cacao-fino-2027")
        page.goto(page.base + f"/propuestas/{proposal.pk}/puntuar/")
        page.get_by_label(re.compile("Relevancia")).fill("4")
        with page.expect_navigation():
            page.get_by_role("button", name="Guardar puntaje").click()
        _sign_out(page)
        page.goto(page.base + "/cuenta/")
        return page.url

    after = phone(steps)
    assert "/cuenta/ingresar/" in after  # signed out: the account page asks to sign in again
    assert Scorecard.objects.get(proposal=proposal).member == user


def test_a_collector_signs_in_submits_a_price_and_sees_it_on_the_account_page(
    phone, django_user_model
):
    collector = django_user_model.objects.create_user(
        username="rosa", password=PASSWORD, email="rosa@example.org"
    )
    collector.groups.add(Group.objects.get(name=roles.COLLECTOR))
    ProductFactory(commodity="Cacao", variety="seco")
    MarketFactory(name="Centro de acopio El Esfuerzo")

    def steps(page):
        _sign_in(page, "rosa@example.org", PASSWORD)
        page.goto(page.base + "/agroprecios/registrar/")
        page.get_by_label("Precio en USD").fill("205.00")
        with page.expect_navigation():
            page.get_by_role("button", name="Enviar precio").click()
        page.goto(page.base + "/cuenta/")
        return page.content()

    html = phone(steps)
    observation = PriceObservation.objects.get()
    assert observation.collector == collector
    assert observation.source == PriceObservation.Source.COLLECTOR
    assert "Precios que registré" in html and "205" in html


def test_a_citizen_signs_up_verifies_the_e_mail_and_supports_a_proposal(phone):
    proposal = ProposalFactory(title="Agua potable en Chigüilpe")

    def sign_up(page):
        page.goto(page.base + f"/propuestas/{proposal.pk}/")
        with page.expect_navigation():
            page.get_by_role("link", name="Ingrese con su cuenta para apoyarla").click()
        with page.expect_navigation():
            page.get_by_role("link", name="Crear una cuenta ciudadana").click()
        page.get_by_label("Nombre de usuario").fill("vecina")
        page.get_by_label("Correo electrónico").fill("vecina@example.org")
        page.get_by_label(re.compile(r"^Contraseña")).fill("platano-verde-7")
        page.get_by_label("Repita la contraseña").fill("platano-verde-7")
        with page.expect_navigation():
            page.get_by_role("button", name="Crear cuenta").click()
        return page.content()

    assert "Revise su correo" in phone(sign_up)
    link = _path(mail.outbox[-1])

    def verify_and_support(page):
        page.goto(page.base + link)
        assert "/cuenta/ingresar/" in page.url
        page.get_by_label("Usuario o correo").fill("vecina")
        page.get_by_label(re.compile(r"^Contraseña")).fill("platano-verde-7")
        with page.expect_navigation():
            page.get_by_role("button", name="Ingresar").click()
        page.goto(page.base + f"/propuestas/{proposal.pk}/")
        with page.expect_navigation():
            page.get_by_role("button", name="Apoyar esta propuesta").click()
        return page.content()

    assert "Usted apoya esta propuesta." in phone(verify_and_support)
    assert Support.objects.get().user == get_user_model().objects.get(username="vecina")


def test_twenty_wrong_passwords_on_the_public_sign_in_are_locked_out(phone, django_user_model):
    django_user_model.objects.create_user(username="miembro", password=PASSWORD)

    def steps(page):
        for i in range(20):
            _sign_in(page, "miembro", f"equivocada-{i}")
        locked = page.content()
        _sign_in(page, "miembro", PASSWORD)  # the right one too, until the lock ends
        return locked, page.content(), page.url

    locked, again, url = phone(steps)
    assert "Demasiados intentos" in locked and "Demasiados intentos" in again
    assert "/cuenta/ingresar/" in url
