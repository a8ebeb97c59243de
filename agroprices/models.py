"""Agricultural prices and production: reference data, price observations, import jobs."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core import geo, imports, roles
from core.fields import acting_user
from core.text import CleanTextModel

COLLECTOR_GROUP = roles.COLLECTOR


class Unit(CleanTextModel):
    code = models.SlugField(_("código"), max_length=20, unique=True)
    name = models.CharField(_("nombre"), max_length=60)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unidad")
        verbose_name_plural = _("unidades")

    def __str__(self):
        return self.name


class Product(CleanTextModel):
    class Category(models.TextChoices):
        # Values are the WFP/HDX category names, so the HDX export needs no mapping.
        FRUITS = "vegetables and fruits", _("Frutas y hortalizas")
        TUBERS = "cereals and tubers", _("Cereales y tubérculos")
        OILS = "oil and fats", _("Oleaginosas")
        MISC = "miscellaneous food", _("Cacao, café y otros")
        MEAT = "meat, fish and eggs", _("Carne, pescado y huevos")
        DAIRY = "milk and dairy", _("Leche y derivados")

    slug = models.SlugField(_("identificador"), max_length=60, unique=True)
    commodity = models.CharField(_("producto"), max_length=80)
    variety = models.CharField(_("variedad"), max_length=80, blank=True)
    category = models.CharField(_("categoría"), max_length=40, choices=Category.choices)
    standard_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unidad estándar")
    )
    deviation_threshold = models.DecimalField(
        _("umbral de desviación (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_(
            "Si se indica, un precio que se aleja de la mediana reciente más de este porcentaje "
            "queda en revisión. Si no, se usa la regla de 3,5 desviaciones MAD."
        ),
    )
    plausible_min = models.DecimalField(
        _("precio plausible mínimo (USD por unidad estándar)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Sin historial de precios, un precio fuera de este rango queda en revisión."),
    )
    plausible_max = models.DecimalField(
        _("precio plausible máximo (USD por unidad estándar)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    active = models.BooleanField(_("activo"), default=True)

    class Meta:
        ordering = ["commodity", "variety"]
        verbose_name = _("producto")
        verbose_name_plural = _("productos")
        constraints = [
            models.UniqueConstraint(fields=["commodity", "variety"], name="agro_product_unique"),
            models.CheckConstraint(
                condition=Q(deviation_threshold__isnull=True) | Q(deviation_threshold__gt=0),
                name="agro_product_threshold_positive",
            ),
            models.CheckConstraint(
                condition=Q(plausible_min__isnull=True)
                | Q(plausible_max__isnull=True)
                | Q(plausible_min__lt=F("plausible_max")),
                name="agro_product_plausible_range_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.commodity} {self.variety}".strip()


class ProductUnit(models.Model):
    """A unit a product may be priced in, and how many standard units it holds."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="units", verbose_name=_("producto")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name=_("unidad"))
    factor = models.DecimalField(_("unidades estándar por unidad"), max_digits=12, decimal_places=4)

    class Meta:
        verbose_name = _("unidad permitida")
        verbose_name_plural = _("unidades permitidas")
        constraints = [
            models.UniqueConstraint(fields=["product", "unit"], name="agro_product_unit_unique"),
            models.CheckConstraint(condition=Q(factor__gt=0), name="agro_product_unit_factor_gt0"),
        ]

    def __str__(self):
        return f"{self.product} · {self.unit} × {self.factor}"


