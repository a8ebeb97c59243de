"""API: consultations, published proposals (never the proposer's contact), the matrix, supports
and members' scorecards. Writes go through the same services as the pages."""

import rules
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from core import ratelimit
from core.api_base import AnonSubmitThrottle, WriteRateThrottle
from core.api_errors import api_validation_error
from core.models import Community, Parish
from core.text import CleanTextSerializerMixin

from . import selectors, services
from .filters import ProposalFilter
from .models import OGP_FIELDS, Consultation, Criterion, OGPValue, Proposal, Scorecard, Theme


class ThemeSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "name"]


class CriterionSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "name", "description", "weight", "scale_min", "scale_max"]


class ConsultationSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    themes = ThemeSerializer(many=True, read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)
    is_open = serializers.BooleanField(read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "slug",
            "title",
            "description",
            "opens_on",
            "closes_on",
            "is_open",
            "matrix_closed_at",
            "themes",
            "criteria",
            "url",
        ]


class ProposalSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    """Public fields only: no name, email, phone, IP or account of the proposer."""

    consultation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    theme = serializers.CharField(source="theme.name", read_only=True)
    # Null when the proposer gave no parish or community: declared so in the schema.
    parish = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    parish_name = serializers.CharField(
        source="parish.name", read_only=True, default=None, allow_null=True
    )
    community = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    organisation = serializers.CharField(source="public_author", read_only=True)
    ogp_values = serializers.ListField(child=serializers.CharField(), read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "tracking_code",
            "consultation",
            "theme",
            "title",
            "problem",
            "solution",
            "ogp_values",
            "parish",
            "parish_name",
            "community",
            "organisation",
            "status",
            "support_count",
            "created_at",
            "published_at",
            "selected_at",
            "url",
        ]


class ProposalSubmitSerializer(CleanTextSerializerMixin, serializers.Serializer):
    consultation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Consultation.objects.all()
    )
    theme = serializers.PrimaryKeyRelatedField(queryset=Theme.objects.all())
    title = serializers.CharField(max_length=200)
    problem = serializers.CharField(max_length=3000)
    solution = serializers.CharField(max_length=3000)
    ogp_values = serializers.ListField(
        child=serializers.ChoiceField(choices=OGPValue.choices), required=False, default=list
    )
    parish = serializers.SlugRelatedField(
        slug_field="code", queryset=Parish.objects.all(), required=False, allow_null=True
    )
    community = serializers.SlugRelatedField(
        slug_field="code", queryset=Community.objects.all(), required=False, allow_null=True
    )
    organisation = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_anonymous = serializers.BooleanField(required=False, default=False)
    proposer_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    proposer_email = serializers.EmailField(required=False, allow_blank=True)
    proposer_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)

    def validate(self, data):
        if not (data.get("proposer_email") or data.get("proposer_phone")):
            raise serializers.ValidationError(
                {"proposer_email": "Deje un correo o un teléfono para avisarle del trámite."}
            )
        return data


class ProposalViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Published and selected proposals. POST files a new one (no account needed)."""

    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter
    ordering_fields = ["created_at", "support_count", "title"]

    def get_queryset(self):
        return selectors.public_proposals().order_by("-created_at", "-pk")

    def get_permissions(self):
        if self.action == "create":
            return [AllowAny()]
        if self.action == "support":
            return [IsAuthenticated()]
        return super().get_permissions()

    def get_throttles(self):
        if self.action == "create":
            return [AnonSubmitThrottle(), WriteRateThrottle()]
        return super().get_throttles()

    @extend_schema(
        request=ProposalSubmitSerializer,
        responses={
            201: inline_serializer(
                "ProposalReceipt",
                {"tracking_code": serializers.CharField(), "status": serializers.CharField()},
            )
        },
    )
    def create(self, request, *args, **kwargs):
        serializer = ProposalSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        consultation = data.pop("consultation")
        chosen = set(data.pop("ogp_values", []))
        for value, field in OGP_FIELDS.items():
            data[field] = value in chosen
        try:
            proposal = services.proposal_submit(
                consultation=consultation,
                fields=data,
                ip=ratelimit.client_ip(request),
                user=request.user,
            )
        except DjangoValidationError as exc:
            raise api_validation_error(exc) from exc
        return Response(
            {"tracking_code": proposal.tracking_code, "status": proposal.status},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=None,
        responses={201: ProposalSerializer, 400: OpenApiResponse(description="Ya apoyada")},
    )
    @action(detail=True, methods=["post"], url_path="apoyar")
    def support(self, request, pk=None):
        proposal = self.get_object()
        try:
            services.proposal_support(proposal=proposal, user=request.user)
        except DjangoValidationError as exc:
            raise api_validation_error(exc) from exc
        proposal.refresh_from_db()
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)


class MatrixRowSerializer(CleanTextSerializerMixin, serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True)
    tracking_code = serializers.CharField(source="proposal.tracking_code")
    title = serializers.CharField(source="proposal.title")
    theme = serializers.CharField(source="proposal.theme.name")
    selected = serializers.BooleanField(source="proposal.is_selected")
    weighted_mean = serializers.DecimalField(
        source="mean", max_digits=6, decimal_places=2, allow_null=True
    )
    scorers = serializers.IntegerField()
    std_dev = serializers.DecimalField(
        source="spread", max_digits=6, decimal_places=2, allow_null=True
    )
    min = serializers.DecimalField(source="low", max_digits=6, decimal_places=2, allow_null=True)
    max = serializers.DecimalField(source="high", max_digits=6, decimal_places=2, allow_null=True)
    criteria = serializers.ListField(
        child=serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    )


class ConsultationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Consultation.objects.prefetch_related("themes", "criteria").order_by("-opens_on")
    serializer_class = ConsultationSerializer
    lookup_field = "slug"
    filterset_fields = {"opens_on": ["gte", "lte"], "closes_on": ["gte", "lte"]}
    search_fields = ["title", "description"]

    @extend_schema(responses=MatrixRowSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="matriz", pagination_class=None)
    def matrix(self, request, slug=None):
        """The ranked matrix: members and staff while open, everyone once closed."""
        consultation = self.get_object()
        if not rules.test_rule("proposals.view_matrix", request.user, consultation):
            raise PermissionDenied(
                "Solo los miembros activos del Foro ven la matriz mientras está abierta."
            )
        rows = selectors.matrix_rows(consultation)
        return Response(MatrixRowSerializer(rows, many=True).data)


class ScorecardWriteSerializer(CleanTextSerializerMixin, serializers.Serializer):
    proposal = serializers.PrimaryKeyRelatedField(queryset=Proposal.objects.public())
    scores = serializers.DictField(
        child=serializers.IntegerField(), help_text="id del criterio -> puntaje entero"
    )
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ScorecardSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    proposal = serializers.PrimaryKeyRelatedField(read_only=True)
    scores = serializers.SerializerMethodField()

    class Meta:
        model = Scorecard
        fields = ["id", "proposal", "weighted_score", "comment", "scores", "updated_at"]

    def get_scores(self, obj) -> dict[str, int]:
        return {str(s.criterion_id): s.value for s in obj.scores.all()}


class ScorecardViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """A forum member's own scorecards; POST creates or updates one (until the matrix closes)."""

    serializer_class = ScorecardSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["proposal", "proposal__consultation__slug"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Scorecard.objects.none()
        return (
            Scorecard.objects.filter(member=self.request.user)
            .prefetch_related("scores")
            .order_by("proposal_id")
        )

    @extend_schema(request=ScorecardWriteSerializer, responses={200: ScorecardSerializer})
    def create(self, request):
        if not rules.test_rule("core.is_forum_member", request.user):
            raise PermissionDenied("Solo los miembros activos del Foro Multiactor pueden puntuar.")
        serializer = ScorecardWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            card = services.scorecard_save(
                proposal=data["proposal"],
                member=request.user,
                scores=data["scores"],
                comment=data.get("comment", ""),
            )
        except DjangoValidationError as exc:
            raise api_validation_error(exc) from exc
        card = self.get_queryset().get(pk=card.pk)
        return Response(ScorecardSerializer(card).data)


def register(router):
    router.register("propuestas/consultas", ConsultationViewSet, basename="proposals-consultation")
    router.register("propuestas/propuestas", ProposalViewSet, basename="proposals-proposal")
    router.register("propuestas/puntuaciones", ScorecardViewSet, basename="proposals-scorecard")
