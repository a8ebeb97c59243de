from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from core import roles

from .factories import ConsultationFactory, CriterionFactory, ProposalFactory, ThemeFactory


@pytest.fixture
def consultation(db):
    consultation = ConsultationFactory(slug="consulta-2026", title="Consulta ciudadana 2026")
    ThemeFactory(consultation=consultation, name="Ambiente")
    ThemeFactory(consultation=consultation, name="Vialidad")
    CriterionFactory(
        consultation=consultation, name="Relevancia", weight=Decimal("3"), scale_max=5, order=1
    )
    CriterionFactory(
        consultation=consultation, name="Factibilidad", weight=Decimal("1"), scale_max=10, order=2
    )
    return consultation


@pytest.fixture
def criteria(consultation):
    return list(consultation.criteria.all())


@pytest.fixture
def proposal(consultation):
    return ProposalFactory(consultation=consultation, theme=consultation.themes.first())


@pytest.fixture
def make_member(db, django_user_model):
    group = Group.objects.get(name=roles.FORUM_MEMBER)

    def make(username):
        user = django_user_model.objects.create_user(username=username, password="x")
        user.groups.add(group)
        return user

    return make
