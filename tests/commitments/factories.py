from datetime import date
from decimal import Decimal

import factory

from commitments.models import ActionPlan, Commitment, Indicator, Milestone


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    title = factory.Sequence(lambda n: f"Plan de Acción {n}")
    slug = factory.Sequence(lambda n: f"plan-{n}")
    period_start = date(2021, 7, 1)
    period_end = date(2022, 12, 31)
    status = ActionPlan.Status.IMPLEMENTATION


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    plan = factory.SubFactory(ActionPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Compromiso {n}")
    problem = "Problema"
    objective = "Objetivo"
    start_date = date(2021, 11, 1)
    end_date = date(2022, 12, 31)
    status = Commitment.Status.ONGOING


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    commitment = factory.SubFactory(CommitmentFactory)
    title = factory.Sequence(lambda n: f"Hito {n}")
    weight = Decimal(1)
    start_date = date(2021, 11, 1)
    end_date = date(2022, 6, 30)
    progress = Decimal(0)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    commitment = factory.SubFactory(CommitmentFactory)
    name = factory.Sequence(lambda n: f"Indicador {n}")
    unit = "unidades"
    baseline = Decimal(0)
    target = Decimal(100)
