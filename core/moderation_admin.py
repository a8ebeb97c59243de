"""Admin pieces for moderation, shared by the report admins and the proposal admin: a filter
for what waits for review, the citizens' reports of an item, and approve/hide actions."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import moderation
from .admin_base import RecordAdmin
from .moderation import ContentFlag
from .reports import Review


class ReviewFilter(admin.SimpleListFilter):
    title = _("revisión de moderación")
    parameter_name = "revision"

    def lookups(self, request, model_admin):
        return [("todo", _("Por moderar (todo)")), *[c for c in Review.choices if c[0]]]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "todo":
            return queryset.exclude(review=Review.NONE)
        if value in Review.values and value:
            return queryset.filter(review=value)
        return queryset


@admin.register(ContentFlag)
class ContentFlagAdmin(RecordAdmin):
    list_display = ["created_at", "content_type", "object_id", "reason", "reviewed_at"]
    list_filter = ["reason", "content_type", ("reviewed_at", admin.EmptyFieldListFilter)]
    fields = ["content_type", "object_id", "reason", "text", "created_at", "reviewed_at"]
    readonly_fields = fields


class ModerationActions:
    """Mixed into a ModelAdmin of a model with is_hidden/hidden_reason/review."""

    moderation_actions = ["approve_items", "hide_items"]

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        # Shown under the form (not as an inline: nothing to submit, nothing to edit).
        if obj is not None and obj.pk:
            context["content_flags"] = list(moderation.flags_of(obj))
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def has_moderate_permission(self, request):
        return moderation.can_moderate(request.user, self.model)

    @admin.action(description=_("Aprobar o restaurar (publicar)"), permissions=["moderate"])
    def approve_items(self, request, queryset):
        for obj in queryset:
            moderation.publish(obj=obj, by=request.user)
        self.message_user(
            request,
            _("%(n)s elemento(s) publicados.") % {"n": len(queryset)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Ocultar al público (confirmar)"), permissions=["moderate"])
    def hide_items(self, request, queryset):
        for obj in queryset:
            moderation.hide(obj=obj, by=request.user)
        self.message_user(
            request,
            _("%(n)s elemento(s) ocultos.") % {"n": len(queryset)},
            messages.SUCCESS,
        )
