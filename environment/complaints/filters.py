"""FilterSets of this app, used by its API lists (and pages where they filter the same things)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import TerritoryFilter
from core.models import Parish
from core.reports import ReportStatus

from .models import Complaint, ComplaintCategory


class ComplaintFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=ComplaintCategory.choices)
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)
    parish = django_filters.CharFilter(field_name="parish__code", label="parish code")
    created_after = django_filters.DateFilter(field_name="created_at__date", lookup_expr="gte")
    created_before = django_filters.DateFilter(field_name="created_at__date", lookup_expr="lte")
    hidden = django_filters.BooleanFilter(
        field_name="is_hidden", label="hidden (staff only: the public never sees hidden ones)"
    )

    class Meta:
        model = Complaint
        fields = ["category", "status", "parish", "created_after", "created_before", "hidden"]


class ComplaintPageFilter(django_filters.FilterSet):
    """The public list's filters, with Spanish parameter names; a mistyped value is ignored
    (django-filter leaves out fields that do not validate) rather than emptying the list."""

    categoria = django_filters.ChoiceFilter(
        field_name="category",
        label=_("Categoría"),
        choices=ComplaintCategory.choices,
        empty_label=_("Todas"),
    )
    parroquia = TerritoryFilter(
        Parish, field_name="parish", label=_("Parroquia"), empty_label=_("Todas")
    )
    estado = django_filters.ChoiceFilter(
        field_name="status",
        label=_("Estado"),
        choices=ReportStatus.choices,
        empty_label=_("Todos"),
    )
