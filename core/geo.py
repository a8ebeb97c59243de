"""The province's bounding box and the rounding that keeps homes unlocatable."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Generous box around Santo Domingo de los Tsáchilas (La Concordia to Alluriquín, Valle
# Hermoso to Santa María del Toachi).
LAT_MIN, LAT_MAX = Decimal("-0.90"), Decimal("0.20")
LON_MIN, LON_MAX = Decimal("-79.80"), Decimal("-78.80")
PUBLIC_PLACES = Decimal("0.01")  # two decimals: about 1.1 km


def validate_latitude(value):
    if value is not None and not (LAT_MIN <= Decimal(value) <= LAT_MAX):
        raise ValidationError(
            _("La latitud está fuera de la provincia de Santo Domingo de los Tsáchilas.")
        )


def validate_longitude(value):
    if value is not None and not (LON_MIN <= Decimal(value) <= LON_MAX):
        raise ValidationError(
            _("La longitud está fuera de la provincia de Santo Domingo de los Tsáchilas.")
        )


def latitude_field(verbose_name=None, optional=True):
    """A model field for a latitude inside the province (micro-degrees, about 0.1 m)."""
    return _degrees_field(verbose_name or _("latitud"), validate_latitude, optional)


def longitude_field(verbose_name=None, optional=True):
    return _degrees_field(verbose_name or _("longitud"), validate_longitude, optional)


def _degrees_field(verbose_name, validator, optional):
    return models.DecimalField(
        verbose_name,
        max_digits=9,
        decimal_places=6,
        null=optional,
        blank=optional,
        validators=[validator],
    )


def public_coordinate(value):
    if value is None:
        return None
    return Decimal(value).quantize(PUBLIC_PLACES, rounding=ROUND_HALF_UP)


def _place_field(model, verbose_name, related_name, optional, **extra):
    options = {"null": True, "blank": True} if optional else {}
    return models.ForeignKey(
        model,
        on_delete=models.PROTECT,
        related_name=related_name,
        verbose_name=verbose_name,
        **options,
        **extra,
    )


def parish_field(related_name="+", optional=False, verbose_name=None, **extra):
    """Where a record is, in the territory: a parish that cannot be deleted while in use."""
    verbose_name = verbose_name or _("parroquia")
    return _place_field("core.Parish", verbose_name, related_name, optional, **extra)


def community_field(related_name="+", verbose_name=None):
    """An optional Tsáchila community (comuna)."""
    verbose_name = verbose_name or _("comunidad tsáchila")
    return _place_field("core.Community", verbose_name, related_name, True)


def planning_zone_field(related_name="+"):
    return _place_field("core.PlanningZone", _("zona de planificación"), related_name, True)
