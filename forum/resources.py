"""Actor import/export for staff (admin only: this one carries the contact fields)."""

from import_export import fields, resources, widgets

from core.models import Parish
from core.signals import announce_data_changed

from .models import Actor


class ActorResource(resources.ModelResource):
    parish = fields.Field(
        attribute="parish",
        column_name="parish",
        widget=widgets.ForeignKeyWidget(Parish, field="code"),
    )

    class Meta:
        model = Actor
        import_id_fields = ["name"]
        skip_unchanged = True
        report_skipped = True
        fields = [
            "name",
            "kind",
            "sector",
            "parish",
            "description",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
            "status",
            "invited_on",
            "joined_on",
            "withdrawn_on",
        ]

    def before_import_row(self, row, **kwargs):
        # Spreadsheets carry codes in any case; the parish table stores them upper case.
        if row.get("parish"):
            row["parish"] = str(row["parish"]).strip().upper()

    def after_import(self, dataset, result, **kwargs):
        if not kwargs.get("dry_run") and not result.has_errors():
            announce_data_changed("forum")
