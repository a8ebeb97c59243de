"""What `agroprices` adds to the portal's registries (its manifest); called by apps.ready()."""

from django.utils.translation import gettext_lazy as _


def register():
    from core.registry import account_sections, datasets, home_panels, indicators, navigation

    from . import (
        predicates,  # noqa: F401  (registers the rules)
        selectors,
    )

    navigation.register(
        key="agroprices", url_name="agroprices:index", label=_("Agroprecios"), order=50
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
