"""Staff read what was sent to whom; only the notification service writes these rows."""

from django.contrib import admin

from .admin_base import RecordAdmin
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
