"""Open data of the action plans: read-only for everyone; staff edit through the admin."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api_errors import api_validation_error
from core.permissions import IsPortalStaff
from core.text import CleanTextSerializerMixin
from forum.models import Actor
from proposals.models import Proposal

from . import levels, services
from .fields import INDICATOR_FIELDS, MILESTONE_FIELDS
from .filters import CommitmentFilter, MilestoneFilter
from .models import (
    PROGRESS_RANGE_MESSAGE,
    ActionPlan,
    Commitment,
    Indicator,
    IndicatorValue,
    Milestone,
    ProgressChange,
    Snapshot,
)


class LevelField(serializers.Field):
    def to_representation(self, value):
        level = levels.level_for(value)
        return {"key": level.key, "label": str(level.label)}


LEVEL_SCHEMA = {
    "type": "object",
    "properties": {"key": {"type": "string"}, "label": {"type": "string"}},
}
extend_schema_field(LEVEL_SCHEMA)(LevelField)


class ActionPlanSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    ogp_level = LevelField(source="progress", read_only=True)

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "slug",
            "title",
            "status",
            "period_start",
            "period_end",
            "delivered_on",
            "launched_on",
            "progress",
            "ogp_level",
            "progress_computed_at",
        ]


class CommitmentSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    ogp_level = LevelField(source="progress", read_only=True)
    url = serializers.SerializerMethodField()
    proposals = serializers.SerializerMethodField()
    co_implementers = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "plan",
            "number",
            "title",
            "problem",
            "objective",
            "transparency",
            "participation",
            "accountability",
            "technology",
            "lead_institution",
            "responsible_unit",
            "start_date",
            "end_date",
            "status",
            "progress",
            "ogp_level",
            "progress_computed_at",
            "proposals",
            "co_implementers",
            "url",
        ]

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()

    def get_proposals(self, obj) -> list[int]:
        """Ids of the public proposals it came from (prefetched by the viewset)."""
        return [proposal.pk for proposal in obj.public_proposals]


class MilestoneSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "commitment", *MILESTONE_FIELDS]


class ProgressUpdateSerializer(CleanTextSerializerMixin, serializers.Serializer):
    progress = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": PROGRESS_RANGE_MESSAGE,
            "max_value": PROGRESS_RANGE_MESSAGE,
        },
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class IndicatorSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "commitment", *INDICATOR_FIELDS, "current_as_of"]


class IndicatorValueSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["id", "indicator", "date", "value", "note"]


class ProgressChangeSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    commitment = serializers.IntegerField(source="milestone.commitment_id", read_only=True)

    class Meta:
        model = ProgressChange
        # Who changed it stays in the admin and on the page's timeline; never an email here.
        fields = [
            "id",
            "commitment",
            "milestone",
            "changed_at",
            "old_progress",
            "new_progress",
            "note",
        ]


class SnapshotSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = Snapshot
        fields = ["date", "taken_at", "data"]


class ActionPlanViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = ActionPlan.objects.order_by("-period_start")
    serializer_class = ActionPlanSerializer
    filterset_fields = ["status"]
    lookup_field = "slug"


class CommitmentViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = (
        Commitment.objects.select_related("plan")
        .prefetch_related(
            Prefetch(
                "proposals",
                queryset=Proposal.objects.public().only("pk").order_by("pk"),
                to_attr="public_proposals",
            ),
            Prefetch("co_implementers", queryset=Actor.objects.only("pk", "name").order_by("name")),
        )
        .order_by("plan__period_start", "number")
    )
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilter
    search_fields = ["title", "objective"]
    ordering_fields = ["progress", "number", "end_date"]


class MilestoneViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Milestone.objects.order_by("commitment_id", "order", "pk")
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter
    ordering_fields = ["progress", "end_date", "weight"]

    @extend_schema(request=ProgressUpdateSerializer, responses=MilestoneSerializer)
    @action(detail=True, methods=["post"], url_path="avance", permission_classes=[IsPortalStaff])
    def set_progress(self, request, pk=None):
        """Staff record a milestone's new progress; the change joins the public history."""
        milestone = self.get_object()
        payload = ProgressUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            services.milestone_set_progress(
                milestone=milestone, by=request.user, **payload.validated_data
            )
        except DjangoValidationError as exc:
            raise api_validation_error(exc) from exc
        milestone.refresh_from_db()
        return Response(MilestoneSerializer(milestone).data)


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Indicator.objects.order_by("commitment_id", "pk")
    serializer_class = IndicatorSerializer
    filterset_fields = ["commitment", "source", "source_key"]


class IndicatorValueViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = IndicatorValue.objects.order_by("indicator_id", "date")
    serializer_class = IndicatorValueSerializer
    filterset_fields = {"indicator": ["exact"], "date": ["gte", "lte"]}


class ProgressChangeViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = ProgressChange.objects.select_related("milestone").order_by("-changed_at", "-pk")
    serializer_class = ProgressChangeSerializer
    filterset_fields = {
        "milestone": ["exact"],
        "milestone__commitment": ["exact"],
        "changed_at": ["gte", "lte"],
    }


class SnapshotViewSet(viewsets.ReadOnlyModelViewSet):
    """The dated figures the nightly recalculation stores (progress and indicators by id)."""

    queryset = Snapshot.objects.order_by("-date")
    serializer_class = SnapshotSerializer
    filterset_fields = {"date": ["exact", "gte", "lte"]}
    lookup_field = "date"
    lookup_value_regex = r"\d{4}-\d{2}-\d{2}"


def register(router):
    router.register("compromisos/planes", ActionPlanViewSet, basename="commitments-plan")
    router.register("compromisos/hitos", MilestoneViewSet, basename="commitments-milestone")
    router.register("compromisos/indicadores", IndicatorViewSet, basename="commitments-indicator")
    router.register(
        "compromisos/valores-indicador", IndicatorValueViewSet, basename="commitments-value"
    )
    router.register("compromisos/historial", ProgressChangeViewSet, basename="commitments-history")
    router.register("compromisos/instantaneas", SnapshotViewSet, basename="commitments-snapshot")
    router.register("compromisos", CommitmentViewSet, basename="commitments-commitment")
