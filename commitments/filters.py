"""FilterSets of this app, used by its API lists (and pages where they filter the same things)."""

import django_filters

from . import levels
from .models import (
    Commitment,
    Milestone,
)


class CommitmentFilter(django_filters.FilterSet):
    plan = django_filters.CharFilter(field_name="plan__slug")
    level = django_filters.ChoiceFilter(
        choices=[(level.key, level.label) for level in levels.ALL], method="filter_level"
    )
    min_progress = django_filters.NumberFilter(field_name="progress", lookup_expr="gte")

    class Meta:
        model = Commitment
        fields = ["plan", "status", "transparency", "participation", "accountability", "technology"]

    def filter_level(self, queryset, name, value):
        low, high = levels.progress_range(value)
        queryset = queryset.filter(progress__gte=low)
        return queryset.filter(progress__lt=high) if high is not None else queryset


class MilestoneFilter(django_filters.FilterSet):
    plan = django_filters.CharFilter(field_name="commitment__plan__slug")

    class Meta:
        model = Milestone
        fields = ["commitment", "status", "plan"]
