"""Staff screens. Every write that moves stock or a request's state goes through services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from core.admin_base import RecordAdmin, RecordInline

from . import services
from .complaints import admin as _complaints_admin  # noqa: F401
from .models import (
    Delivery,
    DeliveryLine,
    FollowUpVisit,
    MovementKind,
    Nursery,
    NurseryStock,
    RequestLine,
    RequestStatus,
    SeedlingRequest,
    Species,
    StockMovement,
    Use,
)
from .resources import NurseryResource, SpeciesResource


class SpeciesForm(forms.ModelForm):
    uses = forms.MultipleChoiceField(
        label=_("usos"), choices=Use.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Species
        fields = [
            "scientific_name",
            "common_name",
            "family",
            "origin",
            "uses",
            "image",
            "is_active",
        ]


@admin.register(Species)
class SpeciesAdmin(ImportExportModelAdmin):
    resource_classes = [SpeciesResource]
    form = SpeciesForm
    list_display = ["common_name", "scientific_name", "family", "origin", "is_active"]
    list_filter = ["origin", "is_active", "family"]
    search_fields = ["common_name", "scientific_name", "family"]


class StockInline(RecordInline):
    model = NurseryStock
    fields = ["species", "quantity", "updated_at"]
    readonly_fields = fields


@admin.register(Nursery)
class NurseryAdmin(ImportExportModelAdmin):
    resource_classes = [NurseryResource]
    list_display = ["name", "code", "parish", "is_active"]
    list_filter = ["is_active", "parish"]
    search_fields = ["name", "code"]
    inlines = [StockInline]


@admin.register(NurseryStock)
class NurseryStockAdmin(RecordAdmin):
    list_display = ["nursery", "species", "quantity", "updated_at"]
    list_filter = ["nursery"]
    search_fields = ["species__common_name", "species__scientific_name"]
    list_select_related = ["nursery", "species"]

    deletable = False


class MovementForm(forms.ModelForm):
    class Meta:
        model = StockMovement
        fields = ["nursery", "species", "kind", "quantity", "occurred_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The view-only page of a recorded movement renders the form without fields.
        if "kind" in self.fields:
            self.fields["kind"].choices = [
                c for c in self.fields["kind"].choices if c[0] != MovementKind.DELIVERY
            ]

    def clean(self):
        data = super().clean()
        nursery, species, qty = data.get("nursery"), data.get("species"), data.get("quantity")
        if nursery and species and qty:
            if data.get("kind") == MovementKind.LOSS:
                qty = -abs(qty)
            stock = NurseryStock.objects.filter(nursery=nursery, species=species).first()
            available = stock.quantity if stock else 0
            if available + qty < 0:
                self.add_error(
                    "quantity",
                    _("No hay suficientes plántulas: hay %(available)s.")
                    % {"available": available},
                )
        return data

    def _post_clean(self):
        # No model validation here: the service normalises the sign of losses and re-checks the
        # stock under lock, then validates the row it writes.
        self.instance = construct_instance(self, self.instance, self._meta.fields)


@admin.register(StockMovement)
class StockMovementAdmin(admin.ModelAdmin):
    """Append-only: staff add production, losses and adjustments; nothing is edited."""

    form = MovementForm
    list_display = ["occurred_on", "nursery", "species", "kind", "quantity", "delivery"]
    list_filter = ["kind", "nursery"]
    search_fields = ["species__common_name", "note"]
    list_select_related = ["nursery", "species", "delivery"]
    date_hierarchy = "occurred_on"

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            movement = services.stock_record(
                nursery=data["nursery"],
                species=data["species"],
                kind=data["kind"],
                quantity=data["quantity"],
                occurred_on=data["occurred_on"],
                note=data.get("note", ""),
                by=request.user,
            )
            obj.__dict__.update({k: v for k, v in movement.__dict__.items() if k != "_state"})
            obj._state.adding = False
        except ValidationError as exc:
            # Raised after form validation: report it and leave the ledger untouched.
            self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            raise

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except ValidationError:
            from django.shortcuts import redirect

            return redirect(request.get_full_path())


class RequestLineInline(admin.TabularInline):
    model = RequestLine
    extra = 0
    autocomplete_fields = ["species"]


class RequestAdminForm(forms.ModelForm):
    class Meta:
        model = SeedlingRequest
        fields = [
            "applicant_kind",
            "applicant_name",
            "applicant_phone",
            "applicant_email",
            "parish",
            "location_reference",
            "latitude",
            "longitude",
            "land_area_ha",
            "purpose",
            "received_on",
            "status",
            "rejection_reason",
        ]

    def clean(self):
        data = super().clean()
        if self.instance.pk and "status" in self.changed_data:
            target = data.get("status")
            if target not in services.ALLOWED[self.initial["status"]]:
                self.add_error(
                    "status",
                    _("Una solicitud «%(current)s» no puede pasar a «%(target)s».")
                    % {
                        "current": RequestStatus(self.initial["status"]).label,
                        "target": RequestStatus(target).label,
                    },
                )
            elif target == RequestStatus.REJECTED and not data.get("rejection_reason", "").strip():
                self.add_error("rejection_reason", _("Indique el motivo del rechazo."))
        return data


@admin.register(SeedlingRequest)
class SeedlingRequestAdmin(admin.ModelAdmin):
    form = RequestAdminForm
    list_display = [
        "tracking_code",
        "received_on",
        "applicant_kind",
        "applicant_name",
        "parish",
        "land_area_ha",
        "status",
    ]
    list_filter = ["status", "applicant_kind", "parish"]
    search_fields = ["tracking_code", "applicant_name", "applicant_email", "applicant_phone"]
    list_select_related = ["parish"]
    date_hierarchy = "received_on"
    readonly_fields = ["tracking_code", "decided_on", "decided_by", "delivered_on", "deliver_link"]
    inlines = [RequestLineInline]
    actions = ["approve"]

    @admin.display(description=_("entrega"))
    def deliver_link(self, obj):
        if obj.pk and obj.status in (RequestStatus.APPROVED, RequestStatus.DELIVERED):
            url = reverse("environment:delivery-create", args=[obj.tracking_code])
            return format_html('<a href="{}">{}</a>', url, _("Registrar entrega"))
        return "—"

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None:
            fields.append("status")
        return fields

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            target, reason = obj.status, obj.rejection_reason
            obj.status = form.initial["status"]
            super().save_model(request, obj, form, change)
            services.request_decide(request=obj, status=target, reason=reason, by=request.user)
            obj.refresh_from_db()
            return
        if not change:
            from django.utils import timezone

            from core.codes import new_tracking_code

            obj.tracking_code = new_tracking_code("RF")
            obj.received_on = obj.received_on or timezone.localdate()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Aprobar las solicitudes recibidas"))
    def approve(self, request, queryset):
        done = 0
        for req in queryset.filter(status=RequestStatus.RECEIVED):
            services.request_decide(request=req, status=RequestStatus.APPROVED, by=request.user)
            done += 1
        self.message_user(request, _("%(n)s solicitudes aprobadas.") % {"n": done})


class DeliveryLineInline(RecordInline):
    model = DeliveryLine
    fields = ["species", "quantity"]
    readonly_fields = fields


@admin.register(Delivery)
class DeliveryAdmin(RecordAdmin):
    """Read-only here: deliveries are recorded from the request (they move stock)."""

    list_display = ["request", "nursery", "delivered_on", "delivered_by"]
    list_filter = ["nursery", "delivered_on"]
    search_fields = ["request__tracking_code"]
    list_select_related = ["request", "nursery", "delivered_by"]
    date_hierarchy = "delivered_on"
    inlines = [DeliveryLineInline]

    deletable = False


@admin.register(DeliveryLine)
class DeliveryLineAdmin(RecordAdmin):
    list_display = ["delivery", "species", "quantity"]
    search_fields = ["delivery__request__tracking_code", "species__common_name"]
    list_select_related = ["delivery__request", "species"]

    deletable = False


class VisitForm(forms.ModelForm):
    class Meta:
        model = FollowUpVisit
        fields = ["line", "visited_on", "surviving", "photo", "notes"]

    def clean(self):
        data = super().clean()
        line, surviving = data.get("line"), data.get("surviving")
        if line and surviving is not None and surviving > line.quantity:
            self.add_error(
                "surviving",
                _("No pueden sobrevivir más plantas (%(s)s) de las entregadas (%(d)s).")
                % {"s": surviving, "d": line.quantity},
            )
        return data


@admin.register(FollowUpVisit)
class FollowUpVisitAdmin(admin.ModelAdmin):
    form = VisitForm
    list_display = ["visited_on", "line", "surviving", "visited_by"]
    list_filter = ["visited_on"]
    search_fields = ["line__delivery__request__tracking_code", "line__species__common_name"]
    list_select_related = ["line__species", "line__delivery__request", "visited_by"]
    raw_id_fields = ["line"]

    def has_change_permission(self, request, obj=None):
        # A visit is evidence; its photo must pass the cleaning in the service.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        visit = services.visit_record(
            line=data["line"],
            visited_on=data["visited_on"],
            surviving=data["surviving"],
            photo=data.get("photo"),
            notes=data.get("notes", ""),
            by=request.user,
        )
        obj.pk = visit.pk
        form.instance = visit
