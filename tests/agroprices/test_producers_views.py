from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from agroprices.models import ContactMessage, Offer, Producer
from core.models import Parish

from .factories import MarketFactory, ObservationFactory, ProductFactory, price_type
from .producers_fixtures import make_offer

pytestmark = pytest.mark.django_db


def _contact(client, offer, **kw):
    data = {"name": "Rosa Compradora", "email": "rosa@example.org", "body": "¿Tiene 10 racimos?"}
    return client.post(reverse("agroprices:offer-contact", args=[offer.pk]), {**data, **kw})


def test_offers_are_filtered_by_product_and_parish(client, offer, other_producer):
    cocoa = ProductFactory(slug="cacao", commodity="Cacao")
    elsewhere = Parish.objects.exclude(code="SDO").first()
    make_offer(other_producer, cocoa, parish=elsewhere)
    page = client.get(
        reverse("agroprices:offers"), {"producto": "cacao", "parroquia": elsewhere.pk}
    )
    body = page.content.decode()
    assert "Cacao" in body and "Asociación El Cacao" in body
    assert "Finca La Esperanza" not in body


def test_unverified_producers_offers_are_not_listed(client, offer):
    Producer.objects.update(verified=False)
    assert "Finca La Esperanza" not in client.get(reverse("agroprices:offers")).content.decode()
    assert client.get(offer.get_absolute_url()).status_code == 404


def test_the_offer_list_runs_a_fixed_number_of_queries(
    client, producer, plantain, django_assert_max_num_queries
):
    for _ in range(12):
        make_offer(producer, plantain)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("agroprices:offers"))
    assert page.content.decode().count("offer-card") == 12


def test_the_asked_price_is_shown_beside_this_weeks_market_price(client, offer, plantain):
    ObservationFactory(
        product=plantain,
        market=MarketFactory(),
        price_type=price_type("mayorista"),
        date=timezone.localdate(),
        price=Decimal("5.20"),
    )
    body = client.get(offer.get_absolute_url()).content.decode()
    assert "Pide 4.50 USD por" in body or "Pide 4,50 USD por" in body
    assert "Mercado mayorista esta semana: 5" in body


def test_the_prices_page_says_how_many_producers_offer_a_product(client, offer, plantain):
    body = client.get(reverse("agroprices:index")).content.decode()
    assert "1 productor ofrece Plátano barraganete" in body


def test_the_producers_private_contact_is_not_shown(client, offer):
    for url in (offer.get_absolute_url(), offer.producer.get_absolute_url()):
        body = client.get(url).content.decode()
        assert "0991234567" not in body and "privado.example" not in body


def test_a_producer_who_chooses_to_shows_a_contact(client, offer):
    Producer.objects.update(show_contact=True)
    assert "0991234567" in client.get(offer.producer.get_absolute_url()).content.decode()


def test_a_buyer_message_reaches_the_producer_by_email(
    client, offer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _contact(client, offer)
    assert response.status_code == 302
    [email] = mail.outbox
    assert email.to == ["esperanza@privado.example"] and email.reply_to == ["rosa@example.org"]


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("email", "no-es-correo", "correo electrónico válido"),
        ("body", "x" * 2001, "como máximo 2000 caracteres"),
        ("name", "", "Este campo es requerido."),
    ],
)
def test_a_bad_message_is_a_clear_error_and_nothing_is_saved(client, offer, field, value, error):
    response = _contact(client, offer, **{field: value})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not ContactMessage.objects.exists() and not mail.outbox


def test_a_message_to_a_hidden_offer_is_refused(client, offer):
    Offer.objects.update(status=Offer.Status.HIDDEN)
    assert _contact(client, offer).status_code == 404
    assert not ContactMessage.objects.exists()


def test_a_message_to_an_expired_offer_is_refused_in_spanish(client, offer):
    Offer.objects.update(status=Offer.Status.EXPIRED)
    response = _contact(client, offer)
    assert "ya no está disponible" in response.content.decode()
    assert not ContactMessage.objects.exists()


def test_the_honeypot_keeps_nothing(client, offer):
    _contact(client, offer, website="http://spam.example")
    assert not ContactMessage.objects.exists() and not mail.outbox


def test_messages_are_rate_limited(client, offer):
    for _ in range(5):
        _contact(client, offer)
    response = _contact(client, offer)
    assert "Demasiados mensajes" in response.content.decode()
    assert ContactMessage.objects.count() == 5


