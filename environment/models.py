"""Reforestation: species, nurseries, the stock ledger, requests, deliveries, follow-up.

Complaint models live in `environment/complaints/models.py` (imported below so Django sees
them as part of this app).

Stock is kept twice on purpose: `StockMovement` is the append-only ledger (the evidence) and
`NurseryStock` the running balance that deliveries lock with `select_for_update`. Services move
both in one transaction; `selectors.stock_discrepancies()` proves they agree.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import geo
from core.fields import acting_user
from core.text import CleanTextModel


class Origin(models.TextChoices):
    NATIVE = "nativa", _("Nativa")
    INTRODUCED = "introducida", _("Introducida")


class Use(models.TextChoices):
    TIMBER = "maderable", _("Maderable")
    FRUIT = "frutal", _("Frutal")
    SHADE = "sombra", _("Sombra")
    RIVERBANK = "ribera", _("Protección de riberas")


def validate_uses(value):
    if not isinstance(value, list):
        raise ValidationError(_("Los usos deben ser una lista."))
    unknown = [v for v in value if v not in Use.values]
    if unknown:
        raise ValidationError(
            _("Uso desconocido: %(uses)s."), params={"uses": ", ".join(map(str, unknown))}
        )


class Species(CleanTextModel):
    scientific_name = models.CharField(_("nombre científico"), max_length=150, unique=True)
    common_name = models.CharField(_("nombre común"), max_length=120)
    family = models.CharField(_("familia"), max_length=80)
    origin = models.CharField(_("origen"), max_length=12, choices=Origin.choices)
    # A JSON list keeps the multi-choice portable (SQLite for `make run`) and readable in exports.
    uses = models.JSONField(_("usos"), default=list, blank=True, validators=[validate_uses])
    image = models.ImageField(_("imagen"), upload_to="environment/species/", blank=True)
    is_active = models.BooleanField(_("disponible"), default=True)

    class Meta:
        ordering = ["common_name"]
        verbose_name = _("especie")
        verbose_name_plural = _("especies")

    def __str__(self):
        return f"{self.common_name} ({self.scientific_name})"

    def uses_display(self):
        labels = dict(Use.choices)
        return ", ".join(str(labels.get(u, u)) for u in self.uses)


class Nursery(CleanTextModel):
    code = models.CharField(_("código"), max_length=20, unique=True)
    name = models.CharField(_("nombre"), max_length=120)
    parish = geo.parish_field(related_name="nurseries")
    address = models.CharField(_("dirección o referencia"), max_length=200, blank=True)
    is_active = models.BooleanField(_("activo"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("vivero")
        verbose_name_plural = _("viveros")

    def __str__(self):
        return self.name


class NurseryStock(models.Model):
    """Running balance per nursery and species; only services write it."""

    nursery = models.ForeignKey(
        Nursery, on_delete=models.PROTECT, related_name="stock", verbose_name=_("vivero")
    )
    species = models.ForeignKey(
        Species, on_delete=models.PROTECT, related_name="stock", verbose_name=_("especie")
    )
    quantity = models.IntegerField(_("plántulas disponibles"), default=0)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    class Meta:
        ordering = ["nursery__name", "species__common_name"]
        verbose_name = _("existencia en vivero")
        verbose_name_plural = _("existencias en viveros")
        constraints = [
            models.UniqueConstraint(
                fields=["nursery", "species"], name="env_stock_one_per_species"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=0),
                name="env_stock_not_negative",
                violation_error_message=_("Las existencias no pueden quedar en negativo."),
            ),
        ]

    def __str__(self):
        return f"{self.nursery} · {self.species.common_name}: {self.quantity}"


class MovementKind(models.TextChoices):
    PRODUCTION = "produccion", _("Producción")
    DELIVERY = "entrega", _("Entrega")
    LOSS = "perdida", _("Pérdida")
    ADJUSTMENT = "ajuste", _("Ajuste de inventario")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("El registro de movimientos no se modifica: agregue un ajuste."))

    def delete(self):
        raise ValidationError(_("El registro de movimientos no se borra: agregue un ajuste."))


class StockMovement(CleanTextModel):
    """Append-only ledger: a correction is a new `ajuste`, never an edit."""

    nursery = models.ForeignKey(
        Nursery, on_delete=models.PROTECT, related_name="movements", verbose_name=_("vivero")
    )
    species = models.ForeignKey(
        Species, on_delete=models.PROTECT, related_name="movements", verbose_name=_("especie")
    )
    kind = models.CharField(_("tipo"), max_length=12, choices=MovementKind.choices)
    quantity = models.IntegerField(
        _("cantidad"), help_text=_("Positiva si entra al vivero, negativa si sale.")
    )
    occurred_on = models.DateField(_("fecha"))
    note = models.CharField(_("nota"), max_length=250, blank=True)
    delivery = models.ForeignKey(
        "Delivery",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
        verbose_name=_("entrega"),
    )
    recorded_by = acting_user(_("registrado por"))
    recorded_at = models.DateTimeField(_("registrado"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("movimiento de inventario")
        verbose_name_plural = _("movimientos de inventario")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="produccion", quantity__gt=0)
                    | Q(kind__in=["entrega", "perdida"], quantity__lt=0)
                    | (Q(kind="ajuste") & ~Q(quantity=0))
                ),
                name="env_movement_sign_matches_kind",
                violation_error_message=_(
                    "La producción suma plántulas, las entregas y pérdidas restan; "
                    "un ajuste no puede ser cero."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind="entrega", delivery__isnull=False)
                | (~Q(kind="entrega") & Q(delivery__isnull=True)),
                name="env_movement_delivery_iff_kind",
            ),
        ]
        indexes = [models.Index(fields=["nursery", "species"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.quantity:+d} · {self.species.common_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(
                _("El registro de movimientos no se modifica: agregue un ajuste.")
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("El registro de movimientos no se borra: agregue un ajuste."))


class ApplicantKind(models.TextChoices):
    CITIZEN = "ciudadano", _("Ciudadano/a")
    FARM = "finca", _("Finca")
    SCHOOL = "escuela", _("Escuela o colegio")
    COMMUNITY = "comunidad", _("Comunidad u organización")


class RequestStatus(models.TextChoices):
    RECEIVED = "recibida", _("Recibida")
    APPROVED = "aprobada", _("Aprobada")
    DELIVERED = "entregada", _("Entregada")
    REJECTED = "rechazada", _("Rechazada")


class SeedlingRequest(CleanTextModel):
    """A solicitud de plántulas. Applicant name and contact are private (staff only)."""

    tracking_code = models.CharField(_("código de seguimiento"), max_length=20, unique=True)
    applicant_kind = models.CharField(
        _("tipo de solicitante"), max_length=12, choices=ApplicantKind.choices
    )
    applicant_name = models.CharField(_("nombre del solicitante"), max_length=150)
    applicant_phone = models.CharField(_("teléfono"), max_length=30, blank=True)
    applicant_email = models.EmailField(_("correo electrónico"), blank=True)
    # The language of the filing request: the applicant's e-mails are written in it.
    language = models.CharField(_("idioma"), max_length=10, blank=True, editable=False)
    parish = geo.parish_field(related_name="seedling_requests")
    location_reference = models.CharField(_("referencia del lugar"), max_length=200, blank=True)
    latitude = geo.latitude_field()
    longitude = geo.longitude_field()
    land_area_ha = models.DecimalField(
        _("superficie a reforestar (ha)"), max_digits=8, decimal_places=2
    )
    purpose = models.TextField(_("propósito"), max_length=2000)
    status = models.CharField(
        _("estado"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    rejection_reason = models.TextField(_("motivo del rechazo"), blank=True)
    received_on = models.DateField(_("fecha de recepción"))
    decided_on = models.DateField(_("fecha de decisión"), null=True, blank=True)
    decided_by = acting_user(_("decidido por"))
    # First delivery date: the year a request counts in for hectares reforested.
    delivered_on = models.DateField(_("fecha de entrega"), null=True, blank=True)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("solicitud de plántulas")
        verbose_name_plural = _("solicitudes de plántulas")
        constraints = [
            models.CheckConstraint(
                condition=Q(land_area_ha__gt=0),
                name="env_request_area_positive",
                violation_error_message=_("La superficie debe ser mayor que cero."),
            ),
            models.CheckConstraint(
                condition=~Q(status="rechazada") | ~Q(rejection_reason=""),
                name="env_request_rejection_has_reason",
                violation_error_message=_("Indique el motivo del rechazo."),
            ),
            models.CheckConstraint(
                condition=~Q(status="entregada") | Q(delivered_on__isnull=False),
                name="env_request_delivered_has_date",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="env_request_both_coordinates",
                violation_error_message=_("Indique latitud y longitud juntas."),
            ),
        ]
        indexes = [models.Index(fields=["status", "received_on"])]

    def __str__(self):
        return self.tracking_code

    def get_absolute_url(self):
        return reverse("environment:request-track", args=[self.tracking_code])


class RequestLine(models.Model):
    request = models.ForeignKey(
        SeedlingRequest, on_delete=models.CASCADE, related_name="lines", verbose_name=_("solicitud")
    )
    species = models.ForeignKey(
        Species, on_delete=models.PROTECT, related_name="+", verbose_name=_("especie")
    )
    quantity = models.PositiveIntegerField(_("cantidad solicitada"))

    class Meta:
        ordering = ["species__common_name"]
        verbose_name = _("especie solicitada")
        verbose_name_plural = _("especies solicitadas")
        constraints = [
            models.UniqueConstraint(fields=["request", "species"], name="env_request_line_unique"),
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="env_request_line_positive",
                violation_error_message=_("Las cantidades deben ser mayores que cero."),
            ),
        ]

    def __str__(self):
        return f"{self.species.common_name}: {self.quantity}"


class Delivery(CleanTextModel):
    request = models.ForeignKey(
        SeedlingRequest,
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name=_("solicitud"),
    )
    nursery = models.ForeignKey(
        Nursery, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("vivero")
    )
    delivered_on = models.DateField(_("fecha de entrega"))
    note = models.CharField(_("nota"), max_length=250, blank=True)
    delivered_by = acting_user(_("entregado por"))
    created_at = models.DateTimeField(_("registrada"), auto_now_add=True)

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        verbose_name = _("entrega")
        verbose_name_plural = _("entregas")

    def __str__(self):
        return f"{self.request.tracking_code} · {self.delivered_on:%Y-%m-%d}"


class DeliveryLine(models.Model):
    delivery = models.ForeignKey(
        Delivery, on_delete=models.PROTECT, related_name="lines", verbose_name=_("entrega")
    )
    species = models.ForeignKey(
        Species, on_delete=models.PROTECT, related_name="delivery_lines", verbose_name=_("especie")
    )
    quantity = models.PositiveIntegerField(_("cantidad entregada"))

    class Meta:
        ordering = ["delivery", "species__common_name"]
        verbose_name = _("línea de entrega")
        verbose_name_plural = _("líneas de entrega")
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "species"], name="env_delivery_line_unique"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gt=0),
                name="env_delivery_line_positive",
                violation_error_message=_("Las cantidades deben ser mayores que cero."),
            ),
        ]

    def __str__(self):
        return f"{self.species.common_name}: {self.quantity}"


class FollowUpVisit(CleanTextModel):
    """A planting follow-up: how many of the seedlings of one delivery line survive."""

    line = models.ForeignKey(
        DeliveryLine, on_delete=models.PROTECT, related_name="visits", verbose_name=_("línea")
    )
    visited_on = models.DateField(_("fecha de visita"))
    surviving = models.PositiveIntegerField(_("plantas vivas"))
    photo = models.ImageField(_("foto"), upload_to="environment/visits/", blank=True)
    notes = models.TextField(_("observaciones"), blank=True)
    visited_by = acting_user(_("técnico"))
    created_at = models.DateTimeField(_("registrada"), auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = _("visita de seguimiento")
        verbose_name_plural = _("visitas de seguimiento")
        constraints = [
            models.CheckConstraint(condition=Q(surviving__gte=0), name="env_visit_surviving_gte_0"),
        ]

    def __str__(self):
        return f"{self.line} · {self.visited_on:%Y-%m-%d}: {self.surviving}"


# Complaints live in their own sub-package; importing the model here registers it with this
# app (Django looks for an app's models in `<app>.models`).
from .complaints.models import Complaint, ComplaintCategory  # noqa: E402,F401
