from datetime import date
from decimal import Decimal

import factory

from core.models import Parish
from roads.models import Branch, Intervention


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch

    code = factory.Sequence(lambda n: f"MTR{n + 500:03d}")
    name = factory.Sequence(lambda n: f"Vía de prueba {n}")
    parish = factory.LazyFunction(lambda: Parish.objects.get(code="MTR"))
    canton = factory.LazyAttribute(lambda o: o.parish.canton)
    zone = "parroquias"
    length_km = Decimal("10.00")
    need_level = 2


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    branch = factory.SubFactory(BranchFactory)
    start_date = date(2020, 3, 1)
    end_date = date(2020, 3, 20)
    km_worked = Decimal("5.00")
