"""Admin pieces for any CitizenReport subclass: triage through the workflow's services."""

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from . import report_services
from .admin_base import private_file_link
from .reports import ReportEvent, ReportPhoto, ReportStatus


class ReportEventInline(GenericTabularInline):
    model = ReportEvent
    extra = 0
    can_delete = False
    fields = [
        "created_at",
        "kind",
        "from_status",
        "to_status",
        "comment",
        "is_public",
        "created_by",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ReportPhotoInline(GenericTabularInline):
    model = ReportPhoto
    extra = 0
    fields = ["photo", "is_hidden", "hidden_reason", "created_at"]
    readonly_fields = ["photo", "created_at"]

    @admin.display(description=_("foto"))
    def photo(self, obj):
        # Private storage has no public URL: the link goes to the view that honours moderation.
        return private_file_link(obj, "image")

    def has_add_permission(self, request, obj=None):
        return False


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Nuevo estado"))
    comment = forms.CharField(label=_("Comentario público"), widget=forms.Textarea, required=False)
    reason = forms.CharField(label=_("Motivo (obligatorio al rechazar)"), required=False)
    duplicate_of_code = forms.CharField(
        label=_("Código del reporte original (si es duplicado)"), required=False
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (s, ReportStatus(s).label) for s in report.allowed_transitions()
        ]


class CitizenReportAdmin(admin.ModelAdmin):
    """Status only moves through report_transition (timeline, email, rules), never by edit."""

    list_display = [
        "tracking_code",
        "status",
        "parish",
        "assigned_institution",
        "due_date",
        "created_at",
        "is_hidden",
    ]
    list_filter = ["status", "parish", "is_hidden", "source"]
    search_fields = ["tracking_code", "description", "location_reference"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "tracking_code",
        "status",
        "status_reason",
        "duplicate_of_code",
        "source",
        "media_url",
        "submitter_ip",
        "created_at",
        "updated_at",
        "resolved_at",
    ]
    inlines = [ReportEventInline, ReportPhotoInline]
    change_form_template = "core/admin/report_change_form.html"

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<int:pk>/estado/",
                self.admin_site.admin_view(self.transition_view),
                name="{}_{}_transition".format(*info),
            ),
        ] + super().get_urls()

    def transition_view(self, request, pk):
        report = get_object_or_404(self.model, pk=pk)
        if not self.has_change_permission(request, report):
            raise PermissionDenied
        form = TransitionForm(request.POST or None, report=report)
        if request.method == "POST" and form.is_valid():
            try:
                report_services.report_transition(
                    report=report, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Estado actualizado."))
                info = self.model._meta.app_label, self.model._meta.model_name
                return redirect(reverse("admin:{}_{}_change".format(*info), args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "report": report,
            "form": form,
            "title": _("Cambiar estado de %(code)s") % {"code": report.tracking_code},
        }
        return render(request, "core/admin/report_transition.html", context)

    def save_model(self, request, obj, form, change):
        if change and {"assigned_to", "assigned_institution", "due_date"} & set(form.changed_data):
            report_services.report_assign(
                report=obj,
                by=request.user,
                assigned_to=form.cleaned_data.get("assigned_to"),
                institution=form.cleaned_data.get("assigned_institution", ""),
                due_date=form.cleaned_data.get("due_date"),
            )
        if change and form.cleaned_data.get("is_hidden") and "is_hidden" in form.changed_data:
            report_services.report_hide(
                report=obj, by=request.user, reason=form.cleaned_data.get("hidden_reason") or "—"
            )
        super().save_model(request, obj, form, change)
