"""Reforestation API: public reads without applicant data; staff writes through services."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import geo
from core.api_errors import api_validation_error
from core.permissions import IsPortalStaff, ReadOnlyOrStaff
from core.text import CleanTextSerializerMixin

from . import services
from .filters import DeliveryFilter, RequestFilter, SpeciesFilter
from .models import (
    Delivery,
    DeliveryLine,
    FollowUpVisit,
    Nursery,
    NurseryStock,
    RequestLine,
    RequestStatus,
    SeedlingRequest,
    Species,
    StockMovement,
    Use,
)


class SpeciesSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    uses = serializers.ListField(child=serializers.ChoiceField(choices=Use.choices), required=False)

    class Meta:
        model = Species
        fields = [
            "id",
            "scientific_name",
            "common_name",
            "family",
            "origin",
            "uses",
            "image",
            "is_active",
        ]
        read_only_fields = ["image"]


class SpeciesViewSet(viewsets.ModelViewSet):
    queryset = Species.objects.order_by("common_name")
    serializer_class = SpeciesSerializer
    filterset_class = SpeciesFilter
    search_fields = ["common_name", "scientific_name", "family"]
    http_method_names = ["get", "post", "patch", "head", "options"]


class NurserySerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    parish = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Nursery
        fields = ["id", "code", "name", "parish", "address", "is_active"]


class NurseryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Nursery.objects.select_related("parish").order_by("name")
    serializer_class = NurserySerializer
    filterset_fields = ["is_active", "parish__code"]


class NurseryStockSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    nursery = serializers.SlugRelatedField(slug_field="code", read_only=True)
    species = serializers.SlugRelatedField(slug_field="scientific_name", read_only=True)

    class Meta:
        model = NurseryStock
        fields = ["nursery", "species", "quantity", "updated_at"]


class StockViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = NurseryStock.objects.select_related("nursery", "species").order_by("pk")
    serializer_class = NurseryStockSerializer
    filterset_fields = ["nursery__code", "species"]


class StockMovementSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = StockMovement
        fields = ["id", "nursery", "species", "kind", "quantity", "occurred_on", "note", "delivery"]
        read_only_fields = ["delivery"]


class MovementViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The ledger: anyone reads it; staff append production, losses and adjustments."""

    queryset = StockMovement.objects.order_by("-occurred_on", "-pk")
    serializer_class = StockMovementSerializer
    filterset_fields = ["nursery", "species", "kind"]

    def perform_create(self, serializer):
        try:
            serializer.instance = services.stock_record(
                **serializer.validated_data, by=self.request.user
            )
        except DjangoValidationError as exc:
            raise api_validation_error(exc) from exc


class SeedlingLineSerializer(CleanTextSerializerMixin, serializers.Serializer):
    species = serializers.PrimaryKeyRelatedField(queryset=Species.objects.all())
    quantity = serializers.IntegerField(min_value=1)


class SeedlingRequestLineSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = RequestLine
        fields = ["species", "quantity"]


class SeedlingRequestSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    """No applicant name, phone, email, tracking code or exact place."""

    parish = serializers.SlugRelatedField(slug_field="code", read_only=True)
    latitude = serializers.SerializerMethodField()
    longitude = serializers.SerializerMethodField()
    lines = SeedlingRequestLineSerializer(many=True, read_only=True)

    class Meta:
        model = SeedlingRequest
        fields = [
            "id",
            "applicant_kind",
            "parish",
            "latitude",
            "longitude",
            "land_area_ha",
            "status",
            "received_on",
            "decided_on",
            "delivered_on",
            "lines",
        ]

    def get_latitude(self, obj) -> str | None:
        value = geo.public_coordinate(obj.latitude)
        return None if value is None else str(value)

    def get_longitude(self, obj) -> str | None:
        value = geo.public_coordinate(obj.longitude)
        return None if value is None else str(value)


