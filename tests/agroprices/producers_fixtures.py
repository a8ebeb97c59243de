"""Fixtures for the producers' directory and offers (imported by the producers' tests)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from agroprices.models import Offer, Producer
from core import roles
from core.models import Parish

from .factories import unit


def make_producer(django_user_model, name="Finca La Esperanza", username="esperanza", **kw):
    user = django_user_model.objects.create_user(
        username=username, password="clave-segura-123", email=f"{username}@privado.example"
    )
    user.groups.add(Group.objects.get(name=roles.PRODUCER))
    fields = {
        "name": name,
        "kind": Producer.Kind.INDIVIDUAL,
        "parish": Parish.objects.get(code="SDO"),
        "phone": "0991234567",
        "verified": True,
        **kw,
    }
    return Producer.objects.create(user=user, **fields)


def make_offer(producer, product, **kw):
    today = timezone.localdate()
    fields = {
        "quantity": Decimal("20"),
        "unit": product.standard_unit,
        "price": Decimal("4.50"),
        "available_from": today,
        "available_until": today + timedelta(days=10),
        "place_kind": Offer.Place.FARM,
        "parish": producer.parish,
        **kw,
    }
    return Offer.objects.create(producer=producer, product=product, **fields)


@pytest.fixture
def producer(db, django_user_model):
    return make_producer(django_user_model)


@pytest.fixture
def other_producer(db, django_user_model):
    return make_producer(django_user_model, name="Asociación El Cacao", username="elcacao")


@pytest.fixture
def offer(producer, plantain):
    return make_offer(producer, plantain)


@pytest.fixture
def kg():
    return unit("kg")
