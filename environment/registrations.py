"""What `environment` adds to the portal's registries (its manifest; complaints have their
own in complaints/registrations.py); called by apps.ready()."""

from django.utils.translation import gettext_lazy as _

from core.registry import datasets, home_panels, indicators, navigation, trackers

from . import selectors, services
from .complaints import registrations as complaints


def register():
    navigation.register(
        key="environment", url_name="environment:index", label=_("Ambiente"), order=40
    )
    trackers.register(key="environment.requests", find=services.request_tracking_url, order=30)
    complaints.register()
    indicators.register(
        key="environment.seedlings_delivered",
        name=_("Plántulas entregadas"),
        unit="plántulas",
        func=selectors.seedlings_delivered_between,
        description=_("Plántulas entregadas por los viveros en el periodo."),
    )
    indicators.register(
        key="environment.hectares_reforested",
        name=_("Hectáreas reforestadas"),
        unit="ha",
        func=selectors.hectares_reforested_between,
        description=_("Superficie de las solicitudes entregadas en el periodo."),
    )
    indicators.register(
        key="environment.survival_rate",
        name=_("Supervivencia de plántulas"),
        unit="%",
        func=selectors.survival_rate_between,
        description=_(
            "Plantas vivas en la última visita sobre las entregadas en el periodo y visitadas."
        ),
    )
    datasets.register(
        key="environment.deliveries",
        title=_("Entregas de plántulas"),
        description=_(
            "Cada especie entregada: fecha, vivero, parroquia, tipo de solicitante, cantidad y "
            "superficie. Sin datos personales."
        ),
        url_name="environment:export-deliveries",
        order=40,
    )
    datasets.register(
        key="environment.survival",
        title=_("Supervivencia de las plantaciones"),
        description=_("Plántulas entregadas y vivas en la última visita de seguimiento."),
        url_name="environment:export-survival",
        order=41,
    )
    datasets.register(
        key="environment.species",
        title=_("Catálogo de especies forestales"),
        description=_("Nombre científico y común, familia, origen y usos."),
        url_name="environment:export-species",
        order=42,
    )
    home_panels.register(
        key="environment.reforestation",
        order=50,
        template="environment/_home_panel.html",
        context=selectors.home_panel,
    )
