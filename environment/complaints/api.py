"""Complaint API, registered from environment/api.py.

Anyone reads (without the complainant's identity, contact or IP; coordinates rounded);
portal staff file, move and hide complaints through the same services as the admin.
"""

import rules
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.models import Parish
from core.permissions import IsPortalStaff
from core.report_forms import PLACE_FIELDS, REPORTER_FIELDS
from core.reports import ReportEvent, ReportPhoto, ReportStatus, Source
from core.text import CleanTextSerializerMixin

from . import services
from .filters import ComplaintFilter
from .models import Complaint, ComplaintCategory


@extend_schema_field({"type": "string", "format": "decimal", "pattern": r"^-?\d{1,3}\.\d{2,6}$"})
class CoordinateField(serializers.DecimalField):
    """A coordinate, null when not given: 2 decimals (about 1 km) for the public, 6 for staff.
    One schema for both, since the same operation answers either by who asks."""

    def __init__(self, *, decimal_places, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(max_digits=decimal_places + 3, decimal_places=decimal_places, **kwargs)


class EventSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    # Plain strings: the schema then names the status choice set once (ComplaintSerializer).
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)

    class Meta:
        model = ReportEvent
        fields = ["kind", "from_status", "to_status", "comment", "created_at"]


CATEGORY_HELP = ", ".join(ComplaintCategory.values)
STATUS_HELP = ", ".join(ReportStatus.values)


class ComplaintSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    """Public shape: no reporter fields, no IP, no staff assignee, rounded coordinates.

    Category and status are plain strings in the schema (values in their help text): several
    apps have a "status" or "category" choice set, and named enums would collide.
    """

    category = serializers.CharField(read_only=True, help_text=CATEGORY_HELP)
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)

    category_name = serializers.CharField(source="get_category_display", read_only=True)
    status_name = serializers.CharField(source="get_status_display", read_only=True)
    # Null when the citizen gave no parish or location: declared so in the schema.
    parish = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    parish_name = serializers.CharField(
        source="parish.name", read_only=True, default=None, allow_null=True
    )
    latitude = CoordinateField(source="public_latitude", decimal_places=2)
    longitude = CoordinateField(source="public_longitude", decimal_places=2)
    timeline = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "tracking_code",
            "category",
            "category_name",
            "status",
            "status_name",
            "status_reason",
            "duplicate_of_code",
            "description",
            "parish",
            "parish_name",
            "location_reference",
            "latitude",
            "longitude",
            "date_observed",
            "assigned_institution",
            "created_at",
            "updated_at",
            "resolved_at",
            "timeline",
            "photos",
            "url",
        ]

    def get_timeline(self, obj) -> list[dict]:
        return EventSerializer(obj.public_events, many=True).data

    def get_photos(self, obj) -> list[str]:
        request = self.context.get("request")
        urls = [p.get_absolute_url() for p in obj.public_photos]
        return [request.build_absolute_uri(u) for u in urls] if request else urls

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class StaffComplaintSerializer(ComplaintSerializer):
    """What portal staff see: the private fields too, exact coordinates, moderation."""

    latitude = CoordinateField(decimal_places=6)
    longitude = CoordinateField(decimal_places=6)

    class Meta(ComplaintSerializer.Meta):
        fields = [
            *ComplaintSerializer.Meta.fields,
            *REPORTER_FIELDS,
            "source",
            "assigned_to",
            "due_date",
            "is_hidden",
            "hidden_reason",
            "review",
        ]


class ComplaintCreateSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    category = serializers.CharField(help_text=CATEGORY_HELP)
    photos = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        help_text="multipart: up to 5 images; cleaned like the public form's (no EXIF).",
    )
    parish = serializers.SlugRelatedField(
        slug_field="code", queryset=Parish.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Complaint
        fields = [
            "category",
            "description",
            "date_observed",
            *PLACE_FIELDS,
            *REPORTER_FIELDS,
            "photos",
        ]

    def validate_category(self, value):
        if value not in ComplaintCategory.values:
            raise serializers.ValidationError(_("Categoría desconocida."))
        return value


class TransitionSerializer(CleanTextSerializerMixin, serializers.Serializer):
    to_status = serializers.CharField(help_text=STATUS_HELP)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    duplicate_of_code = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=20
    )

    def validate_to_status(self, value):
        if value not in ReportStatus.values:
            raise serializers.ValidationError(_("Estado desconocido."))
        return value


