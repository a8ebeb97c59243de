"""What `roads` adds to the portal's registries (its manifest); called by apps.ready()."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


def register():
    from core.registry import datasets, home_panels, indicators, navigation, report_types

    from . import selectors
    from .models import ReportKind, Severity

    navigation.register(key="roads", url_name="roads:index", label=_("Vialidad"), order=60)
    indicators.register(
        key="roads.km_worked",
        name=_("Km real atendido"),
        unit="km",
        func=selectors.km_worked_between,
        description=_("Suma de km trabajados en intervenciones que terminan en el periodo."),
    )
    indicators.register(
        key="roads.branches_attended",
        name=_("Ramales atendidos"),
        unit="ramales",
        func=selectors.branches_attended_between,
        description=_("Ramales con al menos una intervención terminada en el periodo."),
    )
    datasets.register(
        key="roads.branches",
        title=_("Inventario de ramales viales"),
        description=_(
            "Código, nombre, parroquia, extensión, necesidad de atención y último "
            "mantenimiento de cada ramal rural; también en GeoJSON."
        ),
        url_name="roads:export",
        formats=("csv", "xlsx", "geojson"),
        order=60,
    )
    datasets.register(
        key="roads.interventions",
        title=_("Intervenciones de mantenimiento vial"),
        description=_("Fechas, tipo, km trabajados y costo de cada intervención."),
        url_name="roads:export-interventions",
        formats=("csv", "xlsx"),
        order=61,
    )
    home_panels.register(
        key="roads",
        order=60,
        template="roads/_home_panel.html",
        context=selectors.home_panel,
    )
    for kind, label in ReportKind.choices:
        report_types.register(
            key=f"VIA-{kind.upper()}",
            name=label,
            description=format_lazy("{}: {}", _("Reporte vial"), label),
            group=_("Vialidad"),
            model="roads.RoadReport",
            field="kind",
            value=kind,
            keywords="vialidad,ramal,vía",
            defaults={"severity": Severity.MEDIUM},
        )
