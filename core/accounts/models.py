import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import roles

from ..fields import acting_user


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """A one-time link staff send to give someone a role; only its hash is stored."""

    email = models.EmailField(_("correo"))
    role = models.CharField(_("rol"), max_length=60, choices=[(r, r) for r in roles.INVITABLE])
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("cuenta"),
        help_text=_("Vacío hasta que la persona acepta (o la cuenta ya existía)."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = acting_user(_("invitado por"))
    created_at = models.DateTimeField(_("creada"), default=timezone.now)
    expires_at = models.DateTimeField(_("vence"))
    accepted_at = models.DateTimeField(_("aceptada"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitación")
        verbose_name_plural = _("invitaciones")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="invitation_expires_later"
            )
        ]

    def __str__(self):
        return f"{self.email} · {self.role}"

    @property
    def status(self):
        if self.accepted_at:
            return _("aceptada")
        if self.expires_at <= timezone.now():
            return _("vencida")
        return _("pendiente")


class Profile(models.Model):
    """What an account chooses for itself: the language of its pages and e-mails."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="minga_profile"
    )
    language = models.CharField(
        _("idioma"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("perfil")
        verbose_name_plural = _("perfiles")

    def __str__(self):
        return str(self.user)
