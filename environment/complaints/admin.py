"""Complaint admin screens, imported from environment/admin.py.

Triage (status, assignment) is CitizenReportAdmin's; moderation has its own screen so that
moderators, who may not edit complaints, can hide a complaint or a photo with a reason.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from core.admin_base import step_page
from core.report_admin import CitizenReportAdmin, ReportPhotoInline
from core.report_forms import PLACE_FIELDS, REPORTER_FIELDS
from core.report_services import photo_hide

from . import services
from .models import Complaint


class PhotoInlineForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        if data.get("is_hidden") and not (data.get("hidden_reason") or "").strip():
            self.add_error("hidden_reason", _("Indique el motivo para ocultar la foto."))
        return data


class ComplaintPhotoInline(ReportPhotoInline):
    form = PhotoInlineForm


class ModerationForm(forms.Form):
    hide_complaint = forms.BooleanField(label=_("Ocultar la denuncia al público"), required=False)
    photos = forms.MultipleChoiceField(
        label=_("Ocultar estas fotos"), required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label=_("Motivo (queda para el personal)"), max_length=255)

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].choices = [
            (str(p.pk), p.image.name) for p in complaint.photos.all() if not p.is_hidden
        ]

    def clean(self):
        data = super().clean()
        if not data.get("hide_complaint") and not data.get("photos"):
            raise ValidationError(_("Elija qué ocultar: la denuncia o alguna foto."))
        return data


@admin.register(Complaint)
class ComplaintAdmin(CitizenReportAdmin):
    list_display = ["tracking_code", "category", *CitizenReportAdmin.list_display[1:]]
    list_filter = ["category", *CitizenReportAdmin.list_filter]
    list_select_related = ["parish"]
    inlines = [CitizenReportAdmin.inlines[0], ComplaintPhotoInline]
    change_form_template = "environment/complaints/admin/change_form.html"
    fieldsets = [
        (None, {"fields": ["tracking_code", "status", "status_reason", "duplicate_of_code"]}),
        (
            _("Denuncia"),
            {"fields": ["category", "description", "date_observed", *PLACE_FIELDS]},
        ),
        (
            _("Quien denuncia (privado)"),
            {"fields": [*REPORTER_FIELDS, "source", "submitter_ip"]},
        ),
        (_("Gestión"), {"fields": ["assigned_to", "assigned_institution", "due_date"]}),
        (_("Moderación"), {"fields": ["is_hidden", "hidden_reason", "review"]}),
        (_("Fechas"), {"fields": ["created_at", "updated_at", "resolved_at"]}),
    ]

    def get_urls(self):
        return [
            path(
                "<int:pk>/moderar/",
                self.admin_site.admin_view(self.moderation_view),
                name="environment_complaint_moderate",
            ),
        ] + super().get_urls()

    def can_moderate(self, request):
        return request.user.has_perm("environment.moderate_complaint")

    def render_change_form(self, request, context, *args, **kwargs):
        context["can_moderate"] = self.can_moderate(request)
        return super().render_change_form(request, context, *args, **kwargs)

    def moderation_view(self, request, pk):
        if not self.can_moderate(request):
            raise PermissionDenied
        complaint = get_object_or_404(Complaint.objects.prefetch_related("photos"), pk=pk)
        form = ModerationForm(request.POST or None, complaint=complaint)
        if request.method == "POST" and form.is_valid():
            reason = form.cleaned_data["reason"]
            for photo in complaint.photos.filter(pk__in=form.cleaned_data["photos"]):
                photo_hide(photo=photo, by=request.user, reason=reason)
            if form.cleaned_data["hide_complaint"]:
                services.complaint_hide(complaint=complaint, by=request.user, reason=reason)
            messages.success(request, _("Moderación registrada."))
            return redirect(reverse("admin:environment_complaint_change", args=[pk]))
        title = _("Moderar %(code)s") % {"code": complaint.tracking_code}
        template = "environment/complaints/admin/moderate.html"
        return step_page(self, request, template, complaint, form, title)