class Market(CleanTextModel):
    class Kind(models.TextChoices):
        WHOLESALE = "mayorista", _("Mercado mayorista")
        RETAIL = "minorista", _("Mercado minorista")
        COLLECTION = "acopio", _("Centro de acopio")
        FAIR = "feria", _("Feria")
        FARM = "finca", _("Finca")

    slug = models.SlugField(_("identificador"), max_length=60, unique=True)
    name = models.CharField(_("nombre"), max_length=120)
    kind = models.CharField(_("tipo"), max_length=12, choices=Kind.choices)
    parish = geo.parish_field()
    latitude = geo.latitude_field(optional=False)
    longitude = geo.longitude_field(optional=False)
    active = models.BooleanField(_("activo"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mercado")
        verbose_name_plural = _("mercados")

    def __str__(self):
        return self.name


# The only price types there are (created by migration 0002). Prices point at them by code
# with a check constraint instead of a foreign-key trigger: the set is fixed, so the database
# still refuses any other value, and an import skips one lookup per row (see README).
PRICE_TYPE_CODES = ("productor", "mayorista", "minorista")


class PriceType(CleanTextModel):
    code = models.SlugField(_("código"), max_length=20, unique=True)
    name = models.CharField(_("nombre"), max_length=60)
    # The WFP/HDX pricetype vocabulary: Wholesale, Retail, Farm Gate.
    hdx_name = models.CharField(_("nombre HDX"), max_length=30)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tipo de precio")
        verbose_name_plural = _("tipos de precio")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__in=PRICE_TYPE_CODES), name="agro_price_type_code_known"
            ),
        ]

    def __str__(self):
        return self.name


