"""Import-export of milestones and indicator values. Each row is validated (full_clean) and
reported on its own; the whole file is written in one transaction or not at all."""

from import_export import fields, resources, widgets

from . import services
from .fields import MILESTONE_FIELDS
from .models import Commitment, Indicator, IndicatorValue, Milestone, ProgressChange


class AtomicResource(resources.ModelResource):
    """A file with any invalid row writes nothing (import-export keeps the others by default)."""

    def import_data(self, dataset, **kwargs):
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)


class MilestoneResource(AtomicResource):
    commitment = fields.Field(
        attribute="commitment",
        column_name="commitment",
        widget=widgets.ForeignKeyWidget(Commitment, "pk"),
    )

    class Meta:
        model = Milestone
        fields = ["id", "commitment", *MILESTONE_FIELDS]
        clean_model_instances = True
        skip_unchanged = True

    def before_save_instance(self, instance, row, **kwargs):
        # Progress history is written explicitly: keep the stored value to compare with.
        instance._old_progress = (
            Milestone.objects.filter(pk=instance.pk).values_list("progress", flat=True).first()
            if instance.pk
            else None
        )

    def after_save_instance(self, instance, row, **kwargs):
        old = instance._old_progress if instance._old_progress is not None else 0
        if old != instance.progress:
            from django.utils import timezone

            ProgressChange.objects.create(
                milestone=instance,
                old_progress=old,
                new_progress=instance.progress,
                changed_at=timezone.now(),
                changed_by=kwargs.get("user"),
                note="importación",
            )

    def after_import(self, dataset, result, **kwargs):
        services.recalculate_progress()


class IndicatorValueResource(AtomicResource):
    indicator = fields.Field(
        attribute="indicator",
        column_name="indicator",
        widget=widgets.ForeignKeyWidget(Indicator, "pk"),
    )

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "date", "value", "note"]
        import_id_fields = ["indicator", "date"]
        clean_model_instances = True

    def after_import(self, dataset, result, **kwargs):
        services.refresh_manual_indicators()
