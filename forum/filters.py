"""Filters shared by the public directory and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import TerritoryFilter, YearFilter
from core.models import Canton, Parish

from .models import Actor, Attendance, Meeting, Sector


class ActorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Buscar"), method="search")
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices)
    status = django_filters.ChoiceFilter(label=_("Estado"), choices=Actor.Status.choices)
    kind = django_filters.ChoiceFilter(label=_("Tipo"), choices=Actor.Kind.choices)
    parish = TerritoryFilter(Parish, field_name="parish", label=_("Parroquia"))
    canton = TerritoryFilter(Canton, field_name="parish__canton", label=_("Cantón"))

    class Meta:
        model = Actor
        fields = ["q", "sector", "status", "kind", "parish", "canton"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))


class MeetingFilter(django_filters.FilterSet):
    year = YearFilter(field_name="starts_at__year")
    starts_after = django_filters.DateFilter(
        label=_("Desde"), field_name="starts_at__date", lookup_expr="gte"
    )
    starts_before = django_filters.DateFilter(
        label=_("Hasta"), field_name="starts_at__date", lookup_expr="lte"
    )

    class Meta:
        model = Meeting
        fields = ["year", "starts_after", "starts_before"]


class AttendanceFilter(django_filters.FilterSet):
    meeting = django_filters.NumberFilter(label=_("Sesión"), field_name="meeting_id")
    actor = django_filters.NumberFilter(label=_("Actor"), field_name="member__actor_id")
    sector = django_filters.ChoiceFilter(
        label=_("Sector"), choices=Sector.choices, field_name="member__actor__sector"
    )
    status = django_filters.ChoiceFilter(label=_("Asistencia"), choices=Attendance.Status.choices)
    year = YearFilter(field_name="meeting__starts_at__year")

    class Meta:
        model = Attendance
        fields = ["meeting", "actor", "sector", "status", "year"]
