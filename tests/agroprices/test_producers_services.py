from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from agroprices import producers_services as services
from agroprices.models import ContactMessage, Offer, Producer
from core.accounts.models import Invitation
from core.models import Parish

from .factories import ProductFactory, unit
from .producers_fixtures import make_offer

pytestmark = pytest.mark.django_db


def _fields(product, **kw):
    today = timezone.localdate()
    return {
        "product": product,
        "quantity": Decimal("10"),
        "unit": product.standard_unit,
        "price": Decimal("4.00"),
        "available_from": today,
        "available_until": today + timedelta(days=7),
        "place_kind": Offer.Place.COLLECTION,
        "parish": Parish.objects.get(code="SDO"),
        **kw,
    }


def test_a_verified_producer_publishes_an_offer(producer, plantain):
    offer = services.offer_create(producer=producer, **_fields(plantain))
    assert offer.status == Offer.Status.ACTIVE


def test_an_unverified_producer_cannot_publish(producer, plantain):
    producer.verified = False
    producer.save()
    with pytest.raises(ValidationError, match="verificado"):
        services.offer_create(producer=producer, **_fields(plantain))
    assert not Offer.objects.exists()


def test_a_unit_outside_the_products_catalogue_is_refused(producer, plantain):
    with pytest.raises(ValidationError) as exc:
        services.offer_create(producer=producer, **_fields(plantain, unit=unit("quintal")))
    assert "no está en el catálogo" in str(exc.value.message_dict["unit"])
    assert not Offer.objects.exists()


def test_a_negative_quantity_is_refused(producer, plantain):
    with pytest.raises(ValidationError) as exc:
        services.offer_create(producer=producer, **_fields(plantain, quantity=Decimal("-3")))
    assert "mayor que cero" in str(exc.value.message_dict["quantity"])
    assert not Offer.objects.exists()


def test_an_end_before_the_start_is_refused(producer, plantain):
    today = timezone.localdate()
    fields = _fields(plantain, available_until=today - timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        services.offer_create(producer=producer, **fields)
    assert "anterior a la inicial" in str(exc.value.message_dict["available_until"])
    assert not Offer.objects.exists()


def test_the_database_refuses_an_end_before_the_start(producer, plantain):
    from django.db import IntegrityError, transaction

    today = timezone.localdate()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_offer(producer, plantain, available_until=today - timedelta(days=2))


def test_a_producer_cannot_update_another_producers_offer(offer, other_producer):
    with pytest.raises(PermissionError):
        services.offer_update(offer=offer, user=other_producer.user, quantity=Decimal("1"))
    offer.refresh_from_db()
    assert offer.quantity == Decimal("20")


def test_renewing_extends_the_offer_from_today_and_reopens_it(offer):
    offer.available_from = timezone.localdate() - timedelta(days=30)
    offer.available_until = timezone.localdate() - timedelta(days=3)
    offer.status = Offer.Status.EXPIRED
    offer.save()
    renewed = services.offer_renew(offer=offer, user=offer.producer.user)
    assert renewed.status == Offer.Status.ACTIVE
    assert renewed.available_until == timezone.localdate() + timedelta(days=services.RENEW_DAYS)


def test_expiring_closes_only_offers_past_their_last_day_and_twice_changes_nothing(
    producer, plantain
):
    today = timezone.localdate()
    old = make_offer(
        producer,
        plantain,
        available_from=today - timedelta(days=9),
        available_until=today - timedelta(days=1),
    )
    current = make_offer(producer, plantain, available_until=today)
    assert services.offers_expire() == 1
    assert services.offers_expire() == 0
    old.refresh_from_db()
    current.refresh_from_db()
    assert (old.status, current.status) == (Offer.Status.EXPIRED, Offer.Status.ACTIVE)


def test_a_buyer_message_is_stored_and_relayed_with_reply_to_the_buyer(
    offer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_send(
            offer=offer, name="Comprador", email="compra@example.org", body="¿Me vende 10?"
        )
    assert ContactMessage.objects.get().sent_at is not None
    [email] = mail.outbox
    assert email.to == ["esperanza@privado.example"]
    assert email.reply_to == ["compra@example.org"]
    assert "¿Me vende 10?" in email.body


def test_relaying_a_message_twice_sends_one_email(offer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.contact_send(
            offer=offer, name="Comprador", email="compra@example.org", body="Hola"
        )
    assert services.contact_relay(message.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("status", [Offer.Status.HIDDEN, Offer.Status.EXPIRED])
def test_a_message_to_an_unavailable_offer_is_refused(offer, status):
    offer.status = status
    offer.save()
    with pytest.raises(ValidationError, match="ya no está disponible"):
        services.contact_send(offer=offer, name="X", email="x@example.org", body="Hola")
    assert not ContactMessage.objects.exists()


def test_an_abuse_report_hides_the_offer_until_staff_restore_it(offer):
    services.offer_report(offer=offer)
    offer.refresh_from_db()
    assert (offer.status, offer.reports) == (Offer.Status.HIDDEN, 1)
    services.offer_moderate(offer=offer, visible=True)
    offer.refresh_from_db()
    assert (offer.status, offer.reports) == (Offer.Status.ACTIVE, 0)


def test_applying_creates_an_unverified_producer_and_an_invitation(plantain):
    producer = services.producer_apply(
        email="nueva@example.org",
        name="Comuna Chigüilpe",
        kind=Producer.Kind.COMMUNITY,
        parish=Parish.objects.get(code="SDO"),
        products=[plantain],
        story="Cacao fino de aroma",
    )
    assert producer.verified is False
    assert producer.user.is_active is False
    assert Invitation.objects.get(email="nueva@example.org").role == "Productor"
    assert "nueva@example.org" in mail.outbox[0].to


def test_applying_twice_with_one_email_is_refused(producer):
    with pytest.raises(ValidationError) as exc:
        services.producer_apply(
            email=producer.user.email,
            name="Otra",
            kind=Producer.Kind.INDIVIDUAL,
            parish=producer.parish,
        )
    assert "Ya existe una cuenta" in str(exc.value)
    assert Producer.objects.count() == 1


def test_the_indicator_counts_producers_with_open_offers(offer, other_producer, plantain):
    from core.registry import indicators

    today = timezone.localdate()
    make_offer(other_producer, plantain, status=Offer.Status.HIDDEN)
    indicator = indicators.get("agroprices.producers_with_active_offers")
    assert indicator.value(today, today) == 1
    assert indicator.value(today - timedelta(days=30), today - timedelta(days=20)) == 0


def test_an_unknown_product_does_not_reach_the_service(producer):
    # A product missing from the catalogue cannot be built at all: the form refuses it first
    # (see test_producers_views); here the service refuses a product's foreign unit.
    other = ProductFactory()
    with pytest.raises(ValidationError):
        services.offer_create(producer=producer, **_fields(other, unit=unit("kg")))
