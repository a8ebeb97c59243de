"""What `agroprices` adds to the portal's registries (its manifest); called by apps.ready()."""

from django.utils.translation import gettext_lazy as _


def register():
    from core.registry import account_sections, home_panels, indicators, navigation

    from . import (
        open_data,
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
    open_data.register()
