"""Import/export of the species catalogue and the nurseries (staff spreadsheets)."""

from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from core.models import Parish

from .models import Nursery, Species, Use


class UsesWidget(widgets.Widget):
    """Uses as «maderable;sombra» in a spreadsheet cell; labels are accepted too."""

    def clean(self, value, row=None, **kwargs):
        if not value:
            return []
        by_label = {str(label).lower(): key for key, label in Use.choices}
        out = []
        for part in str(value).replace(",", ";").split(";"):
            part = part.strip().lower()
            if not part:
                continue
            key = part if part in Use.values else by_label.get(part)
            if key is None:
                raise ValueError(_("Uso desconocido: %(use)s") % {"use": part})
            out.append(key)
        return out

    def render(self, value, obj=None, **kwargs):
        return ";".join(value or [])


class SpeciesResource(resources.ModelResource):
    uses = fields.Field(attribute="uses", column_name="uses", widget=UsesWidget())

    class Meta:
        model = Species
        import_id_fields = ["scientific_name"]
        fields = ["scientific_name", "common_name", "family", "origin", "uses", "is_active"]
        skip_unchanged = True
        clean_model_instances = True


class NurseryResource(resources.ModelResource):
    parish = fields.Field(
        attribute="parish", column_name="parish", widget=widgets.ForeignKeyWidget(Parish, "code")
    )

    class Meta:
        model = Nursery
        import_id_fields = ["code"]
        fields = ["code", "name", "parish", "address", "is_active"]
        skip_unchanged = True
        clean_model_instances = True
