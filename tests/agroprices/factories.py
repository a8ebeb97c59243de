from datetime import date
from decimal import Decimal

import factory

from agroprices.models import Market, PriceObservation, PriceType, Product, Unit
from core.models import Parish


def unit(code):
    return Unit.objects.get(code=code)


def price_type(code="productor"):
    return PriceType.objects.get(code=code)


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    slug = factory.Sequence(lambda n: f"producto-{n}")
    commodity = factory.Sequence(lambda n: f"Producto {n}")
    variety = ""
    category = Product.Category.FRUITS
    standard_unit = factory.LazyFunction(lambda: unit("racimo"))


class MarketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Market

    slug = factory.Sequence(lambda n: f"mercado-{n}")
    name = factory.Sequence(lambda n: f"Mercado {n}")
    kind = Market.Kind.WHOLESALE
    parish = factory.LazyFunction(lambda: Parish.objects.get(code="SDO"))
    latitude = Decimal("-0.253100")
    longitude = Decimal("-79.175400")


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceObservation

    date = date(2025, 6, 3)
    product = factory.SubFactory(ProductFactory)
    market = factory.SubFactory(MarketFactory)
    unit = factory.LazyAttribute(lambda o: o.product.standard_unit)
    price_type = factory.LazyFunction(price_type)
    price = Decimal("4.00")
    standard_price = factory.LazyAttribute(lambda o: o.price)
    status = PriceObservation.Status.VALIDATED
    source = PriceObservation.Source.IMPORT
