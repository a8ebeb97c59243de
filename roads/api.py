"""Public read API: branches, interventions, road reports (no personal data) and the figures."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.text import CleanTextSerializerMixin

from . import selectors
from .filters import BranchFilter, InterventionFilter
from .forms import DashboardFilterForm
from .models import Branch, Intervention, RoadReport
from .open_data import WORK_FIELDS


class BranchSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    canton = serializers.SlugRelatedField(slug_field="code", read_only=True)
    parish = serializers.SlugRelatedField(slug_field="code", read_only=True)
    parish_name = serializers.CharField(source="parish.name", read_only=True)

    class Meta:
        model = Branch
        fields = [
            "code",
            "name",
            "canton",
            "parish",
            "parish_name",
            "sector",
            "zone",
            "length_km",
            "surface",
            "condition",
            "need_level",
            "last_maintenance_year",
            "geometry",
        ]


class BranchViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Branch.objects.select_related("canton", "parish").order_by("code")
    serializer_class = BranchSerializer
    filterset_class = BranchFilter
    lookup_field = "code"
    ordering_fields = ["code", "length_km", "last_maintenance_year", "need_level"]
    search_fields = ["code", "name", "sector"]


class InterventionSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    branch = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Intervention
        fields = ["id", "branch", *WORK_FIELDS]


class InterventionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Intervention.objects.select_related("branch").order_by("-end_date", "-pk")
    serializer_class = InterventionSerializer
    filterset_class = InterventionFilter


class RoadReportSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    """Public fields only: no reporter name, email, phone or IP; coordinates rounded."""

    branch = serializers.SlugRelatedField(slug_field="code", read_only=True)
    # Null when unknown (no parish, no location, not resolved): declared so in the schema.
    parish = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    latitude = serializers.DecimalField(
        source="public_latitude", max_digits=9, decimal_places=2, read_only=True, allow_null=True
    )
    longitude = serializers.DecimalField(
        source="public_longitude", max_digits=9, decimal_places=2, read_only=True, allow_null=True
    )
    resolved_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = RoadReport
        fields = [
            "tracking_code",
            "kind",
            "severity",
            "status",
            "branch",
            "parish",
            "location_reference",
            "latitude",
            "longitude",
            "description",
            "resolved_by",
            "created_at",
            "resolved_at",
        ]


class RoadReportViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = (
        RoadReport.objects.filter(is_hidden=False)
        .select_related("branch", "parish")
        .order_by("-created_at", "-pk")
    )
    serializer_class = RoadReportSerializer
    filterset_fields = ["kind", "status", "severity"]
    lookup_field = "tracking_code"


FIGURES = inline_serializer(
    "RoadDashboardFigures",
    {
        "total_branches": serializers.IntegerField(),
        "total_km": serializers.DecimalField(max_digits=12, decimal_places=2),
        "attended_branches": serializers.IntegerField(),
        "attended_km": serializers.DecimalField(max_digits=12, decimal_places=2),
        "worked_km": serializers.DecimalField(max_digits=12, decimal_places=2),
        "filters": serializers.DictField(),
    },
)


class DashboardFiguresView(APIView):
    @extend_schema(
        summary="Cifras del tablero vial para cualquier filtro",
        parameters=[
            OpenApiParameter("necesidad", OpenApiTypes.INT, many=True, description="1 a 4"),
            OpenApiParameter("zona", OpenApiTypes.STR, enum=["comunidades", "parroquias", "zonas"]),
            OpenApiParameter("parroquia", OpenApiTypes.STR, description="código, p. ej. LCN"),
            OpenApiParameter("desde", OpenApiTypes.INT, description="año inicial (2019)"),
            OpenApiParameter("hasta", OpenApiTypes.INT, description="año final (2022)"),
        ],
        responses={200: FIGURES},
    )
    def get(self, request):
        form = DashboardFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
        filters = form.filters()
        figures = selectors.dashboard_figures(filters)
        data = {k: (str(v) if not isinstance(v, int) else v) for k, v in figures.items()}
        data["filters"] = {
            "necesidad": list(filters.need_levels),
            "zona": filters.zone,
            "parroquia": filters.parish,
            "desde": filters.year_from,
            "hasta": filters.year_to,
        }
        return Response(data)


def register(router):
    router.register("vialidad/ramales", BranchViewSet, basename="roads-branch")
    router.register("vialidad/intervenciones", InterventionViewSet, basename="roads-intervention")
    router.register("vialidad/reportes", RoadReportViewSet, basename="roads-report")


urlpatterns = [
    path("vialidad/cifras/", DashboardFiguresView.as_view(), name="roads-figures"),
]