class RequestDecisionSerializer(CleanTextSerializerMixin, serializers.Serializer):
    status = serializers.ChoiceField(choices=[RequestStatus.APPROVED, RequestStatus.REJECTED])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class RequestViewSet(viewsets.ReadOnlyModelViewSet):
    """Requests as open data (no applicant, no tracking code); staff approve or reject."""

    queryset = (
        SeedlingRequest.objects.select_related("parish")
        .prefetch_related("lines")
        .order_by("-received_on", "-pk")
    )
    serializer_class = SeedlingRequestSerializer
    filterset_class = RequestFilter

    @extend_schema(request=RequestDecisionSerializer, responses={200: SeedlingRequestSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsPortalStaff])
    def decide(self, request, pk=None):
        incoming = RequestDecisionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            decided = services.request_decide(
                request=self.get_object(),
                status=incoming.validated_data["status"],
                reason=incoming.validated_data.get("reason", ""),
                by=request.user,
            )
        except DjangoValidationError as exc:
            raise api_validation_error(exc) from exc
        return Response(SeedlingRequestSerializer(decided).data)


class SeedlingDeliveryLineSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = DeliveryLine
        fields = ["id", "species", "quantity"]


class SeedlingDeliverySerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    nursery = serializers.SlugRelatedField(slug_field="code", read_only=True)
    parish = serializers.CharField(source="request.parish.code", read_only=True)
    lines = SeedlingDeliveryLineSerializer(many=True, read_only=True)

    class Meta:
        model = Delivery
        fields = ["id", "request", "nursery", "parish", "delivered_on", "lines"]


class SeedlingDeliveryCreateSerializer(CleanTextSerializerMixin, serializers.Serializer):
    request = serializers.PrimaryKeyRelatedField(queryset=SeedlingRequest.objects.all())
    nursery = serializers.SlugRelatedField(slug_field="code", queryset=Nursery.objects.all())
    delivered_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=250)
    lines = SeedlingLineSerializer(many=True)


class DeliveryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = (
        Delivery.objects.select_related("nursery", "request__parish")
        .prefetch_related(Prefetch("lines", queryset=DeliveryLine.objects.order_by("pk")))
        .order_by("-delivered_on", "-pk")
    )
    serializer_class = SeedlingDeliverySerializer
    filterset_class = DeliveryFilter
    permission_classes = [ReadOnlyOrStaff]

    @extend_schema(
        request=SeedlingDeliveryCreateSerializer, responses={201: SeedlingDeliverySerializer}
    )
    def create(self, request, *args, **kwargs):
        incoming = SeedlingDeliveryCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            delivery = services.delivery_record(
                request=data["request"],
                nursery=data["nursery"],
                delivered_on=data["delivered_on"],
                note=data.get("note", ""),
                lines=[services.Line(ln["species"], ln["quantity"]) for ln in data["lines"]],
                by=request.user,
            )
        except DjangoValidationError as exc:
            raise api_validation_error(exc) from exc
        return Response(SeedlingDeliverySerializer(delivery).data, status=status.HTTP_201_CREATED)


class FollowUpVisitSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = FollowUpVisit
        fields = ["id", "line", "visited_on", "surviving", "photo", "notes"]
        # Staff notes may name the family visited: written, never published.
        extra_kwargs = {"notes": {"write_only": True}}


class VisitViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = FollowUpVisit.objects.order_by("-visited_on", "-pk")
    serializer_class = FollowUpVisitSerializer
    filterset_fields = ["line", "line__species"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.visit_record(
                line=data["line"],
                visited_on=data["visited_on"],
                surviving=data["surviving"],
                photo=data.get("photo"),
                notes=data.get("notes", ""),
                by=self.request.user,
            )
        except DjangoValidationError as exc:
            raise api_validation_error(exc) from exc


def register(router):
    router.register("ambiente/especies", SpeciesViewSet, basename="env-species")
    router.register("ambiente/viveros", NurseryViewSet, basename="env-nursery")
    router.register("ambiente/existencias", StockViewSet, basename="env-stock")
    router.register("ambiente/movimientos", MovementViewSet, basename="env-movement")
    router.register("ambiente/solicitudes", RequestViewSet, basename="env-request")
    router.register("ambiente/entregas", DeliveryViewSet, basename="env-delivery")
    router.register("ambiente/visitas", VisitViewSet, basename="env-visit")
