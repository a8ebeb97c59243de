"""FilterSets of this app, used by its API lists (and pages where they filter the same things)."""

import django_filters

from .models import Branch, Intervention


class NumberInFilter(django_filters.BaseInFilter, django_filters.NumberFilter):
    """`?need_level=1,3`: a word in the list is a 400, not a database error."""


class BranchFilter(django_filters.FilterSet):
    parish = django_filters.CharFilter(field_name="parish__code")
    need_level = NumberInFilter(field_name="need_level")
    q = django_filters.CharFilter(method="search")

    class Meta:
        model = Branch
        fields = ["parish", "zone", "need_level", "surface", "condition"]

    def search(self, queryset, name, value):
        return queryset.filter(code__icontains=value) | queryset.filter(name__icontains=value)


class InterventionFilter(django_filters.FilterSet):
    branch = django_filters.CharFilter(field_name="branch__code")
    ended_after = django_filters.DateFilter(field_name="end_date", lookup_expr="gte")
    ended_before = django_filters.DateFilter(field_name="end_date", lookup_expr="lte")

    class Meta:
        model = Intervention
        fields = ["branch", "kind", "ended_after", "ended_before"]
