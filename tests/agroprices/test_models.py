from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from agroprices.models import PriceObservation, PriceType

from .factories import ObservationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("price", ["0", "-1.50"])
def test_the_database_refuses_a_price_that_is_not_positive(price):
    with pytest.raises(IntegrityError):
        ObservationFactory(price=Decimal(price), standard_price=Decimal("1"))


def test_the_database_refuses_a_minimum_above_the_price():
    with pytest.raises(IntegrityError):
        ObservationFactory(price=Decimal("4"), price_min=Decimal("5"))


def test_the_database_refuses_a_maximum_below_the_price():
    with pytest.raises(IntegrityError):
        ObservationFactory(price=Decimal("4"), price_max=Decimal("3"))


def test_two_imported_prices_with_the_same_key_are_refused_although_collector_is_null():
    first = ObservationFactory(collector=None)
    with pytest.raises(IntegrityError):
        ObservationFactory(
            collector=None,
            product=first.product,
            market=first.market,
            date=first.date,
            price_type=first.price_type,
        )


def test_a_rejection_without_reason_is_refused():
    with pytest.raises(IntegrityError):
        ObservationFactory(status=PriceObservation.Status.REJECTED, rejection_reason="")


def test_the_database_refuses_a_price_type_outside_the_fixed_set(plantain, market):
    first = ObservationFactory(product=plantain, market=market)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE agroprices_priceobservation SET price_type_id = 'trueque' WHERE id = %s",
            [first.pk],
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        PriceType.objects.create(code="trueque", name="Trueque", hdx_name="Barter")


def test_price_types_cannot_be_added_or_deleted_in_the_admin(admin_client):
    farm_gate = PriceType.objects.get(code="productor")
    assert admin_client.get(reverse("admin:agroprices_pricetype_add")).status_code == 403
    url = reverse("admin:agroprices_pricetype_delete", args=[farm_gate.pk])
    assert admin_client.get(url).status_code == 403
