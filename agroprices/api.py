"""Open price data: reference lists, validated observations, weekly/monthly series."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_base import EstimatedCountPagination
from core.geo import public_coordinate
from core.text import CleanTextSerializerMixin

from . import selectors
from .fields import PRICE_FIELDS
from .filters import ObservationFilter
from .models import Market, PriceObservation, PriceType, Product


class ProductSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    standard_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    units = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = ["slug", "commodity", "variety", "category", "standard_unit", "units"]

    def get_units(self, obj) -> dict[str, str]:
        return {pu.unit.code: str(pu.factor) for pu in obj.units.all()}


class MarketSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    parish = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Market
        fields = ["slug", "name", "kind", "parish", "latitude", "longitude"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # A farm is someone's home: its point is blurred here as in the HDX file.
        if instance.kind == Market.Kind.FARM:
            for key in ("latitude", "longitude"):
                value = getattr(instance, key)
                data[key] = None if value is None else str(public_coordinate(value))
        return data


class PriceTypeSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = PriceType
        fields = ["code", "name", "hdx_name"]


class ObservationSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    """Public fields only: the collector and reviewer never leave the database."""

    product = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    market = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    price_type = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = PriceObservation
        fields = ["id", *PRICE_FIELDS, "standard_price", "source"]


class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = (
        Product.objects.filter(active=True)
        .select_related("standard_unit")
        .prefetch_related("units__unit")
    )
    serializer_class = ProductSerializer
    lookup_field = "slug"
    filterset_fields = ["category"]
    search_fields = ["commodity", "variety"]


class MarketViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Market.objects.filter(active=True).select_related("parish")
    serializer_class = MarketSerializer
    lookup_field = "slug"
    filterset_fields = ["kind"]
    search_fields = ["name"]


class PriceTypeViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = PriceType.objects.all()
    serializer_class = PriceTypeSerializer
    lookup_field = "code"
    pagination_class = None


class ObservationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = selectors.published().select_related("product", "market", "unit", "price_type")
    serializer_class = ObservationSerializer
    filterset_class = ObservationFilter
    ordering_fields = ["date", "price", "standard_price"]
    ordering = ["-date", "id"]
    # Prices grow without bound: no full COUNT(*) past 10,000 matching rows.
    pagination_class = EstimatedCountPagination


class SeriesPointSerializer(CleanTextSerializerMixin, serializers.Serializer):
    period = serializers.DateField()
    product = serializers.CharField()
    market = serializers.CharField()
    price_type = serializers.CharField()
    mean = serializers.DecimalField(max_digits=14, decimal_places=4)
    min = serializers.DecimalField(max_digits=14, decimal_places=4)
    max = serializers.DecimalField(max_digits=14, decimal_places=4)
    count = serializers.IntegerField()


class SeriesQuery(CleanTextSerializerMixin, serializers.Serializer):
    product = serializers.SlugField(required=False)
    market = serializers.SlugField(required=False)
    price_type = serializers.SlugField(required=False)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    period = serializers.ChoiceField(choices=["week", "month"], default="week")


class SeriesView(APIView):
    """Mean, minimum and maximum price per standard unit, by week or month and market."""

    @extend_schema(
        parameters=[
            OpenApiParameter("product", OpenApiTypes.STR),
            OpenApiParameter("market", OpenApiTypes.STR),
            OpenApiParameter("price_type", OpenApiTypes.STR),
            OpenApiParameter("start", OpenApiTypes.DATE),
            OpenApiParameter("end", OpenApiTypes.DATE),
            OpenApiParameter("period", OpenApiTypes.STR, enum=["week", "month"]),
        ],
        responses=SeriesPointSerializer(many=True),
    )
    def get(self, request):
        query = SeriesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        product = get_object_or_404(Product, slug=q["product"]) if q.get("product") else None
        market = get_object_or_404(Market, slug=q["market"]) if q.get("market") else None
        price_type = (
            get_object_or_404(PriceType, code=q["price_type"]) if q.get("price_type") else None
        )
        rows = selectors.series(
            product=product,
            market=market,
            price_type=price_type,
            start=q.get("start"),
            end=q.get("end"),
            period=q["period"],
        )
        data = [
            {
                "period": r["period"],
                "product": r["product__slug"],
                "market": r["market__slug"],
                "price_type": r["price_type__code"],
                "mean": r["mean"],
                "min": r["min"],
                "max": r["max"],
                "count": r["count"],
            }
            for r in rows[:5000]
        ]
        return Response(SeriesPointSerializer(data, many=True).data)


def register(router):
    router.register("agroprecios/productos", ProductViewSet, basename="agro-product")
    router.register("agroprecios/mercados", MarketViewSet, basename="agro-market")
    router.register("agroprecios/tipos-precio", PriceTypeViewSet, basename="agro-price-type")
    router.register("agroprecios/precios", ObservationViewSet, basename="agro-observation")
    from . import producers_api

    producers_api.register(router)


urlpatterns = [path("agroprecios/series/", SeriesView.as_view(), name="agro-series")]
