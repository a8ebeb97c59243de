"""Producers' directory and direct-sale offers (issue 20). Imported by agroprices.models."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import geo
from core.text import CleanTextModel


class Producer(CleanTextModel):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Productor individual")
        ASSOCIATION = "asociacion", _("Asociación")
        COMMUNITY = "comunitario", _("Grupo comunitario tsáchila")

    class Certification(models.TextChoices):
        ORGANIC = "organico", _("Orgánico")
        GAP = "bpa", _("Buenas prácticas agrícolas")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="producer",
        verbose_name=_("cuenta"),
    )
    name = models.CharField(_("nombre público"), max_length=120)
    kind = models.CharField(_("tipo"), max_length=12, choices=Kind.choices)
    parish = geo.parish_field()
    community = geo.community_field(verbose_name=_("comunidad"))
    products = models.ManyToManyField(
        "agroprices.Product", related_name="producers", blank=True, verbose_name=_("productos")
    )
    area_ha = models.DecimalField(
        _("superficie (ha)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    organic = models.BooleanField(_("certificación orgánica"), default=False)
    good_practices = models.BooleanField(_("buenas prácticas agrícolas"), default=False)
    story = models.TextField(_("historia breve"), max_length=1000, blank=True)
    photo = models.ImageField(_("foto"), upload_to="productores/", blank=True)
    # Private unless show_contact: buyers write through the portal's relay.
    phone = models.CharField(_("teléfono"), max_length=20, blank=True)
    email = models.EmailField(_("correo de contacto"), blank=True)
    show_contact = models.BooleanField(
        _("mostrar mi teléfono y correo en mi página"), default=False
    )
    verified = models.BooleanField(_("verificado"), default=False)
    verified_at = models.DateTimeField(_("verificado el"), null=True, blank=True)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("productor")
        verbose_name_plural = _("productores")
        permissions = [("moderate_producer", _("Puede verificar productores y moderar ofertas"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(area_ha__isnull=True) | Q(area_ha__gt=0),
                name="agro_producer_area_positive",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("agroprices:producer", args=[self.pk])

    @property
    def contact_email(self):
        return self.email or self.user.email

    def certifications(self):
        return [
            label
            for flag, label in (
                (self.organic, self.Certification.ORGANIC.label),
                (self.good_practices, self.Certification.GAP.label),
            )
            if flag
        ]


class Offer(CleanTextModel):
    class Status(models.TextChoices):
        ACTIVE = "activa", _("Activa")
        EXPIRED = "vencida", _("Vencida")
        HIDDEN = "oculta", _("Oculta (en revisión)")
        CLOSED = "cerrada", _("Cerrada por el productor")

    class Place(models.TextChoices):
        PARISH = "parroquia", _("En la parroquia")
        COLLECTION = "acopio", _("Centro de acopio")
        FARM = "finca", _("En la finca")

    producer = models.ForeignKey(
        Producer, on_delete=models.CASCADE, related_name="offers", verbose_name=_("productor")
    )
    product = models.ForeignKey(
        "agroprices.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("producto")
    )
    quantity = models.DecimalField(_("cantidad"), max_digits=10, decimal_places=2)
    unit = models.ForeignKey(
        "agroprices.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unidad")
    )
    price = models.DecimalField(
        _("precio pedido (USD por unidad)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    available_from = models.DateField(_("disponible desde"))
    available_until = models.DateField(_("disponible hasta"))
    place_kind = models.CharField(_("lugar de entrega"), max_length=12, choices=Place.choices)
    parish = models.ForeignKey(
        "core.Parish", on_delete=models.PROTECT, related_name="+", verbose_name=_("parroquia")
    )
    place_detail = models.CharField(_("indicaciones del lugar"), max_length=200, blank=True)
    description = models.TextField(_("descripción"), max_length=1000, blank=True)
    photo = models.ImageField(_("foto"), upload_to="ofertas/%Y/", blank=True)
    status = models.CharField(
        _("estado"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    reports = models.PositiveIntegerField(_("denuncias de abuso"), default=0)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("oferta")
        verbose_name_plural = _("ofertas")
        indexes = [models.Index(fields=["status", "available_until"], name="agro_offer_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(available_until__gte=F("available_from")),
                name="agro_offer_until_after_from",
            ),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="agro_offer_quantity_gt0"),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gt=0), name="agro_offer_price_gt0"
            ),
        ]

    def __str__(self):
        return f"{self.product} · {self.producer}"

    def get_absolute_url(self):
        return reverse("agroprices:offer", args=[self.pk])


class ContactMessage(CleanTextModel):
    class Status(models.TextChoices):
        RELAYED = "reenviado", _("Reenviado al productor")
        HELD = "retenido", _("Retenido por moderación")

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="messages", verbose_name=_("oferta")
    )
    name = models.CharField(_("nombre"), max_length=120)
    email = models.EmailField(_("correo electrónico"))
    phone = models.CharField(_("teléfono"), max_length=20, blank=True)
    body = models.TextField(_("mensaje"), max_length=2000)
    status = models.CharField(
        _("estado"), max_length=10, choices=Status.choices, default=Status.RELAYED
    )
    sent_at = models.DateTimeField(_("correo enviado"), null=True, blank=True)
    created_at = models.DateTimeField(_("recibido"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mensaje de comprador")
        verbose_name_plural = _("mensajes de compradores")

    def __str__(self):
        return f"{self.name} → {self.offer}"
