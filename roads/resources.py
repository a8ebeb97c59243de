"""django-import-export resources for the admin's synchronous import/export screens.

Same columns as the async imports and the public download, so a file moves between them.
"""

from import_export import fields, resources, widgets

from core.models import Community, Parish, PlanningZone

from . import imports, services
from .models import Branch, Intervention


class CommaDecimalWidget(widgets.DecimalWidget):
    """The province's spreadsheets write 16,00."""

    def clean(self, value, row=None, **kwargs):
        try:
            return imports.parse_decimal(value, "")
        except imports.RowError as exc:
            raise ValueError(exc.message) from exc


class AllOrNothing:
    """A file with any bad row saves nothing, as the async imports do."""

    def import_data(self, dataset, **kwargs):
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, **kwargs)


class BranchResource(AllOrNothing, resources.ModelResource):
    codigo = fields.Field("code", "codigo")
    nombre = fields.Field("name", "nombre")
    parroquia = fields.Field("parish", "parroquia", widgets.ForeignKeyWidget(Parish, "code"))
    sector = fields.Field("sector", "sector")
    zona = fields.Field("zone", "zona")
    comunidad = fields.Field("community", "comunidad", widgets.ForeignKeyWidget(Community, "code"))
    zona_planificacion = fields.Field(
        "planning_zone", "zona_planificacion", widgets.ForeignKeyWidget(PlanningZone, "code")
    )
    extension_km = fields.Field("length_km", "extension_km", CommaDecimalWidget())
    superficie = fields.Field("surface", "superficie")
    estado = fields.Field("condition", "estado")
    necesidad = fields.Field("need_level", "necesidad", widgets.IntegerWidget())
    ultimo_mantenimiento = fields.Field(
        "inventory_maintenance_year", "ultimo_mantenimiento", widgets.IntegerWidget()
    )

    class Meta:
        model = Branch
        import_id_fields = ["codigo"]
        # The async import's columns but the canton (it follows from the parish) and the
        # geometry (too large for this screen).
        fields = [c for c in imports.BRANCH_COLUMNS if c not in ("canton", "geometria")]
        clean_model_instances = True
        skip_unchanged = True

    def dehydrate_ultimo_mantenimiento(self, branch):
        return branch.last_maintenance_year  # exports the derived year, as the public table

    def before_import(self, dataset, **kwargs):
        self.touched = set()

    def after_save_instance(self, instance, row, **kwargs):
        self.touched.add(instance.pk)

    def after_import(self, dataset, result, **kwargs):
        if not result.has_errors() and not result.has_validation_errors():
            services.refresh_last_maintenance(self.touched)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.parish_id:  # the canton follows from the parish, as in the async import
            instance.canton_id = instance.parish.canton_id


class InterventionResource(AllOrNothing, resources.ModelResource):
    codigo = fields.Field("branch", "codigo", widgets.ForeignKeyWidget(Branch, "code"))
    fecha_inicio = fields.Field("start_date", "fecha_inicio", widgets.DateWidget())
    fecha_fin = fields.Field("end_date", "fecha_fin", widgets.DateWidget())
    tipo = fields.Field("kind", "tipo")
    km_trabajados = fields.Field("km_worked", "km_trabajados", CommaDecimalWidget())
    cuadrilla = fields.Field("crew", "cuadrilla")
    contratista = fields.Field("contractor", "contratista")
    costo = fields.Field("cost", "costo", CommaDecimalWidget())
    observaciones = fields.Field("notes", "observaciones")

    class Meta:
        model = Intervention
        fields = ["id", *imports.INTERVENTION_COLUMNS]
        clean_model_instances = True

    def before_import(self, dataset, **kwargs):
        self.touched = set()

    def before_save_instance(self, instance, row, **kwargs):
        self.touched.add(instance.branch_id)
        services.check_intervention(
            branch=instance.branch,
            start_date=instance.start_date,
            end_date=instance.end_date,
            km_worked=instance.km_worked,
        )

    def after_import(self, dataset, result, **kwargs):
        if not result.has_errors() and not result.has_validation_errors():
            services.refresh_last_maintenance(self.touched)
