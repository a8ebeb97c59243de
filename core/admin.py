from django.contrib import admin
from import_export import resources
from import_export.admin import ImportExportModelAdmin

from . import models


class ParishResource(resources.ModelResource):
    class Meta:
        model = models.Parish
        import_id_fields = ["code"]
        fields = ["code", "name", "kind", "canton"]


@admin.register(models.Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(models.Canton)
class CantonAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province"]


@admin.register(models.Parish)
class ParishAdmin(ImportExportModelAdmin):
    resource_classes = [ParishResource]
    list_display = ["code", "name", "kind", "canton"]
    list_filter = ["kind", "canton"]
    search_fields = ["code", "name"]


@admin.register(models.Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parish"]
    search_fields = ["code", "name"]


@admin.register(models.PlanningZone)
class PlanningZoneAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    filter_horizontal = ["parishes"]


from . import (  # noqa: E402,F401
    moderation_admin,  # citizens' reports of content
    notification_admin,  # notifications, follows, opt-outs
)
from .accounts import admin as accounts_admin  # noqa: E402,F401  (invitations, users)
