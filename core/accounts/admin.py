from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import roles

from . import services
from .models import Invitation


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    form = InvitationForm
    list_display = ["email", "role", "status", "invited_by", "created_at", "expires_at"]
    list_filter = ["role", "accepted_at"]
    search_fields = ["email"]
    readonly_fields = ["user", "invited_by", "created_at", "expires_at", "accepted_at"]
    actions = ["resend"]

    def get_fields(self, request, obj=None):
        return ["email", "role"] if obj is None else ["email", "role", *self.readonly_fields]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # The service mints the token and sends the e-mail; the admin only collects the fields.
        invitation = services.invitation_create(email=obj.email, role=obj.role, by=request.user)
        obj.pk = invitation.pk

    @admin.action(description=_("Enviar una invitación nueva"))
    def resend(self, request, queryset):
        for invitation in queryset:
            services.invitation_create(
                email=invitation.email, role=invitation.role, by=request.user, user=invitation.user
            )
        self.message_user(request, _("Invitaciones enviadas: %(n)s.") % {"n": queryset.count()})


def invite_users(modeladmin, request, users, role):
    """Admin helper shared by bulk actions: invites each user that has an e-mail."""
    sent, skipped = 0, 0
    for user in users:
        if not user.email:
            skipped += 1
            continue
        try:
            services.invitation_create(email=user.email, role=role, by=request.user, user=user)
        except ValidationError:
            skipped += 1
        else:
            sent += 1
    modeladmin.message_user(
        request,
        ngettext("%(n)s invitación enviada", "%(n)s invitaciones enviadas", sent) % {"n": sent}
        + (_("; %(n)s sin correo, omitidas.") % {"n": skipped} if skipped else "."),
        messages.SUCCESS if sent else messages.WARNING,
    )


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class MingaUserAdmin(UserAdmin):
    actions = ["deactivate", "invite_as_member", "invite_as_collector", "invite_as_moderator"]

    @admin.action(description=_("Desactivar las cuentas seleccionadas"))
    def deactivate(self, request, queryset):
        n = services.accounts_deactivate(users=queryset.exclude(pk=request.user.pk))
        self.message_user(request, _("Cuentas desactivadas: %(n)s.") % {"n": n})

    @admin.action(description=_("Invitar como miembro del Foro"))
    def invite_as_member(self, request, queryset):
        invite_users(self, request, queryset, roles.FORUM_MEMBER)

    @admin.action(description=_("Invitar como recolector de precios"))
    def invite_as_collector(self, request, queryset):
        invite_users(self, request, queryset, roles.COLLECTOR)

    @admin.action(description=_("Invitar como moderador"))
    def invite_as_moderator(self, request, queryset):
        invite_users(self, request, queryset, roles.MODERATOR)
