"""What `roads` adds to the portal's registries (its manifest); called by apps.ready()."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


def register():
    from core.registry import home_panels, indicators, navigation, report_types

    from . import open_data, selectors
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
    open_data.register()
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
