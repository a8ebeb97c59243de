"""Complaint admin screens, imported from environment/admin.py."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.report_admin import CitizenReportAdmin

from .models import Complaint


@admin.register(Complaint)
class ComplaintAdmin(CitizenReportAdmin):
    list_display = ["tracking_code", "category", *CitizenReportAdmin.list_display[1:]]
    list_filter = ["category", *CitizenReportAdmin.list_filter]
    list_select_related = ["parish"]
    fieldsets = [
        (None, {"fields": ["tracking_code", "status", "status_reason", "duplicate_of_code"]}),
        (
            _("Denuncia"),
            {
                "fields": [
                    "category",
                    "description",
                    "date_observed",
                    "parish",
                    "location_reference",
                    "latitude",
                    "longitude",
                ]
            },
        ),
        (
            _("Quien denuncia (privado)"),
            {
                "fields": [
                    "is_anonymous",
                    "reporter_name",
                    "reporter_email",
                    "reporter_phone",
                    "source",
                    "submitter_ip",
                ]
            },
        ),
        (_("Gestión"), {"fields": ["assigned_to", "assigned_institution", "due_date"]}),
        (_("Moderación"), {"fields": ["is_hidden", "hidden_reason"]}),
        (_("Fechas"), {"fields": ["created_at", "updated_at", "resolved_at"]}),
    ]
