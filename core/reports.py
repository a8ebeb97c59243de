"""The citizen-report workflow, once: complaints (environment) and road reports (roads).

An app subclasses `CitizenReport`, sets `TRACKING_PREFIX`, adds its own fields, and files and
moves reports only through `core.report_services`. To add constraints in a subclass keep the
shared ones: `constraints = [*CitizenReport.Meta.constraints, ...]`.
"""

import secrets

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import geo, inclusion
from .fields import acting_user
from .storage import private_storage
from .text import CleanTextModel


class ReportStatus(models.TextChoices):
    RECEIVED = "recibida", _("Recibida")
    IN_REVIEW = "en_revision", _("En revisión")
    REFERRED = "derivada", _("Derivada")
    IN_PROGRESS = "en_atencion", _("En atención")
    RESOLVED = "resuelta", _("Resuelta")
    REJECTED = "rechazada", _("Rechazada")
    DUPLICATE = "duplicada", _("Duplicada")


S = ReportStatus
TRANSITIONS = {
    S.RECEIVED: {S.IN_REVIEW, S.REJECTED, S.DUPLICATE},
    S.IN_REVIEW: {S.REFERRED, S.IN_PROGRESS, S.REJECTED, S.DUPLICATE},
    S.REFERRED: {S.IN_PROGRESS, S.RESOLVED, S.REJECTED},
    S.IN_PROGRESS: {S.REFERRED, S.RESOLVED},
    S.RESOLVED: {S.IN_PROGRESS},  # reopened when the problem comes back
    S.REJECTED: set(),
    S.DUPLICATE: set(),
}
CLOSED = {S.RESOLVED, S.REJECTED, S.DUPLICATE}


class Review(models.TextChoices):
    """Why a hidden item waits for staff: nothing, a first approval, or citizens' reports.

    Shared by every item the public can report (citizen reports, proposals): an item under
    review is always hidden (`is_hidden`), so every public query that leaves hidden items out
    leaves these out too."""

    NONE = "", _("Sin revisión pendiente")
    PENDING = "pendiente", _("Pendiente de aprobación")
    FLAGGED = "reportado", _("Reportado por la ciudadanía")


def review_hides_constraint(name: str):
    return models.CheckConstraint(
        condition=models.Q(review="") | models.Q(is_hidden=True),
        name=name,
    )


def review_field():
    return models.CharField(
        _("revisión de moderación"),
        max_length=10,
        choices=Review.choices,
        blank=True,
        default="",
        db_index=True,
        editable=False,
    )


class Source(models.TextChoices):
    WEB = "web", _("Formulario web")
    OPEN311 = "open311", _("Open311")
    STAFF = "staff", _("Personal técnico")


