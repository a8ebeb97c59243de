"""The public datasets of agroprices, declared once (columns, rows, dates); registered by
registrations.py. Downloads, Table Schema, dataset page and catalogue read these."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.datasets import REQUIRED
from core.registry import Column, datasets

THEME = _("Agricultura")
KEYWORDS = ("precios", "agricultura", "mercados", "alimentos")
TWO = Decimal("0.01")
POSITIVE = {"minimum": 0}


# WFP's columns in WFP's order (agroprices/hdx.py writes the rows).
HDX_COLUMNS = (
    ("date", "date", _("Fecha de la observación (AAAA-MM-DD).")),
    ("admin1", "string", _("Provincia.")),
    ("admin2", "string", _("Cantón.")),
    ("market", "string", _("Mercado, feria, centro de acopio o finca.")),
    ("market_id", "integer", _("Identificador numérico del mercado.")),
    ("latitude", "number", _("Latitud (WGS84); fincas redondeadas a 2 decimales.")),
    ("longitude", "number", _("Longitud (WGS84); fincas redondeadas a 2 decimales.")),
    ("category", "string", _("Categoría WFP del producto.")),
    ("commodity", "string", _("Producto (variedad).")),
    ("commodity_id", "integer", _("Identificador numérico del producto.")),
    ("unit", "string", _("Unidad en que se cotizó el precio (nombre WFP si existe: KG, Unit...).")),
    ("priceflag", "string", _("actual: precio observado.")),
    ("pricetype", "string", _("Farm Gate, Wholesale o Retail.")),
    ("currency", "string", _("Moneda (USD).")),
    ("price", "number", _("Precio por unidad en la moneda indicada.")),
    ("usdprice", "number", _("Precio en dólares de EE. UU.")),
)


def _hdx_rows():
    from . import hdx, selectors

    return selectors.export_queryset().values_list(*hdx.VALUES)


def _hdx_row(values):
    from . import hdx

    return hdx.wfp_row(values)


def _offer_rows():
    from . import producers_selectors

    return producers_selectors.dataset_rows()


def _observation_rows():
    from . import selectors

    # Named columns only: no collector, reviewer or any personal field leaves the database.
    return selectors.export_queryset().values_list(
        "date",
        "product__slug",
        "product__commodity",
        "product__variety",
        "product__category",
        "market__slug",
        "market__name",
        "market__kind",
        "market__parish__name",
        "unit__code",
        "price_type__code",
        "price",
        "price_min",
        "price_max",
        "product__standard_unit__code",
        "standard_price",
        "source",
    )


def _with_currency(row):
    return (*row[:16], "USD", row[16])


def _production_rows():
    from .selectors import production_totals

    return production_totals(rows=True)


def _quantized(row):
    # SQLite sums decimals without their places; PostgreSQL keeps them.
    *rest, area, total = row
    return (*rest, Decimal(area).quantize(TWO), Decimal(total).quantize(TWO))


def _latest_observation():
    from django.db.models import Max

    from .models import PriceObservation

    return PriceObservation.objects.aggregate(last=Max("reviewed_at"))["last"]


def register():
    from .models import Market, PriceObservation, Product

    product = Column("product", "string", _("Identificador del producto"), REQUIRED)
    commodity = Column("commodity", "string", _("Producto"))
    variety = Column("variety", "string", _("Variedad"))
    unit = Column("unit", "string", _("Unidad de venta"))
    datasets.register(
        key="agroprices.observations",
        title=_("Precios agrícolas"),
        description=_(
            "Cada precio validado por producto, mercado, fecha y tipo de precio, en USD. "
            "Filtrable por fechas (desde, hasta), producto y mercado."
        ),
        url_name="agroprices:export",
        theme=THEME,
        keywords=KEYWORDS,
        frequency="weekly",
        rows=_observation_rows,
        transform=_with_currency,
        date_field="date",
        large=True,
        modified=_latest_observation,
        columns=(
            Column("date", "date", _("Fecha del precio"), REQUIRED),
            product,
            commodity,
            variety,
            Column(
                "category",
                "string",
                _("Categoría del producto"),
                {"enum": [v for v, _l in Product.Category.choices]},
            ),
            Column("market", "string", _("Identificador del mercado"), REQUIRED),
            Column("market_name", "string", _("Nombre del mercado")),
            Column(
                "market_type",
                "string",
                _("Tipo de mercado"),
                {"enum": [v for v, _l in Market.Kind.choices]},
            ),
            Column("parish", "string", _("Parroquia del mercado")),
            unit,
            Column("price_type", "string", _("Tipo de precio (mayorista, minorista, finca)")),
            Column(
                "price", "number", _("Precio en USD por unidad"), {"required": True, **POSITIVE}
            ),
            Column("price_min", "number", _("Precio mínimo observado"), POSITIVE),
            Column("price_max", "number", _("Precio máximo observado"), POSITIVE),
            Column("standard_unit", "string", _("Unidad estándar del producto")),
            Column("standard_price", "number", _("Precio por unidad estándar"), POSITIVE),
            Column("currency", "string", _("Moneda"), {"enum": ["USD"]}),
            Column(
                "source",
                "string",
                _("Fuente del precio"),
                {"enum": [v for v, _l in PriceObservation.Source.choices]},
            ),
        ),
        order=50,
    )
    datasets.register(
        key="agroprices.observations_hdx",
        title=_("Precios agrícolas (formato WFP/HDX)"),
        description=_(
            "Los mismos precios con las columnas de los conjuntos de precios de alimentos "
            "del WFP en HDX. La descarga CSV de esta página no lleva la fila de etiquetas "
            "HXL; el archivo para HDX, con ella, está en la página de precios."
        ),
        url_name="agroprices:export-hdx",
        theme=THEME,
        keywords=(*KEYWORDS, "WFP", "HDX"),
        frequency="weekly",
        large=True,
        rows=_hdx_rows,
        transform=_hdx_row,
        date_field="date",
        columns=tuple(Column(name, kind, text) for name, kind, text in HDX_COLUMNS),
        variants=((_("CSV para HDX, con la fila de etiquetas HXL"), "agroprices:export-hdx"),),
        order=51,
    )
    datasets.register(
        key="agroprices.production",
        title=_("Producción agrícola por parroquia"),
        description=_(
            "Superficie y volumen cosechado por producto, parroquia y periodo: totales de los "
            "registros de producción, sin datos de quien produce."
        ),
        url_name="agroprices:export-production",
        theme=THEME,
        keywords=("producción", "agricultura", "cosecha"),
        frequency="annual",
        rows=_production_rows,
        transform=_quantized,
        date_field="period_end",
        columns=(
            Column("period_start", "date", _("Inicio del periodo"), REQUIRED),
            Column("period_end", "date", _("Fin del periodo"), REQUIRED),
            Column("parish", "string", _("Parroquia")),
            product,
            commodity,
            variety,
            unit,
            Column("records", "integer", _("Registros de producción sumados"), {"minimum": 1}),
            Column("area_ha", "number", _("Superficie cosechada en hectáreas"), POSITIVE),
            Column("volume", "number", _("Volumen cosechado en la unidad"), POSITIVE),
        ),
        order=52,
    )
    datasets.register(
        key="agroprices.offers",
        title=_("Ofertas de venta directa"),
        description=_(
            "Ofertas de productores verificados por mes, producto y parroquia: número de "
            "ofertas y productores, precio pedido promedio y contactos recibidos. Sin datos "
            "personales."
        ),
        url_name="agroprices:export-offers",
        theme=THEME,
        keywords=("venta directa", "productores", "agricultura", "ofertas"),
        frequency="daily",
        rows=_offer_rows,
        # Column names as the first download published them.
        columns=(
            Column(
                "mes",
                "string",
                _("Mes en que la oferta está disponible (AAAA-MM)"),
                {"required": True, "pattern": r"^\d{4}-\d{2}$"},
            ),
            Column("producto", "string", _("Producto y variedad"), REQUIRED),
            Column("parroquia", "string", _("Parroquia de retiro")),
            Column("ofertas", "integer", _("Ofertas publicadas"), {"minimum": 1}),
            Column("productores", "integer", _("Productores que ofertan"), {"minimum": 1}),
            Column("con_precio", "integer", _("Ofertas con precio pedido"), {"minimum": 0}),
            Column(
                "precio_pedido_promedio",
                "number",
                _("Precio pedido promedio, USD por unidad de la oferta"),
                POSITIVE,
            ),
            Column("contactos", "integer", _("Mensajes de compradores recibidos"), {"minimum": 0}),
        ),
        order=53,
    )
