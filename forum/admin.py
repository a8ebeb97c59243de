from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models as django_models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from core import roles
from core.accounts.admin import invite_users
from core.admin_base import PrivateFileInput, private_file_link
from core.signals import announce_data_changed

from . import models, services
from .resources import ActorResource


@admin.register(models.Actor)
class ActorAdmin(ImportExportModelAdmin):
    resource_classes = [ActorResource]
    list_display = ["name", "sector", "kind", "parish", "status", "joined_on"]
    list_filter = ["sector", "kind", "status", "parish"]
    search_fields = ["name", "description", "contact_name", "contact_email"]
    list_select_related = ["parish"]
    fieldsets = [
        (
            None,
            {"fields": ["name", "kind", "sector", "parish", "community", "description", "website"]},
        ),
        (
            _("Contacto (solo personal)"),
            {"fields": ["contact_name", "contact_email", "contact_phone"]},
        ),
        (_("Estado"), {"fields": ["status", "invited_on", "joined_on", "withdrawn_on"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        announce_data_changed("forum")


@admin.register(models.Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "actor", "role", "status", "joined_on", "left_on"]
    list_filter = ["role", "status", "actor__sector"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "actor__name"]
    list_select_related = ["user", "actor"]
    autocomplete_fields = ["actor"]
    raw_id_fields = ["user"]
    actions = ["sync_roles", "invite"]

    def save_model(self, request, obj, form, change):
        # The service keeps the user's forum-member role in step with the membership.
        services.membership_save(obj)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.sync_member_roles(users=[obj.user])

    def delete_queryset(self, request, queryset):
        users = [m.user for m in queryset.select_related("user")]
        super().delete_queryset(request, queryset)
        services.sync_member_roles(users=users)

    @admin.action(description=_("Sincronizar el rol de miembro del foro"))
    def sync_roles(self, request, queryset):
        result = services.sync_member_roles(users=[m.user for m in queryset])
        self.message_user(
            request,
            _("Rol otorgado a %(granted)s y retirado a %(withdrawn)s usuarios.") % result,
        )

    @admin.action(description=_("Invitar por correo (enlace para elegir contraseña)"))
    def invite(self, request, queryset):
        users = {m.user_id: m.user for m in queryset.select_related("user")}.values()
        invite_users(self, request, users, roles.FORUM_MEMBER)


class AgendaItemInline(admin.TabularInline):
    model = models.AgendaItem
    extra = 1


class DecisionInline(admin.TabularInline):
    model = models.Decision
    extra = 1


class MinutesFileInline(admin.TabularInline):
    model = models.MinutesFile
    extra = 1
    fields = ["title", "file", "link"]
    readonly_fields = ["link"]
    formfield_overrides = {django_models.FileField: {"widget": PrivateFileInput}}

    @admin.display(description=_("archivo actual"))
    def link(self, obj):
        return private_file_link(obj)


class AttendanceInlineForm(forms.ModelForm):
    class Meta:
        model = models.Attendance
        fields = ["member", "status"]

    def clean(self):
        cleaned = super().clean()
        member, meeting = cleaned.get("member"), self.instance.meeting_id and self.instance.meeting
        if (
            member
            and meeting
            and not member.is_active_on(timezone.localtime(meeting.starts_at).date())
        ):
            raise ValidationError(
                {
                    "member": _(
                        "Esta persona no era miembro activo del foro en la fecha de la sesión."
                    )
                }
            )
        return cleaned


class AttendanceInline(admin.TabularInline):
    model = models.Attendance
    form = AttendanceInlineForm
    extra = 0
    raw_id_fields = ["member", "recorded_by"]
    fields = ["member", "status", "self_checked_in", "recorded_by", "recorded_at"]
    readonly_fields = ["self_checked_in", "recorded_by", "recorded_at"]


@admin.register(models.Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "place", "minutes_published_at"]
    list_filter = ["starts_at"]
    search_fields = ["title", "description", "minutes"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline, DecisionInline, MinutesFileInline, AttendanceInline]
    actions = ["publish_minutes"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class MeetingForm(form):
            def clean(self):
                cleaned = super().clean()
                published = cleaned.get("minutes_published_at")
                if published and not (cleaned.get("minutes") or "").strip():
                    raise ValidationError(
                        {"minutes": _("Escriba el texto del acta antes de publicarla.")}
                    )
                ends = cleaned.get("ends_at")
                if published and ends and published < ends:
                    raise ValidationError(
                        {
                            "minutes_published_at": _(
                                "El acta solo puede publicarse después de la sesión."
                            )
                        }
                    )
                return cleaned

        return MeetingForm

    def save_formset(self, request, form, formset, change):
        for instance in formset.save(commit=False):
            if isinstance(instance, models.Attendance) and instance.recorded_by_id is None:
                instance.recorded_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()
        announce_data_changed("forum")

    @admin.action(description=_("Publicar el acta ahora"))
    def publish_minutes(self, request, queryset):
        for meeting in queryset:
            try:
                services.minutes_publish(meeting=meeting)
            except ValidationError as exc:
                self.message_user(
                    request, f"{meeting}: {' '.join(exc.messages)}", level=messages.ERROR
                )


@admin.register(models.Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["meeting", "member", "status", "self_checked_in", "recorded_at"]
    list_filter = ["status", "self_checked_in", "member__actor__sector"]
    list_select_related = ["meeting", "member__actor", "member__user"]
    raw_id_fields = ["meeting", "member", "recorded_by"]


@admin.register(models.AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["meeting", "order", "title"]
    list_select_related = ["meeting"]
    search_fields = ["title"]


@admin.register(models.Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["meeting", "order", "text"]
    list_select_related = ["meeting"]
    search_fields = ["text"]


@admin.register(models.MinutesFile)
class MinutesFileAdmin(admin.ModelAdmin):
    list_display = ["meeting", "title", "link"]
    readonly_fields = ["link"]
    formfield_overrides = {django_models.FileField: {"widget": PrivateFileInput}}

    @admin.display(description=_("archivo"))
    def link(self, obj):
        return private_file_link(obj)

    list_select_related = ["meeting"]
