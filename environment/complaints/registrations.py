"""Report types, indicators, datasets and home panel of complaints; called from apps.ready()."""

from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from core.registry import home_panels, indicators, report_types

DESCRIPTIONS = {
    "deforestacion": _("Tala o desbroce de bosque, también en riberas y zonas protegidas."),
    "quema": _("Quema de bosque, rastrojo, basura o pastizales."),
    "contaminacion_agua": _("Vertidos o desechos en ríos, esteros, pozos o vertientes."),
    "residuos": _("Basura o escombros abandonados, botaderos a cielo abierto."),
    "ruido": _("Ruido excesivo de industrias, maquinaria o locales."),
    "mineria": _("Extracción de material pétreo u oro sin permiso o con daño al río."),
    "fauna_silvestre": _("Caza, tráfico o maltrato de animales silvestres."),
    "otro": _("Otro daño al ambiente."),
}
KEYWORDS = {
    "deforestacion": "tala, bosque, árboles, madera",
    "quema": "fuego, incendio, humo",
    "contaminacion_agua": "río, estero, agua, vertido",
    "residuos": "basura, escombros, botadero",
    "ruido": "ruido, bulla",
    "mineria": "minería, pétreo, oro, río",
    "fauna_silvestre": "animales, caza, tráfico",
    "otro": "ambiente",
}


def service_code(category: str) -> str:
    """E.g. "contaminacion_agua" -> "AMB-CONTAMINACION-AGUA"."""
    return "AMB-" + category.upper().replace("_", "-")


def _announce_on_timeline(sender, instance, created, **kwargs):
    from core.reports import ReportEvent
    from core.signals import announce_data_changed

    from .models import Complaint

    # Hiding matters too: the complaint figures leave hidden complaints out.
    moves_figures = (ReportEvent.Kind.FILED, ReportEvent.Kind.STATUS, ReportEvent.Kind.HIDDEN)
    if not created or instance.kind not in moves_figures:
        return
    if instance.content_type.model_class() is Complaint:
        announce_data_changed("environment")


def register():
    from core.reports import ReportEvent

    from . import open_data, selectors
    from .models import ComplaintCategory

    for value, label in ComplaintCategory.choices:
        report_types.register(
            key=service_code(value),
            name=label,
            description=DESCRIPTIONS[value],
            group=_("Ambiente"),
            model="environment.Complaint",
            field="category",
            value=value,
            keywords=KEYWORDS[value],
        )
    indicators.register(
        key="environment.complaints_received",
        name=_("Denuncias ambientales recibidas"),
        unit="denuncias",
        func=selectors.complaints_received,
        description=_("Denuncias recibidas en el periodo (sin las ocultadas por moderación)."),
    )
    indicators.register(
        key="environment.complaints_resolved_30d",
        name=_("Denuncias ambientales resueltas en 30 días"),
        unit="denuncias",
        func=selectors.complaints_resolved_30d,
        description=_(
            "Denuncias resueltas dentro de los 30 días desde su recepción, contadas en la fecha "
            "de resolución."
        ),
    )
    open_data.register()
    home_panels.register(
        key="environment.complaints",
        template="environment/complaints/_home_panel.html",
        context=selectors.home_panel,
        order=45,
    )
    post_save.connect(
        _announce_on_timeline, sender=ReportEvent, dispatch_uid="environment.complaints.announce"
    )