class CitizenReport(CleanTextModel):
    TRACKING_PREFIX = "RP"

    tracking_code = models.CharField(
        _("código de seguimiento"), max_length=20, unique=True, editable=False
    )
    status = models.CharField(
        _("estado"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.RECEIVED
    )
    description = models.TextField(_("descripción"), max_length=4000)
    parish = geo.parish_field(optional=True)
    location_reference = models.CharField(_("referencia del lugar"), max_length=255, blank=True)
    latitude = geo.latitude_field()
    longitude = geo.longitude_field()
    # Open311's media_url: a picture the client app keeps on its own server (public).
    media_url = models.URLField(
        _("URL de la foto (Open311)"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    # Private: never on a public page, export or API response.
    reporter_name = models.CharField(_("nombre de quien reporta"), max_length=150, blank=True)
    reporter_email = models.EmailField(_("correo de quien reporta"), blank=True)
    reporter_phone = models.CharField(_("teléfono de quien reporta"), max_length=30, blank=True)
    is_anonymous = models.BooleanField(_("anónimo"), default=False)
    # The language of the filing request: the reporter's e-mails are written in it.
    language = models.CharField(_("idioma"), max_length=10, blank=True, editable=False)
    gender = inclusion.gender_field()
    share_contact = models.BooleanField(
        _("acepto que mi contacto se comparta con la institución que atienda el caso"),
        default=False,
    )
    submitter_ip = models.GenericIPAddressField(_("IP de envío"), null=True, blank=True)

    source = models.CharField(_("canal"), max_length=10, choices=Source.choices, default=Source.WEB)
    assigned_to = acting_user(_("asignado a"))
    assigned_institution = models.CharField(
        _("institución responsable"), max_length=200, blank=True
    )
    due_date = models.DateField(_("fecha límite"), null=True, blank=True)
    duplicate_of_code = models.CharField(_("duplicado de"), max_length=20, blank=True)
    status_reason = models.TextField(_("motivo del estado"), blank=True)
    is_hidden = models.BooleanField(_("oculto"), default=False)
    hidden_reason = models.CharField(_("motivo de ocultamiento"), max_length=255, blank=True)
    review = review_field()
    created_at = models.DateTimeField(_("recibido el"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("actualizado el"), auto_now=True)
    resolved_at = models.DateTimeField(_("resuelto el"), null=True, blank=True)

    events = GenericRelation("core.ReportEvent")
    photos = GenericRelation("core.ReportPhoto")

    class Meta:
        abstract = True
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ReportStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ReportStatus.REJECTED) | ~models.Q(status_reason=""),
                name="%(app_label)s_%(class)s_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ReportStatus.DUPLICATE)
                | ~models.Q(duplicate_of_code=""),
                name="%(app_label)s_%(class)s_duplicate_names_original",
            ),
            review_hides_constraint("%(app_label)s_%(class)s_review_is_hidden"),
        ]

    def __str__(self):
        return self.tracking_code

    @property
    def is_open(self):
        return self.status not in CLOSED

    def allowed_transitions(self):
        return sorted(TRANSITIONS[ReportStatus(self.status)], key=ReportStatus.values.index)

    @property
    def awaits_approval(self):
        return self.review == Review.PENDING

    @property
    def public_latitude(self):
        return geo.public_coordinate(self.latitude)

    @property
    def public_longitude(self):
        return geo.public_coordinate(self.longitude)

    @property
    def public_events(self):
        return [e for e in self.events.all() if e.is_public]

    @property
    def public_photos(self):
        return [p for p in self.photos.all() if not p.is_hidden]


class ReportEvent(models.Model):
    """One entry of a report's timeline. Staff authorship is kept but never shown publicly."""

    class Kind(models.TextChoices):
        FILED = "filed", _("Recibida")
        STATUS = "status", _("Cambio de estado")
        ASSIGNED = "assigned", _("Asignación")
        NOTE = "note", _("Nota")
        HIDDEN = "hidden", _("Moderación")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    report = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("tipo"), max_length=10, choices=Kind.choices)
    from_status = models.CharField(
        _("estado anterior"), max_length=12, choices=ReportStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("estado nuevo"), max_length=12, choices=ReportStatus.choices, blank=True
    )
    comment = models.TextField(_("comentario público"), blank=True)
    is_public = models.BooleanField(_("público"), default=True)
    created_by = acting_user()
    created_at = models.DateTimeField(_("fecha"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("evento de reporte")
        verbose_name_plural = _("eventos de reporte")

    def __str__(self):
        return f"{self.get_kind_display()} {self.to_status}"


class ReportPhoto(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    report = GenericForeignKey("content_type", "object_id")
    image = models.ImageField(_("foto"), upload_to="reportes/%Y/%m/", storage=private_storage)
    is_hidden = models.BooleanField(_("oculta"), default=False)
    hidden_reason = models.CharField(_("motivo de ocultamiento"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("subida el"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("foto de reporte")
        verbose_name_plural = _("fotos de reporte")
        permissions = [("moderate_reportphoto", _("Puede ocultar fotos de reportes"))]

    def __str__(self):
        return self.image.name

    def get_absolute_url(self):
        return reverse("core:report-photo", args=[self.pk])


def new_api_key() -> str:
    return secrets.token_urlsafe(32)  # 43 characters, 256 bits


class Open311Client(CleanTextModel):
    """An application allowed to post requests through Open311 with its API key.

    Keys are drawn by the portal (admin or `manage.py open311_key create`), never typed;
    staff can read them in the admin to hand them over, and revoke them (is_active off)."""

    name = models.CharField(_("aplicación"), max_length=120)
    api_key = models.CharField(
        _("clave API"), max_length=64, unique=True, default=new_api_key, editable=False
    )
    is_active = models.BooleanField(
        _("activa"), default=True, help_text=_("Desmárquela para revocar la clave.")
    )
    created_at = models.DateTimeField(_("creada el"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revocada el"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("cliente Open311")
        verbose_name_plural = _("clientes Open311")

    def __str__(self):
        return self.name
