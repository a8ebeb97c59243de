"""Admin pieces for any CitizenReport subclass: triage through the workflow's services."""

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from . import casework, report_services
from .admin_base import private_file_link, step_page
from .forms import apply_errors
from .moderation_admin import ModerationActions, ReviewFilter
from .reports import ReportEvent, ReportPhoto, ReportStatus, Review
from .text import CleanTextFormMixin


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


class TransitionForm(CleanTextFormMixin, forms.Form):
    to_status = forms.ChoiceField(label=_("Nuevo estado"))
    comment = forms.CharField(
        label=_("Comentario público"), widget=forms.Textarea, required=False, max_length=2000
    )
    reason = forms.CharField(
        label=_("Motivo (obligatorio al rechazar)"), required=False, max_length=2000
    )
    duplicate_of_code = forms.CharField(
        label=_("Código del reporte original (si es duplicado)"), required=False, max_length=20
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (s, ReportStatus(s).label) for s in report.allowed_transitions()
        ]


class ReferralForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Institución"), queryset=casework.Institution.objects.all()
    )
    note = forms.CharField(
        label=_("Nota para la institución"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )


class CitizenReportAdmin(ModerationActions, admin.ModelAdmin):
    """Status only moves through report_transition (timeline, email, rules), never by edit."""

    list_display = [
        "tracking_code",
        "status",
        "parish",
        "assigned_institution",
        "due_date",
        "created_at",
        "is_hidden",
        "review",
    ]
    list_filter = ["status", ReviewFilter, "parish", "is_hidden", "source"]
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
        "review",
    ]
    inlines = [ReportEventInline, ReportPhotoInline]
    change_form_template = "core/admin/report_change_form.html"
    actions = ModerationActions.moderation_actions

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<int:pk>/estado/",
                self.admin_site.admin_view(self.transition_view),
                name="{}_{}_transition".format(*info),
            ),
            path(
                "<int:pk>/derivar/",
                self.admin_site.admin_view(self.referral_view),
                name="{}_{}_refer".format(*info),
            ),
        ] + super().get_urls()

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None and obj.pk:
            context["referrals"] = list(
                casework.Referral.objects.filter(
                    content_type__app_label=obj._meta.app_label,
                    content_type__model=obj._meta.model_name,
                    object_id=obj.pk,
                ).select_related("institution")
            )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def referral_view(self, request, pk):
        """Refers the case to an institution: recorded, on the public timeline, e-mailed to
        the institution with the citizen's contact only if the citizen agreed."""
        report = get_object_or_404(self.model, pk=pk)
        if not self.has_change_permission(request, report):
            raise PermissionDenied
        form = ReferralForm(request.POST or None)
        info = self.model._meta.app_label, self.model._meta.model_name
        if request.method == "POST" and form.is_valid():
            try:
                casework.referral_send(
                    report=report,
                    institution=form.cleaned_data["institution"],
                    by=request.user,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("Derivado a %(who)s; se le envió el caso por correo.")
                    % {"who": form.cleaned_data["institution"].name},
                )
                return redirect(reverse("admin:{}_{}_change".format(*info), args=[pk]))
        title = _("Derivar %(code)s a una institución") % {"code": report.tracking_code}
        status = 400 if request.method == "POST" else 200
        contact = bool(report.share_contact and not report.is_anonymous)
        template = "core/admin/report_referral.html"
        return step_page(
            self, request, template, report, form, title, status=status, with_contact=contact
        )

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
                apply_errors(form, exc)
            else:
                messages.success(request, _("Estado actualizado."))
                info = self.model._meta.app_label, self.model._meta.model_name
                return redirect(reverse("admin:{}_{}_change".format(*info), args=[pk]))
        title = _("Cambiar estado de %(code)s") % {"code": report.tracking_code}
        return step_page(self, request, "core/admin/report_transition.html", report, form, title)

    def save_model(self, request, obj, form, change):
        if change and {"assigned_to", "assigned_institution", "due_date"} & set(form.changed_data):
            report_services.report_assign(
                report=obj,
                by=request.user,
                assigned_to=form.cleaned_data.get("assigned_to"),
                institution=form.cleaned_data.get("assigned_institution", ""),
                due_date=form.cleaned_data.get("due_date"),
            )
        if change and "is_hidden" in form.changed_data:
            if form.cleaned_data.get("is_hidden"):
                report_services.report_hide(
                    report=obj,
                    by=request.user,
                    reason=form.cleaned_data.get("hidden_reason") or "—",
                )
            else:
                report_services.report_publish(report=obj, by=request.user)
                obj.hidden_reason = ""
            obj.review = Review.NONE  # either way the review is settled
        super().save_model(request, obj, form, change)
