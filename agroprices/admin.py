from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ImportExportModelAdmin

from core import import_admin

from . import models, services
from .fields import PRODUCT_FIELDS
from .forms import RejectForm
from .resources import MarketResource, PriceObservationResource, ProductResource


@admin.register(models.Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class ProductUnitInline(admin.TabularInline):
    model = models.ProductUnit
    extra = 1


@admin.register(models.Product)
class ProductAdmin(ImportExportModelAdmin):
    resource_classes = [ProductResource]
    list_display = list(PRODUCT_FIELDS)
    list_filter = ["category", "active"]
    search_fields = ["commodity", "variety", "slug"]
    prepopulated_fields = {"slug": ["commodity", "variety"]}
    inlines = [ProductUnitInline]


@admin.register(models.Market)
class MarketAdmin(ImportExportModelAdmin):
    resource_classes = [MarketResource]
    list_display = ["name", "kind", "parish", "active"]
    list_filter = ["kind", "parish", "active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.PriceType)
class PriceTypeAdmin(admin.ModelAdmin):
    """Names are editable; the three codes are fixed (check constraints on both tables)."""

    list_display = ["code", "name", "hdx_name"]
    readonly_fields = ["code"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.PriceObservation)
class PriceObservationAdmin(ImportExportModelAdmin):
    resource_classes = [PriceObservationResource]
    list_display = [
        "date",
        "product",
        "market",
        "price_type",
        "price",
        "unit",
        "status",
        "flags",
        "source",
        "collector",
    ]
    list_filter = ["status", "source", "price_type", "market", "product"]
    date_hierarchy = "date"
    search_fields = ["product__commodity", "product__variety", "market__name"]
    list_select_related = ["product", "market", "price_type", "unit", "collector"]
    actions = ["validate_selected", "reject_selected"]

    # Prices enter through services (phone form, imports), which flag and convert units;
    # staff act on them with the validate/reject actions, never by editing a stored price.
    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    @admin.action(description=gettext_lazy("Validar y publicar las seleccionadas"))
    def validate_selected(self, request, queryset):
        for observation in queryset.order_by("pk"):
            services.observation_validate(observation=observation, by=request.user)
        self.message_user(request, _("Observaciones validadas: %(n)s") % {"n": queryset.count()})

    @admin.action(description=gettext_lazy("Rechazar las seleccionadas (con motivo)"))
    def reject_selected(self, request, queryset):
        form = RejectForm(request.POST if "rejection_reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            for observation in queryset.order_by("pk"):
                services.observation_reject(
                    observation=observation,
                    by=request.user,
                    reason=form.cleaned_data["rejection_reason"],
                )
            self.message_user(
                request, _("Observaciones rechazadas: %(n)s") % {"n": queryset.count()}
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Rechazar observaciones de precio"),
            "form": form,
            "queryset": queryset,
            "action": "reject_selected",
            "opts": self.model._meta,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        }
        return render(request, "admin/agroprices/reject.html", context)


@admin.register(models.ProductionRecord)
class ProductionRecordAdmin(admin.ModelAdmin):
    list_display = [
        "product",
        "parish",
        "producer_name",
        "area_ha",
        "volume",
        "unit",
        "period_start",
        "period_end",
    ]
    list_filter = ["product", "parish", "producer_kind"]
    search_fields = ["producer_name"]
    raw_id_fields = ["recorded_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(models.ImportJob)
class ImportJobAdmin(import_admin.ImportJobAdmin):
    list_display = [*import_admin.ImportJobAdmin.list_display, "skip_invalid"]
    fields = ["file", "skip_invalid"]
    file_help = gettext_lazy(
        "Columnas: date, product, market, unit, price_type, price y, opcionales, "
        "price_min, price_max (identificadores de producto y mercado, códigos de unidad "
        "y tipo de precio)."
    )

    def start(self, request, form):
        return services.import_job_create(
            file=form.cleaned_data["file"],
            skip_invalid=form.cleaned_data["skip_invalid"],
            by=request.user,
        )

    def facts(self, job):
        return [_("omitiendo filas no válidas") if job.skip_invalid else _("todo o nada")]


from . import producers_admin  # noqa: E402, F401  (producers, offers, buyers' messages)
