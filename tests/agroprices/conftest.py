from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from agroprices.models import COLLECTOR_GROUP, ProductUnit
from agroprices.selectors import week_start

from .factories import MarketFactory, ObservationFactory, ProductFactory, price_type, unit


@pytest.fixture
def collector(db, django_user_model):
    user = django_user_model.objects.create_user(
        username="recolectora", password="clave-segura-123", email="recolectora@example.org"
    )
    user.groups.add(Group.objects.get(name=COLLECTOR_GROUP))
    return user


@pytest.fixture
def plantain(db):
    product = ProductFactory(slug="platano-barraganete", commodity="Plátano", variety="barraganete")
    ProductUnit.objects.create(product=product, unit=unit("kg"), factor=Decimal("0.05"))
    return product


@pytest.fixture
def market(db):
    return MarketFactory(slug="mercado-17-diciembre", name="Mercado 17 de Diciembre")


@pytest.fixture
def farm_gate(db):
    return price_type("productor")


@pytest.fixture
def history(plantain, market, farm_gate):
    """Six validated weekly prices around USD 4 a racimo, ending last week."""
    today = timezone.localdate()
    prices = ["3.90", "4.00", "4.10", "4.00", "3.95", "4.05"]
    return [
        ObservationFactory(
            product=plantain,
            market=market,
            price_type=farm_gate,
            date=today - timedelta(weeks=i + 1),
            price=Decimal(p),
        )
        for i, p in enumerate(prices)
    ]


@pytest.fixture
def this_week():
    return week_start(timezone.localdate())


from .producers_fixtures import kg, offer, other_producer, producer  # noqa: E402, F401
