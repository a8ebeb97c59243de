"""Staff read what was sent to whom; only the notification service writes these rows."""

from django.contrib import admin

from . import casework
from .admin_base import RecordAdmin
from .casework import Institution, Referral, ReportPolicy
from .notifications import EmailOptOut, Follow, Notification


@admin.register(Notification)
class NotificationAdmin(RecordAdmin):
    list_display = ["key", "to", "template", "created_at", "sent_at", "skipped"]
    list_filter = ["template", "transactional", "skipped"]
    search_fields = ["key", "to"]
    date_hierarchy = "created_at"


@admin.register(Follow)
class FollowAdmin(RecordAdmin):
    list_display = ["email", "content_type", "object_id", "frequency", "created_at"]
    list_filter = ["content_type", "frequency"]
    search_fields = ["email"]


@admin.register(EmailOptOut)
class EmailOptOutAdmin(RecordAdmin):
    list_display = ["email", "created_at"]
    search_fields = ["email"]


@admin.register(ReportPolicy)
class ReportPolicyAdmin(admin.ModelAdmin):
    list_display = ["service_code", "due_days"]


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "email"]
    search_fields = ["name"]


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    """Sent through `casework.referral_send`; staff record the institution's answer here."""

    list_display = ["institution", "content_type", "object_id", "sent_at", "answered_at"]
    list_filter = ["institution"]
    fields = ["institution", "content_type", "object_id", "note", "with_contact", "answer"]
    readonly_fields = ["institution", "content_type", "object_id", "note", "with_contact"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        if "answer" in form.changed_data and obj.answer.strip():
            casework.referral_answer(referral=obj, answer=obj.answer)
        else:
            super().save_model(request, obj, form, change)