class HideSerializer(CleanTextSerializerMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=255)


class AssignSerializer(CleanTextSerializerMixin, serializers.Serializer):
    assigned_to = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True, is_staff=True),
        required=False,
        allow_null=True,
        default=None,
    )
    institution = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    due_date = serializers.DateField(required=False, allow_null=True, default=None)


def _raise_drf(exc: DjangoValidationError):
    raise ValidationError(getattr(exc, "message_dict", {"non_field_errors": exc.messages}))


class ComplaintViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    lookup_field = "tracking_code"
    lookup_value_regex = "[A-Za-z0-9-]+"
    filterset_class = ComplaintFilter
    search_fields = ["tracking_code", "description", "location_reference"]
    ordering_fields = ["created_at", "updated_at", "status", "category"]
    ordering = ["-created_at"]

    def _is_staff(self):
        return rules.test_rule("core.is_portal_staff", self.request.user)

    def get_queryset(self):
        qs = Complaint.objects.select_related("parish").prefetch_related(
            Prefetch("events", queryset=ReportEvent.objects.order_by("created_at", "pk")),
            Prefetch("photos", queryset=ReportPhoto.objects.order_by("created_at", "pk")),
        )
        if getattr(self, "swagger_fake_view", False) or not self._is_staff():
            qs = qs.filter(is_hidden=False)
        return qs

    def get_serializer_class(self):
        if self.action == "create":
            return ComplaintCreateSerializer
        if self.action == "transition":
            return TransitionSerializer
        if self.action == "hide":
            return HideSerializer
        if self.action == "assign":
            return AssignSerializer
        if not getattr(self, "swagger_fake_view", False) and self._is_staff():
            return StaffComplaintSerializer
        return ComplaintSerializer

    @extend_schema(request=ComplaintCreateSerializer, responses={201: StaffComplaintSerializer})
    def create(self, request, *args, **kwargs):
        serializer = ComplaintCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        photos = fields.pop("photos", [])
        try:
            complaint = services.complaint_file(
                fields=fields, photos=photos, ip=None, source=Source.STAFF
            )
        except DjangoValidationError as exc:
            _raise_drf(exc)
        body = StaffComplaintSerializer(complaint, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=TransitionSerializer, responses=StaffComplaintSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsPortalStaff], url_path="estado")
    def transition(self, request, tracking_code=None):
        complaint = self.get_object()
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            complaint = services.complaint_transition(
                complaint=complaint, by=request.user, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            _raise_drf(exc)
        complaint = self.get_queryset().get(pk=complaint.pk)
        return Response(StaffComplaintSerializer(complaint, context={"request": request}).data)

    @extend_schema(request=HideSerializer, responses=StaffComplaintSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsPortalStaff], url_path="ocultar")
    def hide(self, request, tracking_code=None):
        complaint = self.get_object()
        serializer = HideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.complaint_hide(
                complaint=complaint, by=request.user, reason=serializer.validated_data["reason"]
            )
        except DjangoValidationError as exc:
            _raise_drf(exc)
        complaint = self.get_queryset().get(pk=complaint.pk)
        return Response(StaffComplaintSerializer(complaint, context={"request": request}).data)

    @extend_schema(request=AssignSerializer, responses=StaffComplaintSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsPortalStaff], url_path="asignar")
    def assign(self, request, tracking_code=None):
        complaint = self.get_object()
        serializer = AssignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            services.complaint_assign(
                complaint=complaint,
                by=request.user,
                assigned_to=data["assigned_to"],
                institution=data["institution"],
                due_date=data["due_date"],
            )
        except DjangoValidationError as exc:
            _raise_drf(exc)
        complaint = self.get_queryset().get(pk=complaint.pk)
        return Response(StaffComplaintSerializer(complaint, context={"request": request}).data)


def register(router):
    router.register("ambiente/denuncias", ComplaintViewSet, basename="complaint")