def test_an_abuse_report_hides_the_offer(client, offer):
    client.post(reverse("agroprices:offer-report", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.status == Offer.Status.HIDDEN
    assert client.get(offer.get_absolute_url()).status_code == 404


def _offer_post(product, standard_unit, /, **kw):
    today = timezone.localdate()
    return {
        "product": product.pk,
        "quantity": "15",
        "unit": standard_unit.pk,
        "price": "4.20",
        "available_from": today.isoformat(),
        "available_until": (today + timedelta(days=5)).isoformat(),
        "place_kind": "acopio",
        "parish": Parish.objects.get(code="SDO").pk,
        **kw,
    }


def test_a_producer_publishes_an_offer_from_the_form(client, producer, plantain):
    client.force_login(producer.user)
    response = client.post(
        reverse("agroprices:offer-create"), _offer_post(plantain, plantain.standard_unit)
    )
    offer = Offer.objects.get()
    assert response.url == offer.get_absolute_url()
    assert offer.quantity == Decimal("15")


def test_an_offer_photo_is_published_without_the_farms_gps_position(
    client, producer, plantain, settings, tmp_path
):
    from PIL import Image

    from tests.environment.complaints.factories import photo_upload

    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(producer.user)
    data = _offer_post(plantain, plantain.standard_unit, photo=photo_upload(with_gps=True))
    response = client.post(reverse("agroprices:offer-create"), data)
    offer = Offer.objects.get()
    assert response.url == offer.get_absolute_url()
    with Image.open(offer.photo.path) as stored:
        assert 0x8825 not in stored.getexif()  # no GPS block
        assert max(stored.size) < 2400  # scaled down for phones
    assert offer.photo.url in client.get(offer.get_absolute_url()).content.decode()


def test_a_file_that_is_not_an_image_is_refused_and_nothing_saved(client, producer, plantain):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(producer.user)
    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 no soy una foto", content_type="image/jpeg")
    response = client.post(
        reverse("agroprices:offer-create"),
        _offer_post(plantain, plantain.standard_unit, photo=fake),
    )
    assert response.status_code == 200
    assert not Offer.objects.exists()
    assert "imagen" in response.content.decode()


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"product": 999999}, "Ese producto no está en el catálogo."),
        ({"unit": 999999}, "Esa unidad no está en el catálogo."),
        ({"quantity": "-2"}, "La cantidad debe ser mayor que cero."),
        ({"available_until": "2000-01-01"}, "no puede ser anterior a la inicial"),
    ],
)
def test_bad_offers_are_clear_errors_and_nothing_is_saved(
    client, producer, plantain, change, error
):
    client.force_login(producer.user)
    response = client.post(
        reverse("agroprices:offer-create"), _offer_post(plantain, plantain.standard_unit, **change)
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Offer.objects.exists()


def test_a_producer_cannot_edit_renew_or_close_another_producers_offer(
    client, offer, other_producer
):
    client.force_login(other_producer.user)
    assert client.get(reverse("agroprices:offer-edit", args=[offer.pk])).status_code == 404
    for name in ("offer-edit", "offer-renew", "offer-close"):
        response = client.post(reverse(f"agroprices:{name}", args=[offer.pk]), {"quantity": "1"})
        assert response.status_code == 404
    offer.refresh_from_db()
    assert (offer.status, offer.quantity) == (Offer.Status.ACTIVE, Decimal("20"))


def test_someone_without_the_producer_role_cannot_publish(client, django_user_model):
    user = django_user_model.objects.create_user(username="ciudadano", password="x-12345678")
    client.force_login(user)
    assert client.get(reverse("agroprices:offer-create")).status_code == 403


def test_a_producer_renews_an_offer_in_one_post_from_my_offers(client, offer):
    Offer.objects.update(
        status=Offer.Status.EXPIRED,
        available_from=timezone.localdate() - timedelta(days=20),
        available_until=timezone.localdate() - timedelta(days=1),
    )
    client.force_login(offer.producer.user)
    page = client.get(reverse("agroprices:my-offers"))
    assert reverse("agroprices:offer-renew", args=[offer.pk]) in page.content.decode()
    response = client.post(reverse("agroprices:offer-renew", args=[offer.pk]), {"next": "mine"})
    assert response.url == reverse("agroprices:my-offers")
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACTIVE and offer.available_until > timezone.localdate()


def test_the_public_application_form_creates_an_unverified_producer(client, plantain):
    response = client.post(
        reverse("agroprices:producer-apply"),
        {
            "email": "comuna@example.org",
            "name": "Grupo Comunitario Colorados del Búa",
            "kind": "comunitario",
            "parish": Parish.objects.get(code="SDO").pk,
            "products": [plantain.pk],
            "area_ha": "12.5",
        },
    )
    assert response.status_code == 200
    producer = Producer.objects.get()
    assert producer.verified is False and producer.area_ha == Decimal("12.5")
    assert client.get(producer.get_absolute_url()).status_code == 404


def test_the_open_dataset_has_no_personal_data(client, offer):
    body = b"".join(client.get(reverse("agroprices:export-offers")).streaming_content).decode()
    assert "Plátano barraganete" in body
    assert "Esperanza" not in body and "privado.example" not in body and "0991" not in body


def test_staff_figures_are_for_staff_only(client, offer, admin_user):
    assert client.get(reverse("agroprices:offer-figures")).status_code in (302, 403)
    client.force_login(admin_user)
    assert "Plátano" in client.get(reverse("agroprices:offer-figures")).content.decode()


def test_the_prices_page_entry_keeps_a_fixed_number_of_queries(
    client, producer, other_producer, django_assert_num_queries
):
    make_offer(producer, ProductFactory())
    client.get(reverse("agroprices:index"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("agroprices:index"))
    for _ in range(6):
        make_offer(other_producer, ProductFactory())
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("agroprices:index"))
