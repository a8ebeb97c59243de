"""FilterSets of this app, used by its API lists (and pages where they filter the same things)."""

import django_filters
from django.db import connection

from core.filters import YearFilter

from .models import (
    Delivery,
    SeedlingRequest,
    Species,
    Use,
)


class SpeciesFilter(django_filters.FilterSet):
    use = django_filters.ChoiceFilter(choices=Use.choices, method="filter_use", label="uso")

    class Meta:
        model = Species
        fields = ["origin", "family", "is_active"]

    def filter_use(self, queryset, name, value):
        if connection.features.supports_json_field_contains:
            return queryset.filter(uses__contains=[value])
        return queryset.filter(uses__icontains=f'"{value}"')  # SQLite (`make run`)


class RequestFilter(django_filters.FilterSet):
    year = YearFilter(field_name="received_on", lookup_expr="year")

    class Meta:
        model = SeedlingRequest
        fields = ["status", "applicant_kind", "parish__code"]


class DeliveryFilter(django_filters.FilterSet):
    year = YearFilter(field_name="delivered_on", lookup_expr="year")
    parish = django_filters.CharFilter(field_name="request__parish__code")
    nursery = django_filters.CharFilter(field_name="nursery__code")

    class Meta:
        model = Delivery
        fields = ["year", "parish", "nursery"]
