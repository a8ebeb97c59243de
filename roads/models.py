"""Rural road network: branches (ramales), their maintenance, road reports and import jobs."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import geo, imports
from core.fields import acting_user
from core.reports import CitizenReport
from core.text import CleanTextModel

FIRST_YEAR = 1950


class Surface(models.TextChoices):
    GRAVEL = "lastre", _("Lastre")
    ASPHALT = "asfalto", _("Asfalto")
    EARTH = "tierra", _("Tierra")
    PAVERS = "adoquin", _("Adoquín")
    CONCRETE = "hormigon", _("Hormigón")


class Condition(models.TextChoices):
    GOOD = "bueno", _("Bueno")
    FAIR = "regular", _("Regular")
    POOR = "malo", _("Malo")


class NeedLevel(models.IntegerChoices):
    LOW = 1, _("1. Bajo")
    MEDIUM_LOW = 2, _("2. Medio Bajo")
    MEDIUM_HIGH = 3, _("3. Medio Alto")
    HIGH = 4, _("4. Alto")


class InterventionZone(models.TextChoices):
    COMMUNITIES = "comunidades", _("Comunidades Tsáchilas")
    PARISHES = "parroquias", _("Parroquias")
    PLANNING = "zonas", _("Zonas de Planificación")


def validate_linestring(value):
    """A GeoJSON LineString in lon/lat: at least two numeric positions."""
    if value in (None, ""):
        return
    message = _("La geometría debe ser un LineString GeoJSON con al menos dos puntos [lon, lat].")
    if not isinstance(value, dict) or value.get("type") != "LineString":
        raise ValidationError(message)
    coords = value.get("coordinates")
    if not isinstance(coords, list) or len(coords) < 2:
        raise ValidationError(message)
    for position in coords:
        if (
            not isinstance(position, list | tuple)
            or len(position) < 2
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in position)
        ):
            raise ValidationError(message)
        lon, lat = position[0], position[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValidationError(message)


class Branch(CleanTextModel):
    code = models.CharField(_("código"), max_length=20, unique=True)
    name = models.CharField(_("ramal"), max_length=255)
    canton = models.ForeignKey(
        "core.Canton", on_delete=models.PROTECT, related_name="+", verbose_name=_("cantón")
    )
    parish = geo.parish_field(related_name="road_branches")
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    zone = models.CharField(
        _("zona de intervención"), max_length=12, choices=InterventionZone.choices
    )
    community = geo.community_field()
    planning_zone = geo.planning_zone_field()
    length_km = models.DecimalField(
        _("extensión (km)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    surface = models.CharField(
        _("capa de rodadura"), max_length=10, choices=Surface.choices, default=Surface.GRAVEL
    )
    condition = models.CharField(
        _("estado"), max_length=10, choices=Condition.choices, default=Condition.FAIR
    )
    need_level = models.PositiveSmallIntegerField(
        _("necesidad de atención"), choices=NeedLevel.choices, default=NeedLevel.MEDIUM_LOW
    )
    # What the inventory spreadsheet says: maintenance that predates the platform's records.
    inventory_maintenance_year = models.PositiveSmallIntegerField(
        _("último mantenimiento según inventario"), null=True, blank=True
    )
    # Derived, kept in step by services.refresh_last_maintenance: the latest of the year the last
    # recorded intervention ended and the inventory year.
    last_maintenance_year = models.PositiveSmallIntegerField(
        _("último mantenimiento"), null=True, blank=True, editable=False
    )
    geometry = models.JSONField(
        _("geometría (GeoJSON LineString)"),
        null=True,
        blank=True,
        validators=[validate_linestring],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Need level, length and condition drive where money goes: every change is kept.
    history = HistoricalRecords(excluded_fields=["geometry", "updated_at"])

    class Meta:
        ordering = ["code"]
        verbose_name = _("ramal")
        verbose_name_plural = _("ramales")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(length_km__gt=0), name="roads_branch_length_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(need_level__gte=1, need_level__lte=4),
                name="roads_branch_need_level_1_4",
            ),
            models.CheckConstraint(
                condition=models.Q(zone__in=InterventionZone.values), name="roads_branch_zone_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(surface__in=Surface.values), name="roads_branch_surface_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(last_maintenance_year__isnull=True)
                | models.Q(last_maintenance_year__gte=FIRST_YEAR),
                name="roads_branch_year_plausible",
            ),
            models.CheckConstraint(
                condition=models.Q(inventory_maintenance_year__isnull=True)
                | models.Q(inventory_maintenance_year__gte=FIRST_YEAR),
                name="roads_branch_inventory_year_plausible",
            ),
        ]
        indexes = [models.Index(fields=["need_level", "zone"]), models.Index(fields=["parish"])]

    def __str__(self):
        return f"{self.code} · {self.name}"

    def get_absolute_url(self):
        return reverse("roads:branch", args=[self.code])

    def clean(self):
        if self.parish_id and self.canton_id and self.parish.canton_id != self.canton_id:
            raise ValidationError({"parish": _("La parroquia no pertenece al cantón indicado.")})
        if self.zone == InterventionZone.COMMUNITIES and self.planning_zone_id:
            raise ValidationError({"planning_zone": _("Un ramal de comunidad no lleva zona.")})


class InterventionKind(models.TextChoices):
    ROUTINE = "rutinario", _("Rutinario")
    PERIODIC = "periodico", _("Periódico")
    REHABILITATION = "rehabilitacion", _("Rehabilitación")
    EMERGENCY = "emergencia", _("Emergencia")


class Intervention(CleanTextModel):
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="interventions", verbose_name=_("ramal")
    )
    start_date = models.DateField(_("fecha de inicio"))
    end_date = models.DateField(_("fecha de fin"))
    kind = models.CharField(
        _("tipo"), max_length=15, choices=InterventionKind.choices, default=InterventionKind.ROUTINE
    )
    km_worked = models.DecimalField(
        _("km trabajados"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    crew = models.CharField(_("maquinaria / cuadrilla"), max_length=200, blank=True)
    contractor = models.CharField(_("contratista"), max_length=200, blank=True)
    cost = models.DecimalField(
        _("costo (USD)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    notes = models.TextField(_("observaciones"), blank=True)
    photo_before = models.ImageField(_("foto antes"), upload_to="vialidad/%Y/", blank=True)
    photo_after = models.ImageField(_("foto después"), upload_to="vialidad/%Y/", blank=True)
    created_by = acting_user(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-end_date", "-pk"]
        verbose_name = _("intervención")
        verbose_name_plural = _("intervenciones")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(km_worked__gt=0), name="roads_intervention_km_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="roads_intervention_dates_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(cost__isnull=True) | models.Q(cost__gte=0),
                name="roads_intervention_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=InterventionKind.values),
                name="roads_intervention_kind_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["branch", "end_date"]),
            models.Index(fields=["end_date"]),
        ]

    def __str__(self):
        return f"{self.branch.code} {self.end_date:%Y-%m-%d}"


class ReportKind(models.TextChoices):
    POTHOLE = "bache", _("Bache")
    LANDSLIDE = "deslizamiento", _("Deslizamiento")
    CULVERT = "alcantarilla", _("Alcantarilla")
    BRIDGE = "puente", _("Puente")
    DITCH = "cuneta", _("Cuneta")
    IMPASSABLE = "intransitable", _("Vía intransitable")
    OTHER = "otro", _("Otro")


class Severity(models.IntegerChoices):
    LOW = 1, _("Leve")
    MEDIUM = 2, _("Moderada")
    HIGH = 3, _("Grave")


class RoadReport(CitizenReport):
    TRACKING_PREFIX = "VI"

    kind = models.CharField(_("tipo de problema"), max_length=15, choices=ReportKind.choices)
    branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("ramal"),
    )
    severity = models.PositiveSmallIntegerField(
        _("gravedad"), choices=Severity.choices, default=Severity.MEDIUM
    )
    resolved_by = models.ForeignKey(
        Intervention,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("intervención que lo resolvió"),
    )

    class Meta(CitizenReport.Meta):
        verbose_name = _("reporte vial")
        verbose_name_plural = _("reportes viales")
        # Moderators (core role) get every "moderate_*" permission of the portal's apps.
        permissions = [
            ("moderate_roadreport", _("Puede aprobar, ocultar y restaurar reportes viales"))
        ]
        constraints = [
            *CitizenReport.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(kind__in=ReportKind.values), name="roads_roadreport_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(severity__gte=1, severity__lte=3),
                name="roads_roadreport_severity_1_3",
            ),
        ]

    def get_absolute_url(self):
        return reverse("roads:report-detail", args=[self.tracking_code])


class ImportJob(imports.ImportJob):
    class Kind(models.TextChoices):
        BRANCHES = "ramales", _("Inventario de ramales")
        INTERVENTIONS = "intervenciones", _("Intervenciones")

    kind = models.CharField(_("tipo"), max_length=15, choices=Kind.choices)

    class Meta(imports.ImportJob.Meta):
        verbose_name = _("importación vial")
        verbose_name_plural = _("importaciones viales")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"
