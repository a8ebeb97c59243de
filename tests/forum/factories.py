from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.models import Parish
from forum import services
from forum.models import Actor, AgendaItem, Attendance, Decision, Meeting, Membership, Sector


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"persona{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Organización {n}")
    sector = Sector.CIVIL_SOCIETY
    parish = factory.LazyFunction(lambda: Parish.objects.get(code="SDO"))
    status = Actor.Status.ACTIVE
    joined_on = date(2020, 10, 15)
    description = "Trabaja por la transparencia."
    contact_name = factory.Sequence(lambda n: f"Contacto Privado {n}")
    contact_email = factory.Sequence(lambda n: f"privado{n}@contacto-secreto.ec")
    contact_phone = factory.Sequence(lambda n: f"0991{n:06d}")


class MembershipFactory(factory.django.DjangoModelFactory):
    """Goes through the service, as the admin and the API do, so the role follows."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    actor = factory.SubFactory(ActorFactory)
    role = Membership.Role.MEMBER
    joined_on = date(2020, 10, 15)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.membership_save(model_class(*args, **kwargs))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"Sesión ordinaria {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + timedelta(hours=3))
    place = "Auditorio del GADPSDT"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Punto {n}")


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Decisión {n}")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(MembershipFactory)
    status = Attendance.Status.PRESENT
