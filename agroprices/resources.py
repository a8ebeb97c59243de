"""django-import-export resources: the stock admin path for staff who prefer it.

Large files should go through an ImportJob (the fast path in importing.py); this path saves
row by row and is kept for small corrections and for exporting what the admin filters.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from core.signals import announce_data_changed

from . import services
from .fields import PRICE_FIELDS, PRODUCT_FIELDS
from .models import Market, PriceObservation, PriceType, Product, Unit


class PriceObservationResource(resources.ModelResource):
    product = fields.Field("product", "product", ForeignKeyWidget(Product, "slug"))
    market = fields.Field("market", "market", ForeignKeyWidget(Market, "slug"))
    unit = fields.Field("unit", "unit", ForeignKeyWidget(Unit, "code"))
    price_type = fields.Field("price_type", "price_type", ForeignKeyWidget(PriceType, "code"))

    class Meta:
        model = PriceObservation
        fields = list(PRICE_FIELDS)
        import_id_fields = ["date", "product", "market", "price_type"]
        skip_unchanged = True

    def get_queryset(self):
        # Imported rows carry no collector; collectors' own rows are never overwritten.
        return PriceObservation.objects.filter(collector__isnull=True)

    def get_export_queryset(self, request=None, **kwargs):
        return PriceObservation.objects.filter(status=PriceObservation.Status.VALIDATED)

    def before_save_instance(self, instance, row, **kwargs):
        # The same conversion and outlier rules as every other way a price comes in: a
        # flagged row waits for review instead of being published.
        factor = services.unit_factor(instance.product, instance.unit)
        if factor is None:
            raise ValidationError(_("La unidad no está permitida para el producto."))
        instance.standard_price = (Decimal(instance.price) / factor).quantize(Decimal("0.0001"))
        instance.flags = services.observation_flags(
            product=instance.product,
            market=instance.market,
            price_type=instance.price_type,
            unit=instance.unit,
            date=instance.date,
            standard_price=instance.standard_price,
        )
        instance.source = PriceObservation.Source.IMPORT
        instance.status = (
            PriceObservation.Status.PENDING if instance.flags else PriceObservation.Status.VALIDATED
        )
        instance.full_clean(exclude=["collector"])

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if not self._is_dry_run(kwargs) and result.totals.get("new", 0) + result.totals.get(
            "update", 0
        ):
            announce_data_changed("agroprices")


class ProductResource(resources.ModelResource):
    standard_unit = fields.Field("standard_unit", "standard_unit", ForeignKeyWidget(Unit, "code"))

    class Meta:
        model = Product
        import_id_fields = ["slug"]
        fields = ["slug", *PRODUCT_FIELDS]


class MarketResource(resources.ModelResource):
    class Meta:
        model = Market
        import_id_fields = ["slug"]
        fields = ["slug", "name", "kind", "parish", "latitude", "longitude", "active"]
