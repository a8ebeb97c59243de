"""Direct sale through the real pages: a producer signs in on a phone and publishes an offer;
a buyer finds it by product and parish and writes; the e-mail reaches the producer, whose
contact the buyer never sees. axe-core on every page (the journey fixture)."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from agroprices.models import Offer, Producer
from core import roles
from core.models import Parish
from tests.agroprices.factories import MarketFactory, ObservationFactory, ProductFactory, price_type

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "clave-segura-123"


def _sign_in(page, username, password):
    page.goto(page.base + "/cuenta/ingresar/")
    page.get_by_label("Usuario o correo").fill(username)
    page.get_by_label(re.compile(r"^Contraseña")).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Ingresar").click()


def test_a_producer_publishes_an_offer_and_a_buyer_writes_without_seeing_the_contact(
    journey, django_user_model
):
    user = django_user_model.objects.create_user(
        username="chiguilpe", password=PASSWORD, email="tesorera@chiguilpe.example"
    )
    user.groups.add(Group.objects.get(name=roles.PRODUCER))
    parish = Parish.objects.get(code="SDO")
    Producer.objects.create(
        user=user,
        name="Grupo comunitario Chigüilpe",
        kind=Producer.Kind.COMMUNITY,
        parish=parish,
        phone="0998887766",
        verified=True,
    )
    cocoa = ProductFactory(slug="cacao-seco", commodity="Cacao", variety="seco")
    ProductFactory(slug="yuca", commodity="Yuca")
    ObservationFactory(
        product=cocoa,
        market=MarketFactory(),
        price_type=price_type("mayorista"),
        date=timezone.localdate(),
        price=Decimal("3.10"),
    )
    today = timezone.localdate()

    def steps(j):
        page = j.page
        _sign_in(page, "chiguilpe", PASSWORD)
        j.visit("/cuenta/")
        with page.expect_navigation():
            page.get_by_role("link", name="Publicar, renovar o cerrar mis ofertas").click()
        j.check()
        with page.expect_navigation():
            page.get_by_role("link", name="Publicar una oferta").click()
        j.check()
        assert "/ofertas/nueva/" in page.url, (page.url, page.content()[-3000:])
        page.locator("#id_product").select_option(label="Cacao seco")
        page.locator("#id_quantity").fill("12")
        page.locator("#id_unit").select_option(label=str(cocoa.standard_unit))
        page.locator("#id_price").fill("3.50")
        page.locator("#id_available_from").fill(today.isoformat())
        page.locator("#id_available_until").fill((today + timedelta(days=7)).isoformat())
        page.locator("#id_place_kind").select_option(label="Centro de acopio")
        page.locator("#id_parish").select_option(label=parish.name)
        with page.expect_navigation():
            page.get_by_role("button", name="Publicar oferta").click()
        j.check()
        published = page.content()
        page.goto(page.base + "/cuenta/")
        with page.expect_navigation():
            page.get_by_role("button", name="Salir").click()

        # The buyer, signed out, finds it by product and parish.
        j.visit("/agroprecios/ofertas/")
        page.locator("#id_producto").select_option(label="Cacao seco")
        page.locator("#id_parroquia").select_option(label=parish.name)
        with page.expect_navigation():
            page.get_by_role("button", name="Filtrar").click()
        j.check()
        with page.expect_navigation():
            page.get_by_role("link", name="Cacao seco").first.click()
        j.check()
        seen = page.content()
        page.get_by_label("Su nombre").fill("Comercial La Costa")
        page.get_by_label("Su correo electrónico").fill("compras@lacosta.example")
        page.get_by_label("Mensaje").fill("Compro los 12 quintales esta semana.")
        with page.expect_navigation():
            page.get_by_role("button", name="Enviar mensaje").click()
        j.check()
        return published, seen, page.content()

    published, seen, sent = journey("producer-offer", steps)
    offer = Offer.objects.get()
    assert offer.producer.user == user and offer.quantity == Decimal("12")
    assert "Mercado mayorista esta semana: 3.10" in published or "3,10" in published
    assert "Mensaje enviado al productor" in sent
    for html in (seen, sent):
        assert "0998887766" not in html and "tesorera@chiguilpe.example" not in html
    [email] = [m for m in mail.outbox if "tesorera@chiguilpe.example" in m.to]
    assert email.reply_to == ["compras@lacosta.example"]
    assert "Compro los 12 quintales" in email.body
