"""Public read of verified producers and active offers. No phone or e-mail is serialised,
whatever the producer chose for their page: the API is bulk, the page is one person."""

import django_filters
from rest_framework import serializers, viewsets

from core.models import Parish
from core.text import CleanTextSerializerMixin

from . import producers_selectors as selectors
from .models import Offer, Producer, Product
from .producers_services import OFFER_FIELDS, PUBLIC_PROFILE_FIELDS


class ProducerSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    parish = serializers.SlugRelatedField(slug_field="code", read_only=True)
    community = serializers.SlugRelatedField(slug_field="code", read_only=True)
    products = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Producer
        fields = ["id", *PUBLIC_PROFILE_FIELDS]


class OfferSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    product = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    parish = serializers.SlugRelatedField(slug_field="code", read_only=True)
    producer = serializers.PrimaryKeyRelatedField(read_only=True)
    producer_name = serializers.CharField(source="producer.name", read_only=True)

    class Meta:
        model = Offer
        fields = ["id", "producer", "producer_name", *OFFER_FIELDS]


class ProducerFilter(django_filters.FilterSet):
    parish = django_filters.ModelChoiceFilter(queryset=Parish.objects.all(), to_field_name="code")
    product = django_filters.ModelChoiceFilter(
        field_name="products", queryset=Product.objects.all(), to_field_name="slug"
    )

    class Meta:
        model = Producer
        fields = ["kind", "parish", "product", "organic", "good_practices"]


class OfferFilter(django_filters.FilterSet):
    parish = django_filters.ModelChoiceFilter(queryset=Parish.objects.all(), to_field_name="code")
    product = django_filters.ModelChoiceFilter(queryset=Product.objects.all(), to_field_name="slug")

    class Meta:
        model = Offer
        fields = ["product", "parish", "place_kind", "producer"]


class ProducerViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = (
        selectors.public_producers()
        .select_related("parish", "community")
        .prefetch_related("products")
        .order_by("name", "pk")
    )
    serializer_class = ProducerSerializer
    filterset_class = ProducerFilter
    search_fields = ["name"]


class OfferViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OfferSerializer
    filterset_class = OfferFilter
    ordering_fields = ["available_until", "price", "created_at"]

    def get_queryset(self):
        return selectors.public_offers()


def register(router):
    router.register("agroprecios/productores", ProducerViewSet, basename="agro-producer")
    router.register("agroprecios/ofertas", OfferViewSet, basename="agro-offer")
