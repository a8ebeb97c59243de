"""Forum API: anyone reads, portal staff write. Contact fields are write-only: never returned."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from django.http import HttpResponsePermanentRedirect
from django.urls import re_path
from django.utils.translation import gettext as _
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from core.api_errors import api_validation_error
from core.models import Community, Parish
from core.signals import announce_data_changed
from core.text import CleanTextSerializerMixin

from . import services
from .filters import ActorFilter, AttendanceFilter, MeetingFilter
from .models import Actor, AgendaItem, Attendance, Decision, Meeting, Membership

YEARS = range(2000, 2101)


class ActorSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    parish = serializers.SlugRelatedField(slug_field="code", queryset=Parish.objects.all())
    community = serializers.SlugRelatedField(
        slug_field="code", queryset=Community.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Actor
        fields = [
            "id",
            "name",
            "kind",
            "sector",
            "status",
            "description",
            "website",
            "parish",
            "community",
            "invited_on",
            "joined_on",
            "withdrawn_on",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        extra_kwargs = {
            "contact_name": {"write_only": True},
            "contact_email": {"write_only": True},
            "contact_phone": {"write_only": True},
        }


class ActorViewSet(viewsets.ModelViewSet):
    queryset = Actor.objects.select_related("parish", "community").order_by("name")
    serializer_class = ActorSerializer
    filterset_class = ActorFilter
    search_fields = ["name", "description"]
    ordering_fields = ["name", "sector", "joined_on"]

    def perform_create(self, serializer):
        serializer.save()
        announce_data_changed("forum")

    def perform_update(self, serializer):
        serializer.save()
        announce_data_changed("forum")

    def perform_destroy(self, instance):
        try:
            instance.delete()
        except ProtectedError:
            raise ValidationError(
                _("Este actor tiene membresías registradas: márquelo como retirado.")
            ) from None
        announce_data_changed("forum")


class AgendaItemSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["order", "title", "description"]


class DecisionSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["order", "text"]


class MeetingSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    agenda_items = AgendaItemSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    files = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "description",
            "agenda_items",
            "minutes",
            "minutes_published_at",
            "files",
            "decisions",
        ]

    def get_files(self, meeting) -> list[dict]:
        if not meeting.minutes_published:
            return []
        request = self.context.get("request")
        out = []
        for f in meeting.files.all():
            url = f.get_absolute_url()
            out.append(
                {"title": f.title, "url": request.build_absolute_uri(url) if request else url}
            )
        return out

    def to_representation(self, meeting):
        data = super().to_representation(meeting)
        if not meeting.minutes_published:
            data["minutes"] = ""  # a draft is not public yet
        return data

    def validate(self, attrs):
        # Year 54 parses, is stored, and then serialises with local mean time (-05:19:20).
        errors = {
            name: _("Escriba una fecha entre %(a)s y %(b)s.") % {"a": YEARS[0], "b": YEARS[-1]}
            for name in ("starts_at", "ends_at", "minutes_published_at")
            if attrs.get(name) is not None and attrs[name].year not in YEARS
        }
        if errors:
            raise ValidationError(errors)
        starts = attrs.get("starts_at", getattr(self.instance, "starts_at", None))
        ends = attrs.get("ends_at", getattr(self.instance, "ends_at", None))
        published = attrs.get(
            "minutes_published_at", getattr(self.instance, "minutes_published_at", None)
        )
        if starts and ends and ends <= starts:
            raise ValidationError({"ends_at": _("La sesión debe terminar después de empezar.")})
        minutes = attrs.get("minutes", getattr(self.instance, "minutes", ""))
        if published and not (minutes or "").strip():
            raise ValidationError({"minutes": _("Escriba el texto del acta antes de publicarla.")})
        if published and ends:
            try:
                services.check_minutes_publishable(Meeting(ends_at=ends), published)
            except DjangoValidationError as exc:
                raise api_validation_error(exc) from None
        return attrs


class MeetingViewSet(viewsets.ModelViewSet):
    queryset = Meeting.objects.prefetch_related("agenda_items", "decisions", "files").order_by(
        "-starts_at"
    )
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    search_fields = ["title", "description"]
    ordering_fields = ["starts_at"]


class MembershipSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    """Who represents which actor is public; the user account behind it is not."""

    user = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), write_only=True
    )
    actor_name = serializers.CharField(source="actor.name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "actor", "actor_name", "role", "status", "joined_on", "left_on"]

    def create(self, validated_data):
        return self._save(Membership(**validated_data))

    def update(self, instance, validated_data):
        for key, value in validated_data.items():
            setattr(instance, key, value)
        return self._save(instance)

    def _save(self, membership):
        try:
            return services.membership_save(membership)
        except DjangoValidationError as exc:
            raise api_validation_error(exc) from None


class MembershipViewSet(viewsets.ModelViewSet):
    queryset = Membership.objects.select_related("actor").order_by("actor__name", "joined_on")
    serializer_class = MembershipSerializer
    filterset_fields = ["actor", "role", "status"]
    http_method_names = ["get", "post", "patch", "put", "head", "options"]


class AttendanceSerializer(CleanTextSerializerMixin, serializers.ModelSerializer):
    actor = serializers.IntegerField(source="member.actor_id", read_only=True)
    actor_name = serializers.CharField(source="member.actor.name", read_only=True)
    sector = serializers.CharField(source="member.actor.sector", read_only=True)
    role = serializers.CharField(source="member.role", read_only=True)

    class Meta:
        model = Attendance
        fields = [
            "id",
            "meeting",
            "member",
            "actor",
            "actor_name",
            "sector",
            "role",
            "status",
            "self_checked_in",
        ]
        read_only_fields = ["self_checked_in"]
        # attendance_record upserts, so a second post for the same member corrects the first.
        validators = []

    def create(self, validated_data):
        try:
            return services.attendance_record(
                meeting=validated_data["meeting"],
                member=validated_data["member"],
                status=validated_data["status"],
                by=self.context["request"].user,
            )
        except DjangoValidationError as exc:
            raise api_validation_error(exc) from None


class AttendanceViewSet(viewsets.ModelViewSet):
    queryset = Attendance.objects.select_related("member__actor").order_by(
        "meeting_id", "member__actor__name"
    )
    serializer_class = AttendanceSerializer
    filterset_class = AttendanceFilter
    http_method_names = ["get", "post", "head", "options"]


# Spanish paths like every other app; the English ones the API first had answer with a
# permanent redirect (308 keeps the method and body of a POST).
PATHS = {
    "actors": "actores",
    "meetings": "sesiones",
    "memberships": "membresias",
    "attendance": "asistencia",
}


def _moved(request, old, rest=""):
    target = f"/api/v1/foro/{PATHS[old]}/{rest}"
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    return HttpResponsePermanentRedirect(target, status=308)


urlpatterns = [
    re_path(rf"^forum/(?P<old>{'|'.join(PATHS)})/(?P<rest>.*)$", _moved),
]


def register(router):
    router.register("foro/actores", ActorViewSet, basename="forum-actor")
    router.register("foro/sesiones", MeetingViewSet, basename="forum-meeting")
    router.register("foro/membresias", MembershipViewSet, basename="forum-membership")
    router.register("foro/asistencia", AttendanceViewSet, basename="forum-attendance")
