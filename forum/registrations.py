"""What `forum` adds to the portal's registries (its manifest); called by apps.ready()."""

from django.utils.translation import gettext_lazy as _


def register():
    from core.registry import datasets, home_panels, indicators, navigation

    from . import selectors

    navigation.register(key="forum", url_name="forum:index", label=_("Foro Multiactor"), order=10)
    home_panels.register(
        key="forum", order=40, template="forum/_home_panel.html", context=selectors.home_panel
    )
    datasets.register(
        key="forum.actors",
        title=_("Directorio de actores del Foro Multiactor"),
        description=_(
            "Organizaciones y personas del mapeo de actores: sector, territorio, estado y "
            "fechas. Sin datos de contacto."
        ),
        url_name="forum:export-actors",
        order=40,
    )
    datasets.register(
        key="forum.attendance",
        title=_("Sesiones y asistencia del Foro Multiactor"),
        description=_("Asistencia de cada actor miembro a cada sesión del foro."),
        url_name="forum:export-attendance",
        order=41,
    )
    indicators.register(
        key="forum.attendance_rate",
        name=_("Asistencia promedio a las sesiones del foro"),
        unit="%",
        func=selectors.attendance_rate_between,
        description=_("Promedio del porcentaje de miembros presentes en cada sesión."),
    )
    indicators.register(
        key="forum.active_actors",
        name=_("Actores activos en el foro"),
        unit="actores",
        func=selectors.active_actors_between,
        description=_("Actores incorporados al foro en algún momento del período."),
    )
