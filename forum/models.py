"""Actor mapping, forum membership and forum sessions (meetings, minutes, attendance)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import geo, inclusion
from core.fields import acting_user
from core.storage import private_storage
from core.text import CleanTextModel

# A member may check in from a little before the session starts until it ends.
CHECK_IN_OPENS_BEFORE = timedelta(minutes=30)


class Sector(models.TextChoices):
    CIVIL_SOCIETY = "sociedad_civil", _("Sociedad civil")
    ACADEMIA = "academia", _("Academia")
    ACTIVIST = "activista", _("Activista independiente")
    PUBLIC = "publico", _("Sector público")
    PRIVATE = "privado", _("Sector privado")
    PEOPLES = "pueblo", _("Pueblo o nacionalidad")


class Actor(CleanTextModel):
    class Kind(models.TextChoices):
        ORGANISATION = "organizacion", _("Organización")
        PERSON = "persona", _("Persona independiente")

    class Status(models.TextChoices):
        INVITED = "invitado", _("Invitado")
        ACTIVE = "activo", _("Activo")
        WITHDRAWN = "retirado", _("Retirado")

    name = models.CharField(_("nombre"), max_length=200, unique=True)
    kind = models.CharField(
        _("tipo"), max_length=20, choices=Kind.choices, default=Kind.ORGANISATION
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, db_index=True)
    parish = geo.parish_field(related_name="forum_actors")
    community = geo.community_field(related_name="forum_actors")
    description = models.TextField(_("descripción"), blank=True)
    website = models.URLField(_("sitio web"), blank=True)
    # Contact details: staff only. Never on a public page, export or API response.
    contact_name = models.CharField(_("persona de contacto"), max_length=200, blank=True)
    contact_email = models.EmailField(_("correo de contacto"), blank=True)
    contact_phone = models.CharField(_("teléfono de contacto"), max_length=40, blank=True)
    status = models.CharField(
        _("estado"), max_length=10, choices=Status.choices, default=Status.INVITED, db_index=True
    )
    invited_on = models.DateField(_("invitado el"), null=True, blank=True)
    joined_on = models.DateField(_("se incorporó el"), null=True, blank=True)
    withdrawn_on = models.DateField(_("se retiró el"), null=True, blank=True)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actores")
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(withdrawn_on__gte=F("joined_on")),
                name="forum_actor_withdrawn_after_joined",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forum:actor-detail", args=[self.pk])


class Membership(CleanTextModel):
    """A user sitting in the forum on behalf of an actor, for a period.

    Active on a day when joined_on <= day < left_on (left_on empty: still a member). A withdrawn
    membership always carries its left_on, so the dates alone say who sat in the forum on any
    past day, and attendance of former members stays valid.
    """

    class Role(models.TextChoices):
        COORDINATION = "coordinacion", _("Coordinación")
        MEMBER = "miembro", _("Miembro")
        OBSERVER = "observador", _("Observador")

    class Status(models.TextChoices):
        ACTIVE = "activa", _("Activa")
        WITHDRAWN = "retirada", _("Retirada")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="forum_memberships",
        verbose_name=_("usuario"),
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("actor")
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("estado"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    # Self-declared and optional: published only as counts (core.inclusion), never per person.
    gender = inclusion.gender_field()
    community = geo.community_field(verbose_name=_("comunidad tsáchila (opcional)"))
    joined_on = models.DateField(_("fecha de ingreso"))
    left_on = models.DateField(
        _("fecha de salida"),
        null=True,
        blank=True,
        help_text=_("Primer día en que ya no es miembro. Vacío si sigue en el foro."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["actor__name", "joined_on"]
        verbose_name = _("membresía")
        verbose_name_plural = _("membresías")
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gt=F("joined_on")),
                name="forum_membership_left_after_joined",
            ),
            models.CheckConstraint(
                condition=Q(status="activa") | Q(left_on__isnull=False),
                name="forum_membership_withdrawn_has_left_on",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.actor}"

    def clean(self):
        if self.status == self.Status.WITHDRAWN and self.left_on is None:
            raise ValidationError(
                {"left_on": _("Indique la fecha de salida de una membresía retirada.")}
            )
        if self.user_id is None or self.actor_id is None or self.joined_on is None:
            return
        overlapping = Membership.objects.filter(
            user_id=self.user_id, actor_id=self.actor_id
        ).exclude(pk=self.pk)
        overlapping = overlapping.filter(Q(left_on__isnull=True) | Q(left_on__gt=self.joined_on))
        if self.left_on is not None:
            overlapping = overlapping.filter(joined_on__lt=self.left_on)
        if overlapping.exists():
            raise ValidationError(
                _("Esta persona ya representa a este actor en ese período."), code="overlap"
            )

    def is_active_on(self, day) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)


def active_memberships_q(day, prefix=""):
    """Q selecting memberships active on `day` (prefix e.g. "forum_memberships__")."""
    return Q(**{f"{prefix}joined_on__lte": day}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": day})
    )


class Meeting(CleanTextModel):
    title = models.CharField(_("título"), max_length=200)
    starts_at = models.DateTimeField(_("inicio"), db_index=True)
    ends_at = models.DateTimeField(_("fin"))
    place = models.CharField(_("lugar"), max_length=200, blank=True)
    online_url = models.URLField(_("enlace para participar en línea"), blank=True)
    description = models.TextField(_("descripción"), blank=True)
    minutes = models.TextField(_("acta"), blank=True)
    minutes_published_at = models.DateTimeField(_("acta publicada el"), null=True, blank=True)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("sesión del foro")
        verbose_name_plural = _("sesiones del foro")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="forum_meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(minutes_published_at__isnull=True)
                | Q(minutes_published_at__gte=F("ends_at")),
                name="forum_meeting_minutes_after_meeting",
            ),
            models.CheckConstraint(
                condition=Q(minutes_published_at__isnull=True) | ~Q(minutes=""),
                name="forum_meeting_published_minutes_have_text",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("forum:meeting-detail", args=[self.pk])

    @property
    def minutes_published(self) -> bool:
        return self.minutes_published_at is not None

    def check_in_open(self, now) -> bool:
        return self.starts_at - CHECK_IN_OPENS_BEFORE <= now <= self.ends_at

    def check_in_code(self, secret=None) -> str:
        """Six digits staff show in the room; derived from the secret key and the session, so
        nothing is stored, and useless once the session ends (check-in closes with it)."""
        from django.utils.crypto import salted_hmac

        value = f"{self.pk}:{self.starts_at.isoformat()}"
        digest = salted_hmac("forum.check-in", value, secret=secret)
        return f"{int(digest.hexdigest(), 16) % 1_000_000:06d}"

    def accepted_check_in_codes(self) -> list[str]:
        """The current code and those of SECRET_KEY_FALLBACKS: rotating the key during a
        session keeps the code already shown in the room valid."""
        from django.conf import settings

        return [self.check_in_code(), *map(self.check_in_code, settings.SECRET_KEY_FALLBACKS)]


class AgendaItem(CleanTextModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("sesión")
    )
    order = models.PositiveSmallIntegerField(_("orden"), default=1)
    title = models.CharField(_("tema"), max_length=250)
    description = models.TextField(_("detalle"), blank=True)

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("punto del orden del día")
        verbose_name_plural = _("orden del día")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="forum_agenda_unique_order")
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


class Decision(CleanTextModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("sesión")
    )
    order = models.PositiveSmallIntegerField(_("orden"), default=1)
    text = models.TextField(_("decisión"))

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("decisión")
        verbose_name_plural = _("decisiones")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="forum_decision_unique_order")
        ]

    def __str__(self):
        return f"{self.order}. {self.text[:60]}"


class MinutesFile(CleanTextModel):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="files", verbose_name=_("sesión")
    )
    title = models.CharField(_("título"), max_length=200)
    # Private until the minutes are published: a draft's attachment must not leak by its URL.
    file = models.FileField(_("archivo"), upload_to="forum/actas/%Y/", storage=private_storage)

    class Meta:
        ordering = ["meeting", "title"]
        verbose_name = _("archivo del acta")
        verbose_name_plural = _("archivos del acta")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:minutes-file", args=[self.pk])


class Attendance(CleanTextModel):
    class Status(models.TextChoices):
        PRESENT = "presente", _("Presente")
        EXCUSED = "justificada", _("Ausencia justificada")
        ABSENT = "ausente", _("Ausente")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("sesión")
    )
    member = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("miembro")
    )
    status = models.CharField(_("asistencia"), max_length=12, choices=Status.choices)
    self_checked_in = models.BooleanField(_("registrada por el miembro"), default=False)
    recorded_at = models.DateTimeField(_("registrada el"), default=timezone.now)
    recorded_by = acting_user(_("registrada por"))

    class Meta:
        ordering = ["meeting", "member__actor__name"]
        verbose_name = _("asistencia")
        verbose_name_plural = _("asistencias")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"], name="forum_attendance_once_per_member"
            )
        ]

    def __str__(self):
        return f"{self.member} · {self.get_status_display()}"
