import datetime
from decimal import Decimal

import factory

from core.models import Parish
from environment import services
from environment.models import (
    MovementKind,
    Nursery,
    RequestStatus,
    SeedlingRequest,
    Species,
)


class SpeciesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Species

    scientific_name = factory.Sequence(lambda n: f"Cordia alliodora var. {n}")
    common_name = factory.Sequence(lambda n: f"Laurel {n}")
    family = "Boraginaceae"
    origin = "nativa"
    uses = factory.LazyFunction(lambda: ["maderable"])


class NurseryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nursery

    code = factory.Sequence(lambda n: f"VIV-{n}")
    name = factory.Sequence(lambda n: f"Vivero {n}")
    parish = factory.LazyFunction(lambda: Parish.objects.get(code="LDA"))


class SeedlingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeedlingRequest

    tracking_code = factory.Sequence(lambda n: f"RF-TEST-{n:04d}")
    applicant_kind = "finca"
    applicant_name = "Rosa Calazacón"
    applicant_phone = "0987654321"
    applicant_email = "rosa.finca@example.org"
    parish = factory.LazyFunction(lambda: Parish.objects.get(code="LDA"))
    location_reference = "Recinto El Cristal, junto a la escuela"
    latitude = Decimal("-0.412345")
    longitude = Decimal("-79.301234")
    land_area_ha = Decimal("1.50")
    purpose = "Sombra para el cacao"
    received_on = datetime.date(2022, 3, 1)


def stock(nursery, species, quantity, on=datetime.date(2022, 1, 5)):
    return services.stock_record(
        nursery=nursery,
        species=species,
        kind=MovementKind.PRODUCTION,
        quantity=quantity,
        occurred_on=on,
    )


def approved_request(lines, **kwargs):
    """lines: {species: quantity}"""
    req = SeedlingRequestFactory(**kwargs)
    for sp, qty in lines.items():
        req.lines.create(species=sp, quantity=qty)
    return services.request_decide(
        request=req, status=RequestStatus.APPROVED, on=datetime.date(2022, 3, 5)
    )


def deliver(req, nursery, lines, on=datetime.date(2022, 3, 20)):
    return services.delivery_record(
        request=req,
        nursery=nursery,
        lines=[services.Line(sp, qty) for sp, qty in lines.items()],
        delivered_on=on,
    )