class PriceObservation(CleanTextModel):
    class Status(models.TextChoices):
        PENDING = "pendiente", _("Pendiente de validación")
        VALIDATED = "validado", _("Validado")
        REJECTED = "rechazado", _("Rechazado")

    class Source(models.TextChoices):
        COLLECTOR = "recolector", _("Recolector")
        STAFF = "personal", _("Personal técnico")
        IMPORT = "importacion", _("Importación")

    class Flag(models.TextChoices):
        OUTLIER = "atipico", _("Precio atípico frente a la mediana reciente")
        UNIT = "unidad", _("Unidad no permitida para el producto")
        FUTURE = "futuro", _("Fecha en el futuro")

    date = models.DateField(_("fecha"))
    # No single-column indexes on these keys: the unique constraint's index leads with
    # product, and the others are only read when a rare reference row is deleted. Every
    # index costs each imported row a write.
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, db_index=False, verbose_name=_("producto")
    )
    market = models.ForeignKey(Market, on_delete=models.PROTECT, verbose_name=_("mercado"))
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, db_index=False, verbose_name=_("unidad")
    )
    price_type = models.ForeignKey(
        PriceType,
        on_delete=models.PROTECT,
        to_field="code",
        db_constraint=False,  # agro_obs_price_type_known guards the column instead
        db_index=False,
        verbose_name=_("tipo de precio"),
    )
    price = models.DecimalField(_("precio (USD)"), max_digits=10, decimal_places=2)
    price_min = models.DecimalField(
        _("precio mínimo (USD)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    price_max = models.DecimalField(
        _("precio máximo (USD)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    # Price per standard unit of the product, so markets quoting in different units compare.
    standard_price = models.DecimalField(
        _("precio por unidad estándar"), max_digits=14, decimal_places=4
    )
    status = models.CharField(
        _("estado"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    flags = models.JSONField(_("alertas"), default=list, blank=True)
    rejection_reason = models.TextField(_("motivo del rechazo"), blank=True)
    source = models.CharField(_("fuente"), max_length=12, choices=Source.choices)
    collector = acting_user(_("recolector"), on_delete=models.PROTECT, db_index=False)
    reviewed_by = acting_user(_("revisado por"), on_delete=models.PROTECT, db_index=False)
    reviewed_at = models.DateTimeField(_("revisado el"), null=True, blank=True)
    # An audit trail only (which upload brought the row): nothing reads it to decide anything,
    # so no foreign-key trigger per imported row. Deleting a job through Django still clears
    # the link (SET_NULL runs in the ORM); a stale id left by raw SQL would mislead no figure.
    import_job = models.ForeignKey(
        "ImportJob",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        db_constraint=False,
        db_index=False,
        verbose_name=_("importación"),
    )
    created_at = models.DateTimeField(_("registrado el"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "product", "market"]
        verbose_name = _("observación de precio")
        verbose_name_plural = _("observaciones de precio")
        indexes = [
            models.Index(fields=["status", "date"], name="agro_obs_status_date"),
        ]
        constraints = [
            # One per collector; imports and staff entries have none and are one per key.
            # Two partial indexes rather than NULLS NOT DISTINCT: SQLite enforces them too.
            models.UniqueConstraint(
                fields=["product", "market", "date", "price_type", "collector"],
                condition=Q(collector__isnull=False),
                name="agro_obs_one_per_collector",
            ),
            models.UniqueConstraint(
                fields=["product", "market", "date", "price_type"],
                condition=Q(collector__isnull=True),
                name="agro_obs_one_per_key_uncollected",
            ),
            models.CheckConstraint(
                condition=Q(price_type_id__in=PRICE_TYPE_CODES), name="agro_obs_price_type_known"
            ),
            models.CheckConstraint(condition=Q(price__gt=0), name="agro_obs_price_gt0"),
            models.CheckConstraint(
                condition=Q(standard_price__gt=0), name="agro_obs_standard_price_gt0"
            ),
            models.CheckConstraint(
                condition=Q(price_min__isnull=True) | Q(price_min__gt=0, price_min__lte=F("price")),
                name="agro_obs_min_le_price",
            ),
            models.CheckConstraint(
                condition=Q(price_max__isnull=True) | Q(price_max__gte=F("price")),
                name="agro_obs_max_ge_price",
            ),
            models.CheckConstraint(
                condition=~Q(status="rechazado") | ~Q(rejection_reason=""),
                name="agro_obs_rejection_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.product} · {self.market} · {self.date}: {self.price}"

    def flag_labels(self):
        labels = dict(self.Flag.choices)
        return [labels.get(flag, flag) for flag in self.flags]


class ProductionRecord(CleanTextModel):
    """What a farmer or an association harvested; published only as totals per parish."""

    class ProducerKind(models.TextChoices):
        FARMER = "agricultor", _("Agricultor/a")
        ASSOCIATION = "asociacion", _("Asociación")

    producer_name = models.CharField(_("productor o asociación"), max_length=160)
    producer_kind = models.CharField(
        _("tipo de productor"), max_length=12, choices=ProducerKind.choices
    )
    # Personal data: never on a public page, export or API response.
    contact_phone = models.CharField(_("teléfono de contacto"), max_length=20, blank=True)
    product = models.ForeignKey(Product, on_delete=models.PROTECT, verbose_name=_("producto"))
    parish = geo.parish_field()
    area_ha = models.DecimalField(_("superficie (ha)"), max_digits=10, decimal_places=2)
    volume = models.DecimalField(_("volumen cosechado"), max_digits=12, decimal_places=2)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name=_("unidad"))
    period_start = models.DateField(_("inicio del periodo"))
    period_end = models.DateField(_("fin del periodo"))
    recorded_by = acting_user(_("registrado por"), on_delete=models.PROTECT)
    created_at = models.DateTimeField(_("registrado el"), auto_now_add=True)

    class Meta:
        ordering = ["-period_end", "product"]
        verbose_name = _("registro de producción")
        verbose_name_plural = _("registros de producción")
        constraints = [
            models.CheckConstraint(condition=Q(area_ha__gt=0), name="agro_prod_area_gt0"),
            models.CheckConstraint(condition=Q(volume__gte=0), name="agro_prod_volume_ge0"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="agro_prod_period_order"
            ),
        ]

    def __str__(self):
        return f"{self.product} · {self.parish} · {self.period_start}–{self.period_end}"


class ImportJob(imports.ImportJob):
    skip_invalid = models.BooleanField(
        _("omitir filas no válidas"),
        default=False,
        help_text=_(
            "Si se marca, se importan las filas válidas y se informan las omitidas. Si no, "
            "cualquier fila con error cancela toda la importación."
        ),
    )

    class Meta(imports.ImportJob.Meta):
        verbose_name = _("importación de precios")
        verbose_name_plural = _("importaciones de precios")


from .producers_models import ContactMessage, Offer, Producer  # noqa: E402, F401
