from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources
from import_export.admin import ImportExportModelAdmin

from . import models, report_services


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


@admin.register(models.Open311Client)
class Open311ClientAdmin(admin.ModelAdmin):
    """Staff issue a key by naming the application; the portal draws the key, shown on the
    page after saving (to copy into the application) and readable later by staff. Revoking
    turns the key off at once; keys are never deleted (the requests they filed stay named)."""

    list_display = ["name", "is_active", "created_at", "revoked_at"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    fields = ["name", "api_key", "is_active", "created_at", "revoked_at"]
    readonly_fields = ["api_key", "created_at", "revoked_at"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["created_at", "revoked_at"]  # api_key: drawn on save
        if not obj.is_active:
            return [*self.readonly_fields, "is_active"]  # a revoked key stays revoked
        return self.readonly_fields

    def get_fields(self, request, obj=None):
        return ["name"] if obj is None else self.fields

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change and "is_active" in form.changed_data and not obj.is_active:
            obj.save(update_fields=["name"])
            report_services.open311_key_revoke(client=obj)
            return
        super().save_model(request, obj, form, change)
        if not change:
            messages.success(
                request,
                _("Clave API de «%(name)s»: %(key)s — cópiela en la aplicación.")
                % {"name": obj.name, "key": obj.api_key},
            )

    @admin.action(
        description=gettext_lazy("Revocar las claves seleccionadas"), permissions=["change"]
    )
    def revoke(self, request, queryset):
        clients = list(queryset.filter(is_active=True))
        for client in clients:
            report_services.open311_key_revoke(client=client)
        messages.success(request, _("Claves revocadas: %(n)s.") % {"n": len(clients)})
