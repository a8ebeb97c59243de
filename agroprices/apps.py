from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgropricesConfig(AppConfig):
    name = "agroprices"
    verbose_name = _("Agroprecios")

    def ready(self):
        from core.registry import account_sections, datasets, home_panels, indicators

        from . import (
            predicates,  # noqa: F401  (registers the rules)
            selectors,
        )

        account_sections.register(
            key="agroprices.prices",
            title=_("Precios que registré"),
            items=selectors.account_prices,
            order=30,
        )
        indicators.register(
            key="agroprices.observations_published",
            name=_("Precios agrícolas publicados"),
            unit="observaciones",
            func=selectors.observations_published_between,
            description=_("Observaciones de precio validadas con fecha en el periodo."),
        )
        home_panels.register(
            key="agroprices",
            order=50,
            template="agroprices/_home_panel.html",
            context=selectors.home_panel,
        )
        datasets.register(
            key="agroprices.observations",
            title=_("Precios agrícolas"),
            description=_(
                "Cada precio validado por producto, mercado, fecha y tipo de precio, en USD. "
                "Filtrable por fechas (desde, hasta), producto y mercado."
            ),
            url_name="agroprices:export",
            order=50,
        )
        datasets.register(
            key="agroprices.observations_hdx",
            title=_("Precios agrícolas (formato WFP/HDX)"),
            description=_(
                "Los mismos precios con las columnas de los conjuntos de precios de alimentos "
                "del WFP en HDX; descrito en datapackage.json (Frictionless)."
            ),
            url_name="agroprices:export-hdx",
            formats=("csv",),
            order=51,
        )
        datasets.register(
            key="agroprices.production",
            title=_("Producción agrícola por parroquia"),
            description=_("Superficie y volumen cosechado por producto, parroquia y periodo."),
            url_name="agroprices:export-production",
            order=52,
        )
        self.register_producers()

    def register_producers(self):
        """Issue 20's registrations, kept apart so the move to registrations.py takes them whole."""
        from core.registry import account_sections, datasets, indicators

        from . import producers_selectors

        account_sections.register(
            key="agroprices.offers",
            title=_("Mis ofertas de productor"),
            items=producers_selectors.account_offers,
            order=31,
        )
        indicators.register(
            key="agroprices.producers_with_active_offers",
            name=_("Productores con ofertas activas"),
            unit="productores",
            func=producers_selectors.producers_with_active_offers_between,
            description=_(
                "Productores verificados con al menos una oferta de venta directa abierta en el "
                "periodo (no cuentan las ocultas por moderación)."
            ),
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
            order=53,
        )
