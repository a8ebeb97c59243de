"""Environmental complaints (denuncias ambientales): a core citizen report."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.reports import CitizenReport, ReportStatus


class ComplaintCategory(models.TextChoices):
    DEFORESTATION = "deforestacion", _("Deforestación")
    BURNING = "quema", _("Quema")
    WATER_POLLUTION = "contaminacion_agua", _("Contaminación de agua")
    WASTE = "residuos", _("Residuos")
    NOISE = "ruido", _("Ruido")
    MINING = "mineria", _("Minería")
    WILDLIFE = "fauna_silvestre", _("Fauna silvestre")
    OTHER = "otro", _("Otro")


def validate_not_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("La fecha observada no puede ser posterior a hoy."))


class Complaint(CitizenReport):
    TRACKING_PREFIX = "DA"

    category = models.CharField(
        _("categoría"), max_length=20, choices=ComplaintCategory.choices, db_index=True
    )
    # Open311 clients send no date: the day it was filed stands in.
    date_observed = models.DateField(
        _("fecha en que lo observó"), default=timezone.localdate, validators=[validate_not_future]
    )

    class Meta(CitizenReport.Meta):
        verbose_name = _("denuncia ambiental")
        verbose_name_plural = _("denuncias ambientales")
        constraints = [
            *CitizenReport.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(category__in=ComplaintCategory.values),
                name="environment_complaint_category_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ReportStatus.RESOLVED)
                | models.Q(resolved_at__isnull=False),
                name="environment_complaint_resolved_has_date",
            ),
            # The day of filing in the portal's time zone (Ecuador), as people count days.
            models.CheckConstraint(
                condition=models.Q(date_observed__lte=TruncDate("created_at")),
                name="environment_complaint_observed_not_after_filing",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]
        # Moderators (core role) get every "moderate_*" permission of the portal's apps.
        permissions = [("moderate_complaint", _("Puede ocultar denuncias y sus fotos"))]

    def get_absolute_url(self):
        return reverse("environment:complaint-detail", args=[self.tracking_code])
