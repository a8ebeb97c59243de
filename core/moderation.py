"""Moderation of what citizens publish, shared by every app.

Two doors lead to the same review state (`core.reports.Review`), which always comes with
`is_hidden`, so the public pages, lists, feeds, open data, the API and Open311, which all leave
hidden items out, leave these out too:

* Approval before publication: a report type whose policy (`casework.ReportPolicy`) says
  `requires_moderation` files its reports hidden and "pendiente" until staff approve them in
  the admin. The filer still follows the report by its tracking code.
* "Reportar este contenido": anyone may report a public complaint, road report or proposal,
  once per client address. When `settings.MODERATION_FLAG_THRESHOLD` reports not yet reviewed
  pile up, the item is hidden and "reportado", and it waits in the staff inbox until staff
  restore it (`publish`) or confirm the hiding (`hide`).

Client addresses are not stored: a flag keeps a keyed hash of the address, enough to count
each address once.
"""

from __future__ import annotations

import hashlib
import hmac

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from . import pagecache
from .reports import CitizenReport, ReportEvent, Review
from .signals import announce_data_changed

# What the public can report (model labels); each has is_hidden, hidden_reason and review.
FLAGGABLE = ("environment.complaint", "roads.roadreport", "proposals.proposal")
TEXT_MAX = 1000


class FlagReason(models.TextChoices):
    OFFENSIVE = "ofensivo", _l("Lenguaje ofensivo o discriminatorio")
    PERSONAL = "datos_personales", _l("Expone datos personales de alguien")
    FALSE = "falso", _l("Información falsa o engañosa")
    SPAM = "spam", _l("Publicidad o contenido ajeno al tema")
    OTHER = "otro", _l("Otro motivo")


class ContentFlag(models.Model):
    """One report of a public item by one client address ("Reportar este contenido")."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    reason = models.CharField(_l("motivo"), max_length=20, choices=FlagReason.choices)
    text = models.TextField(_l("detalle"), max_length=TEXT_MAX, blank=True)
    # A keyed hash of the client address: counts each address once, stores no address.
    client_key = models.CharField(_l("huella del cliente"), max_length=64, editable=False)
    created_at = models.DateTimeField(_l("recibido el"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_l("revisado el"), null=True, blank=True)

    class Meta:
        verbose_name = _l("reporte de contenido")
        verbose_name_plural = _l("reportes de contenido")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "reviewed_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "client_key"],
                name="core_contentflag_one_per_client",
            ),
            models.CheckConstraint(
                condition=models.Q(reason__in=FlagReason.values),
                name="core_contentflag_reason_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} · {self.content_type.model} {self.object_id}"


def client_key(ip: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"flag:{ip}".encode(), hashlib.sha256).hexdigest()


def threshold() -> int:
    return max(1, int(settings.MODERATION_FLAG_THRESHOLD))


def flaggable_model(label: str):
    if label not in FLAGGABLE:
        return None
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def is_public(obj) -> bool:
    """What the public sees of this item (a proposal must be published, too)."""
    return not obj.is_hidden and getattr(obj, "is_public", True)


def public_item(label: str, pk) -> models.Model | None:
    model = flaggable_model(label)
    if model is None or not str(pk).isdigit():
        return None
    obj = model._default_manager.filter(pk=pk).first()
    return obj if obj is not None and is_public(obj) else None


def label_of(obj) -> str:
    return obj._meta.label_lower


def _flags(obj):
    return ContentFlag.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )


def flags_of(obj):
    return _flags(obj).order_by("-created_at", "-pk")


def open_flags(obj):
    return _flags(obj).filter(reviewed_at__isnull=True)


def _set(obj, **fields):
    type(obj).objects.filter(pk=obj.pk).update(**fields)
    for name, value in fields.items():
        setattr(obj, name, value)
    # An UPDATE sends no signal: the cached public pages of the item's app go stale now.
    app = obj._meta.app_label
    transaction.on_commit(lambda: pagecache.bump(app))


def _timeline(obj, comment: str, by=None):
    """Citizen reports keep moderation on their (staff-only) timeline; the event also moves
    the figures that leave hidden reports out."""
    if isinstance(obj, CitizenReport):
        ReportEvent.objects.create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            kind=ReportEvent.Kind.HIDDEN,
            comment=comment,
            created_by=by,
            is_public=False,
        )
    announce_data_changed(obj._meta.app_label)


def flag(*, obj, reason: str, text: str = "", ip: str) -> bool:
    """Records one report of a public item by this address. Returns False when this address
    had already reported it (nothing new stored) or the item is no longer public."""
    if reason not in FlagReason.values:
        raise ValidationError({"reason": _("Elija un motivo.")})
    text = (text or "").strip()
    if len(text) > TEXT_MAX:
        raise ValidationError({"text": _("Escriba hasta %(n)s caracteres.") % {"n": TEXT_MAX}})
    with transaction.atomic():
        # The item's row lock queues concurrent reports, so the count below is exact.
        locked = type(obj).objects.select_for_update().filter(pk=obj.pk).first()
        if locked is None or not is_public(locked):
            return False
        try:
            with transaction.atomic():
                ContentFlag.objects.create(
                    content_type=ContentType.objects.get_for_model(locked),
                    object_id=locked.pk,
                    reason=reason,
                    text=text,
                    client_key=client_key(ip),
                )
        except IntegrityError:
            return False  # this address already reported it
        count = open_flags(locked).count()
        if count >= threshold():
            reason_text = _("Oculto tras %(n)s reportes de la ciudadanía; en revisión.") % {
                "n": count
            }
            _set(locked, is_hidden=True, review=Review.FLAGGED, hidden_reason=reason_text[:255])
            _timeline(locked, reason_text)
    return True


@transaction.atomic
def publish(*, obj, by):
    """Staff approve a pending item or restore a reported (or hidden) one."""
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    was = locked.review
    _set(locked, is_hidden=False, review=Review.NONE, hidden_reason="")
    open_flags(locked).update(reviewed_at=timezone.now())
    if was == Review.PENDING:
        comment = _("Aprobado y publicado.")
    else:
        comment = _("Restaurado tras revisión.")
    _timeline(locked, comment, by=by)
    return locked


@transaction.atomic
def hide(*, obj, by, reason: str = ""):
    """Staff hide an item, or confirm the hiding of a reported or pending one."""
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    reason = (reason or "").strip() or locked.hidden_reason or _("Ocultado por moderación.")
    _set(locked, is_hidden=True, review=Review.NONE, hidden_reason=reason[:255])
    open_flags(locked).update(reviewed_at=timezone.now())
    _timeline(locked, reason, by=by)
    return locked


def can_moderate(user, model) -> bool:
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.moderate_{opts.model_name}")


def awaiting_review(model) -> int:
    return model.objects.exclude(review=Review.NONE).count()
