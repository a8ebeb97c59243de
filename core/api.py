"""Territory endpoints (read-only reference data)."""

from rest_framework import serializers, viewsets

from . import models


class TerritorySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ParishSerializer(serializers.ModelSerializer):
    canton = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = models.Parish
        fields = ["code", "name", "kind", "canton"]


class CantonSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Canton
        fields = ["code", "name"]


class CommunitySerializer(serializers.ModelSerializer):
    parish = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = models.Community
        fields = ["code", "name", "parish"]


class PlanningZoneSerializer(serializers.ModelSerializer):
    parishes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = models.PlanningZone
        fields = ["code", "name", "parishes"]


class CantonViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = models.Canton.objects.order_by("code")
    serializer_class = CantonSerializer
    lookup_field = "code"


class ParishViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = models.Parish.objects.select_related("canton").order_by("name")
    serializer_class = ParishSerializer
    filterset_fields = ["kind", "canton__code"]
    search_fields = ["name", "code"]
    lookup_field = "code"


class CommunityViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = models.Community.objects.select_related("parish").order_by("name")
    serializer_class = CommunitySerializer
    lookup_field = "code"


class PlanningZoneViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = models.PlanningZone.objects.prefetch_related("parishes").order_by("code")
    serializer_class = PlanningZoneSerializer
    lookup_field = "code"


def register(router):
    router.register("territorio/cantones", CantonViewSet, basename="canton")
    router.register("territorio/parroquias", ParishViewSet, basename="parish")
    router.register("territorio/comunidades", CommunityViewSet, basename="community")
    router.register("territorio/zonas", PlanningZoneViewSet, basename="planningzone")
