"""What `agroprices` adds to the portal's registries (its manifest); called by apps.ready()."""

from django.utils.translation import gettext_lazy as _


def register():
    from core.registry import account_sections, home_panels, indicators, navigation

    from . import (
        open_data,
        predicates,  # noqa: F401  (registers the rules)
        producers_selectors,
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
    account_sections.register(
        key="agroprices.offers",
        title=_("Mis ofertas de productor"),
        items=producers_selectors.account_offers,
        order=31,
    )
    indicators.register(
        key="agroprices.observations_published",
        name=_("Precios agrícolas publicados"),
        unit="observaciones",
        func=selectors.observations_published_between,
        description=_("Observaciones de precio validadas con fecha en el periodo."),
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
    home_panels.register(
        key="agroprices",
        order=50,
        template="agroprices/_home_panel.html",
        context=selectors.home_panel,
    )
    open_data.register()
