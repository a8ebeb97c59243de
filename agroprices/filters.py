"""FilterSets of this app, used by its API lists (and pages where they filter the same things)."""

import django_filters

from .models import PriceObservation


class ObservationFilter(django_filters.FilterSet):
    product = django_filters.CharFilter(field_name="product__slug")
    market = django_filters.CharFilter(field_name="market__slug")
    price_type = django_filters.CharFilter(field_name="price_type__code")
    start = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    end = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = PriceObservation
        fields = ["product", "market", "price_type", "start", "end"]
