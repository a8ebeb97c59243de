"""One admin screen for every app's import jobs: upload, a progress page that follows the
worker, and the per-row report. An app's admin names its add-form fields and how a job starts
(its service, which enqueues after commit)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy


class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at", "created_by", "status", "progress", "saved"]
    list_filter = ["status"]
    fields = ["file"]
    file_help = ""

    def start(self, request, form):  # pragma: no cover - each app's admin says how
        raise NotImplementedError

    def facts(self, job) -> list[str]:
        """What else the report's first line says about the job (its kind, its mode)."""
        return []

    @admin.display(description=_lazy("Progreso"))
    def progress(self, obj):
        return format_html(
            '<progress max="100" value="{}">{} %</progress> {}/{}',
            obj.percent,
            obj.percent,
            obj.processed,
            obj.total,
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if self.file_help and "file" in form.base_fields:
            form.base_fields["file"].help_text = self.file_help
        return form

    def has_change_permission(self, request, obj=None):
        return False  # a job is a record of what happened; its report page replaces editing

    def _name(self, suffix):
        return f"{self.opts.app_label}_{self.opts.model_name}_{suffix}"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/informe/", view(self.report_view), name=self._name("report")),
            path("<int:pk>/estado/", view(self.status_view), name=self._name("status")),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        job = self.start(request, form)
        obj.pk = job.pk

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request, _("Archivo recibido; la importación se procesa en segundo plano.")
        )
        return redirect(f"admin:{self._name('report')}", pk=obj.pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect(f"admin:{self._name('report')}", pk=object_id)

    def _job(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.model, pk=pk)

    def report_view(self, request, pk):
        job = self._job(request, pk)
        context = {
            **self.admin_site.each_context(request),
            "title": str(job),
            "job": job,
            "facts": self.facts(job),
            "opts": self.opts,
            "status_url_name": f"admin:{self._name('status')}",
            "changelist_url_name": f"admin:{self._name('changelist')}",
        }
        return TemplateResponse(request, "admin/core/importjob_report.html", context)

    def status_view(self, request, pk):
        """JSON for the progress bar (polled by static JS; the CSP forbids inline scripts)."""
        job = self._job(request, pk)
        return JsonResponse(
            {
                "status": job.status,
                "status_display": str(job.get_status_display()),
                "total": job.total,
                "processed": job.processed,
                "saved": job.saved,
                "percent": int(job.percent),
                "finished": job.finished,
                "message": job.message,
                "errors": len(job.errors),
            }
        )
