from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgropricesConfig(AppConfig):
    name = "agroprices"
    verbose_name = _("Agroprecios")

    def ready(self):
        from . import registrations

        registrations.register()
        self.register_producers()

    def register_producers(self):
        """Issue 20's registrations, kept apart so the move to registrations.py takes them whole."""
        from core.registry import account_sections, indicators

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
