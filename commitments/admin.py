from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from core.admin_base import VersionedAdminForm

from . import services
from .fields import INDICATOR_FIELDS
from .forms import MilestoneProgressForm
from .models import (
    ActionPlan,
    Assessment,
    Commitment,
    DecisionLink,
    Evidence,
    Indicator,
    IndicatorValue,
    LessonsLearned,
    Milestone,
    ProgressChange,
    Snapshot,
)
from .resources import IndicatorValueResource, MilestoneResource

# Links staff paste without a scheme are read as https (Django 6's default, without its warning).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class LessonsLearnedInline(admin.StackedInline):
    model = LessonsLearned
    extra = 0
    max_num = 1


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "period_start", "period_end", "progress"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["progress", "progress_computed_at"]
    inlines = [LessonsLearnedInline]


class IndicatorInline(admin.StackedInline):
    # Stacked and folded: nine columns side by side made the page 2,400 px wide.
    model = Indicator
    extra = 0
    classes = ["collapse"]
    fields = list(INDICATOR_FIELDS)
    readonly_fields = ["current_value"]


def save_milestone(request, form, milestone: Milestone, change: bool) -> None:
    """Progress goes through the service, which keeps when/old/new and the public note and
    recomputes the commitment; everything else is saved as the form has it."""
    new = milestone.progress
    if change:
        milestone.progress = Milestone.objects.values_list("progress", flat=True).get(
            pk=milestone.pk
        )
    else:
        milestone.progress = 0
    milestone.save()
    services.milestone_set_progress(
        milestone=milestone,
        progress=new,
        by=request.user,
        note=form.cleaned_data.get("progress_note", ""),
    )
    if not change:
        services.recalculate_progress(commitment_ids=[milestone.commitment_id])


class MilestoneInline(admin.TabularInline):
    """The commitment's milestones on its own page: progress edited in place, with its note."""

    model = Milestone
    form = MilestoneProgressForm
    extra = 0
    # Deleting a milestone (and its public history) is done from its own page, on purpose.
    can_delete = False
    show_change_link = True
    # Progress, weight and the note in place; dates and titles on the milestone's own page
    # (where new milestones are added too): the commitment page stays within 1366 px.
    fields = ["title", "end_date", "weight", "progress", "progress_note"]
    readonly_fields = ["title", "end_date"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DecisionLink)
class DecisionLinkAdmin(admin.ModelAdmin):
    list_display = ["decision", "commitment", "milestone", "proposal"]
    list_select_related = ["decision__meeting", "commitment", "milestone", "proposal"]
    raw_id_fields = ["decision", "commitment", "milestone", "proposal"]
    search_fields = ["decision__text", "commitment__title", "proposal__tracking_code"]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    form = VersionedAdminForm  # a stale form is refused, nothing overwritten
    list_display = ["number", "title", "plan", "status", "progress", "progress_computed_at"]
    list_filter = ["plan", "status"]
    search_fields = ["title"]
    readonly_fields = ["progress", "progress_computed_at"]
    # A plain labelled multiple select: the two-box widget's icons fail axe (ARIA on a span).
    raw_id_fields = ["proposals"]
    inlines = [MilestoneInline, IndicatorInline]
    actions = ["recalculate"]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Milestone:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for milestone in formset.deleted_objects:
            milestone.delete()
        for row in formset.forms:
            if row in formset.deleted_forms or not row.has_changed() or not row.is_valid():
                continue
            row.instance.commitment = form.instance
            save_milestone(request, row, row.instance, change=row.instance.pk is not None)
        if formset.deleted_objects:
            services.recalculate_progress(commitment_ids=[form.instance.pk])

    @admin.action(description=_("Recalcular el avance"))
    def recalculate(self, request, queryset):
        services.recalculate_progress(commitment_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, _("Avance recalculado."))


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 1
    formfield_overrides = HTTPS_URLS


@admin.register(Milestone)
class MilestoneAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    # Versioned (a stale form is refused, nothing overwritten) with a required public note.
    form = MilestoneProgressForm
    resource_classes = [MilestoneResource]
    list_display = ["title", "commitment", "weight", "status", "progress", "end_date"]
    list_filter = ["commitment__plan", "commitment", "status"]
    search_fields = ["title"]
    inlines = [EvidenceInline]

    def save_model(self, request, obj, form, change):
        save_milestone(request, form, obj, change)


@admin.register(ProgressChange)
class ProgressChangeAdmin(admin.ModelAdmin):
    list_display = ["milestone", "old_progress", "new_progress", "changed_at", "changed_by"]
    list_filter = ["milestone__commitment"]
    readonly_fields = [f.name for f in ProgressChange._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["title", "milestone", "published_on"]
    list_filter = ["milestone__commitment"]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["commitment", "opened_government", "assessed_at"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "commitment", "source", "source_key", "target", "current_value"]
    list_filter = ["source", "commitment"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "source_key":
            from django import forms

            from core.registry import indicators

            return forms.ChoiceField(
                label=db_field.verbose_name,
                required=False,
                choices=[("", "—"), *indicators.choices()],
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ImportExportModelAdmin):
    resource_classes = [IndicatorValueResource]
    list_display = ["indicator", "date", "value"]
    list_filter = ["indicator__commitment", "indicator"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.refresh_manual_indicators(indicator_ids=[obj.indicator_id])


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ["date", "taken_at"]
    readonly_fields = ["date", "taken_at", "data"]

    def has_add_permission(self, request):
        # Only the recalculation writes snapshots.
        return False
