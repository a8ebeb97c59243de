import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from core.codes import new_tracking_code
from proposals.models import Consultation, Criterion, Proposal, ProposalStatus, Theme


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    title = factory.Sequence(lambda n: f"Consulta ciudadana {n}")
    slug = factory.Sequence(lambda n: f"consulta-{n}")
    description = "Consulta para el Plan de Acción de Gobierno Abierto."
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    consultation = factory.SubFactory(ConsultationFactory)
    name = factory.Sequence(lambda n: f"Eje {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    consultation = factory.SubFactory(ConsultationFactory)
    name = factory.Sequence(lambda n: f"Criterio {n}")
    weight = Decimal("1")
    scale_min = 1
    scale_max = 5


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    consultation = factory.SubFactory(ConsultationFactory)
    theme = factory.LazyAttribute(lambda o: ThemeFactory(consultation=o.consultation))
    tracking_code = factory.LazyFunction(lambda: new_tracking_code("PR"))
    title = factory.Sequence(lambda n: f"Propuesta ciudadana número {n}")
    problem = "Los caminos vecinales se cierran en invierno y no hay información pública."
    solution = "Publicar el estado de las vías y abrir un canal de reportes ciudadanos."
    proposer_name = "Rosa Aguavil"
    proposer_email = "rosa.aguavil@correo.ec"
    proposer_phone = "0991234567"
    status = ProposalStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
