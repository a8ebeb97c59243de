import pytest

from .factories import ActorFactory, MeetingFactory, MembershipFactory


@pytest.fixture
def actor(db):
    return ActorFactory(name="Fundación Transparencia Tsáchila")


@pytest.fixture
def membership(actor):
    return MembershipFactory(actor=actor, user__username="socia", user__email="socia@example.org")


@pytest.fixture
def member_user(membership):
    return membership.user


@pytest.fixture
def meeting(db):
    return MeetingFactory(title="Selección de compromisos")
