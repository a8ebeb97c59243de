"""Territory: reference data every app points at, so filters by parish mean the same everywhere."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .text import CleanTextModel


class TerritoryUnit(CleanTextModel):
    code = models.CharField(_("código"), max_length=20, unique=True)
    name = models.CharField(_("nombre"), max_length=120)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Province(TerritoryUnit):
    class Meta(TerritoryUnit.Meta):
        verbose_name = _("provincia")
        verbose_name_plural = _("provincias")


class Canton(TerritoryUnit):
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="cantons", verbose_name=_("provincia")
    )

    class Meta(TerritoryUnit.Meta):
        verbose_name = _("cantón")
        verbose_name_plural = _("cantones")


class Parish(TerritoryUnit):
    class Kind(models.TextChoices):
        URBAN = "urbana", _("Urbana")
        RURAL = "rural", _("Rural")

    canton = models.ForeignKey(
        Canton, on_delete=models.PROTECT, related_name="parishes", verbose_name=_("cantón")
    )
    kind = models.CharField(_("tipo"), max_length=10, choices=Kind.choices, default=Kind.RURAL)

    class Meta(TerritoryUnit.Meta):
        verbose_name = _("parroquia")
        verbose_name_plural = _("parroquias")


class Community(TerritoryUnit):
    """A Tsáchila comuna."""

    parish = models.ForeignKey(
        Parish,
        on_delete=models.PROTECT,
        related_name="communities",
        null=True,
        blank=True,
        verbose_name=_("parroquia"),
    )

    class Meta(TerritoryUnit.Meta):
        verbose_name = _("comunidad tsáchila")
        verbose_name_plural = _("comunidades tsáchilas")


class PlanningZone(TerritoryUnit):
    parishes = models.ManyToManyField(
        Parish, related_name="planning_zones", blank=True, verbose_name=_("parroquias")
    )

    class Meta(TerritoryUnit.Meta):
        verbose_name = _("zona de planificación")
        verbose_name_plural = _("zonas de planificación")


from .accounts.models import Invitation, Profile  # noqa: E402,F401  (accounts)
from .casework import Institution, Referral, ReportPolicy  # noqa: E402,F401  (casework)
from .idempotency import IdempotencyRecord  # noqa: E402,F401  (one-time form tokens)
from .moderation import ContentFlag  # noqa: E402,F401  (moderation)
from .notifications import EmailOptOut, Follow, Notification  # noqa: E402,F401  (notifications)
from .outbox import OutboxMessage  # noqa: E402,F401  (transactional outbox)
from .reports import Open311Client, ReportEvent, ReportPhoto  # noqa: E402,F401  (concrete models)
