from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from core import import_admin
from core.report_admin import CitizenReportAdmin
from core.reports import ReportStatus

from . import services
from .models import Branch, ImportJob, Intervention, RoadReport
from .resources import BranchResource, InterventionResource


@admin.register(Branch)
class BranchAdmin(SimpleHistoryAdmin, ImportExportModelAdmin):
    resource_classes = [BranchResource]
    list_display = ["code", "name", "parish", "length_km", "need_level", "last_maintenance_year"]
    list_filter = ["need_level", "zone", "surface", "condition", "parish"]
    search_fields = ["code", "name", "sector"]
    list_select_related = ["parish"]
    readonly_fields = ["last_maintenance_year"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.refresh_last_maintenance([obj.pk])


@admin.register(Intervention)
class InterventionAdmin(ImportExportModelAdmin):
    resource_classes = [InterventionResource]
    list_display = ["branch", "start_date", "end_date", "kind", "km_worked", "cost"]
    list_filter = ["kind", "end_date"]
    search_fields = ["branch__code", "branch__name", "contractor", "crew"]
    autocomplete_fields = ["branch"]
    list_select_related = ["branch"]
    date_hierarchy = "end_date"

    def save_model(self, request, obj, form, change):
        # Same rules as every other way in; keeps the branch's last-maintenance year in step.
        services.intervention_update(intervention=obj, by=request.user)

    def delete_model(self, request, obj):
        services.intervention_delete(interventions=Intervention.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.intervention_delete(interventions=queryset)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class RuledForm(form):
            def clean(self):
                data = super().clean()
                if data.get("branch") and data.get("km_worked") is not None:
                    try:
                        services.check_intervention(
                            branch=data["branch"],
                            start_date=data.get("start_date"),
                            end_date=data.get("end_date"),
                            km_worked=data["km_worked"],
                        )
                    except ValidationError as exc:
                        for field, errors in exc.message_dict.items():
                            self.add_error(field, errors)
                return data

        return RuledForm


@admin.register(ImportJob)
class ImportJobAdmin(import_admin.ImportJobAdmin):
    list_display = [*import_admin.ImportJobAdmin.list_display, "kind"]
    list_filter = ["kind", "status"]
    fields = ["kind", "file"]

    def start(self, request, form):
        from .imports import import_start

        return import_start(
            kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"], by=request.user
        )

    def facts(self, job):
        return [job.get_kind_display()]


class RoadReportAdminForm(forms.ModelForm):
    class Meta:
        model = RoadReport
        fields = ["kind", "severity", "branch", "resolved_by"]

    def clean_resolved_by(self):
        intervention = self.cleaned_data.get("resolved_by")
        report = self.instance
        if intervention and intervention.pk != report.resolved_by_id:
            if report.status not in (
                ReportStatus.REFERRED,
                ReportStatus.IN_PROGRESS,
                ReportStatus.RESOLVED,
            ):
                raise ValidationError(
                    _("Pase primero el reporte a «En atención» o «Derivada» para resolverlo.")
                )
            branch = self.cleaned_data.get("branch") or report.branch
            if branch and intervention.branch_id != branch.pk:
                raise ValidationError(_("La intervención corresponde a otro ramal."))
        return intervention


@admin.register(RoadReport)
class RoadReportAdmin(CitizenReportAdmin):
    form = RoadReportAdminForm
    list_display = [
        "tracking_code",
        "kind",
        "severity",
        "branch",
        *CitizenReportAdmin.list_display[1:],
    ]
    list_filter = ["kind", "severity", *CitizenReportAdmin.list_filter]
    search_fields = [*CitizenReportAdmin.search_fields, "branch__code", "branch__name"]
    autocomplete_fields = ["branch", "resolved_by"]

    def save_model(self, request, obj, form, change):
        link = form.cleaned_data.get("resolved_by")
        if change and "resolved_by" in form.changed_data and link is not None:
            obj.resolved_by = RoadReport.objects.get(pk=obj.pk).resolved_by  # set by the service
            super().save_model(request, obj, form, change)
            services.report_resolve_with(report=obj, intervention=link, by=request.user)
            return
        super().save_model(request, obj, form, change)
