"""Staff screens: verify producers, moderate offers and buyers' messages (figures at
/agroprecios/ofertas/cifras/)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import producers_services as services
from .models import ContactMessage, Offer, Producer


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parish", "verified", "created_at"]
    list_filter = ["verified", "kind", "organic", "good_practices", "parish"]
    search_fields = ["name", "user__username", "user__email"]
    raw_id_fields = ["user"]
    readonly_fields = ["verified_at", "created_at"]
    actions = ["verify"]

    @admin.action(description=_("Verificar los productores seleccionados"))
    def verify(self, request, queryset):
        for producer in queryset.filter(verified=False):
            services.producer_verify(producer=producer)
        messages.success(request, _("Productores verificados."))


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["product", "producer", "parish", "status", "available_until", "reports"]
    list_filter = ["status", "place_kind", "parish", "product"]
    search_fields = ["producer__name", "product__commodity"]
    list_select_related = ["product", "producer", "parish"]
    raw_id_fields = ["producer"]
    readonly_fields = ["reports", "created_at", "updated_at"]
    actions = ["restore", "hide"]

    @admin.action(description=_("Publicar de nuevo (revisión hecha)"))
    def restore(self, request, queryset):
        for offer in queryset:
            services.offer_moderate(offer=offer, visible=True)
        messages.success(request, _("Ofertas publicadas de nuevo."))

    @admin.action(description=_("Ocultar las ofertas seleccionadas"))
    def hide(self, request, queryset):
        for offer in queryset:
            services.offer_moderate(offer=offer, visible=False)
        messages.success(request, _("Ofertas ocultas."))


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ["offer", "name", "email", "status", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["name", "email", "body"]
    list_select_related = ["offer__product", "offer__producer"]
    readonly_fields = ["offer", "name", "email", "phone", "body", "created_at", "sent_at"]
    actions = ["hold"]

    @admin.action(description=_("Retener (no reenviar) los mensajes seleccionados"))
    def hold(self, request, queryset):
        queryset.filter(sent_at__isnull=True).update(status=ContactMessage.Status.HELD)

    def has_add_permission(self, request):
        return False
