"""The public datasets of roads, declared once; registered by registrations.py.

No personal data: a road report's reporter (name, e-mail, phone, IP) never leaves."""

import json

from django.utils.translation import gettext_lazy as _

from core import geo
from core.columns import CHANNEL, PARISH, REPORT_PLACE, TRACKING_CODE
from core.datasets import REQUIRED, enum
from core.registry import Column, datasets

THEME = _("Vialidad")
KEYWORDS = ("vialidad", "ramales", "caminos rurales", "mantenimiento vial")
BRANCH_FIELDS = (
    "code",
    "name",
    "canton__code",
    "parish__code",
    "sector",
    "zone",
    "community__code",
    "planning_zone__code",
    "length_km",
    "surface",
    "condition",
    "need_level",
    "last_maintenance_year",
    "geometry",
)
# An intervention's own fields, also the API's (which names the branch by its code too).
WORK_FIELDS = ("start_date", "end_date", "kind", "km_worked", "crew", "contractor", "cost", "notes")
INTERVENTION_FIELDS = ("branch__code", *WORK_FIELDS)


def branch_queryset():
    from .models import Branch

    return Branch.objects.order_by("code").values_list(*BRANCH_FIELDS)


def geometry_as_text(row):
    *rest, geometry = row
    return (*rest, json.dumps(geometry) if geometry else None)


def intervention_queryset():
    from .models import Intervention

    return Intervention.objects.order_by("branch__code", "end_date", "pk").values_list(
        *INTERVENTION_FIELDS
    )


def _report_rows():
    from .models import RoadReport

    return (
        RoadReport.objects.filter(is_hidden=False)
        .order_by("created_at", "pk")
        .values_list(
            "tracking_code",
            "kind",
            "severity",
            "status",
            "parish__name",
            "branch__code",
            "location_reference",
            "latitude",
            "longitude",
            "created_at",
            "resolved_at",
            "source",
            "description",
        )
    )


def _blurred(row):
    row = list(row)
    row[7], row[8] = geo.public_coordinate(row[7]), geo.public_coordinate(row[8])
    return row


def register():
    from core.reports import ReportStatus

    from .models import (
        Condition,
        InterventionKind,
        InterventionZone,
        NeedLevel,
        ReportKind,
        RoadReport,
        Severity,
        Surface,
    )

    branch_code = Column("codigo", "string", _("Código del ramal"), REQUIRED)
    datasets.register(
        key="roads.branches",
        title=_("Inventario de ramales viales"),
        description=_(
            "Código, nombre, parroquia, extensión, necesidad de atención y último "
            "mantenimiento de cada ramal rural; también en GeoJSON."
        ),
        url_name="roads:export",
        formats=("csv", "json", "xlsx", "geojson"),
        theme=THEME,
        keywords=KEYWORDS,
        frequency="monthly",
        rows=branch_queryset,
        transform=geometry_as_text,
        large=True,
        columns=(
            Column("codigo", "string", _("Código del ramal"), {**REQUIRED, "unique": True}),
            Column("nombre", "string", _("Nombre del ramal"), REQUIRED),
            Column("canton", "string", _("Código del cantón")),
            Column("parroquia", "string", _("Código de la parroquia")),
            Column("sector", "string", _("Sector")),
            Column("zona", "string", _("Zona de intervención"), enum(InterventionZone.choices)),
            Column("comunidad", "string", _("Código de la comunidad")),
            Column("zona_planificacion", "string", _("Código de la zona de planificación")),
            Column("extension_km", "number", _("Extensión en km"), {"minimum": 0}),
            Column("superficie", "string", _("Capa de rodadura"), enum(Surface.choices)),
            Column("estado", "string", _("Estado de la vía"), enum(Condition.choices)),
            Column(
                "necesidad",
                "integer",
                _("Necesidad de atención (1 baja a 4 alta)"),
                {"enum": [v for v, _l in NeedLevel.choices]},
            ),
            Column("ultimo_mantenimiento", "integer", _("Año del último mantenimiento")),
            Column("geometria", "string", _("Trazado en GeoJSON (LineString, WGS 84)")),
        ),
        order=60,
    )
    datasets.register(
        key="roads.interventions",
        title=_("Intervenciones de mantenimiento vial"),
        description=_("Fechas, tipo, km trabajados y costo de cada intervención."),
        url_name="roads:export-interventions",
        theme=THEME,
        keywords=KEYWORDS,
        frequency="monthly",
        rows=intervention_queryset,
        date_field="end_date",
        columns=(
            branch_code,
            Column("fecha_inicio", "date", _("Inicio de la intervención")),
            Column("fecha_fin", "date", _("Fin de la intervención"), REQUIRED),
            Column("tipo", "string", _("Tipo de intervención"), enum(InterventionKind.choices)),
            Column("km_trabajados", "number", _("Km trabajados"), {"minimum": 0}),
            Column("cuadrilla", "string", _("Cuadrilla")),
            Column("contratista", "string", _("Contratista")),
            Column("costo", "number", _("Costo en USD"), {"minimum": 0}),
            Column("observaciones", "string", _("Observaciones")),
        ),
        order=61,
    )
    datasets.register(
        key="roads.reports",
        title=_("Reportes ciudadanos de vialidad"),
        description=_(
            "Cada reporte vial público: tipo, gravedad, estado, parroquia, ramal, ubicación "
            "aproximada (unos 1,1 km) y fechas. Sin datos de quien reporta."
        ),
        theme=THEME,
        keywords=(*KEYWORDS, "reportes ciudadanos"),
        frequency="daily",
        rows=_report_rows,
        transform=_blurred,
        date_field="created_at__date",
        modified=lambda: (
            RoadReport.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
        ),
        columns=(
            TRACKING_CODE,
            Column("tipo", "string", _("Tipo de problema"), enum(ReportKind.choices)),
            Column(
                "gravedad",
                "integer",
                _("Gravedad (1 leve, 2 moderada, 3 grave)"),
                {"enum": [v for v, _l in Severity.choices]},
            ),
            Column("estado", "string", _("Estado"), enum(ReportStatus.choices)),
            PARISH,
            Column("ramal", "string", _("Código del ramal")),
            *REPORT_PLACE,
            Column("recibido", "datetime", _("Fecha de recepción"), REQUIRED),
            Column("resuelto", "datetime", _("Fecha de resolución")),
            CHANNEL,
            Column("descripcion", "string", _("Descripción del problema")),
        ),
        order=62,
    )
