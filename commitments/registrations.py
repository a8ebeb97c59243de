"""What `commitments` adds to the portal's registries (its manifest); called by apps.ready().

Each dataset's columns are declared here once: the downloads, the Table Schema, the
dataset page and the catalogue read them.
"""

from django.utils.translation import gettext_lazy as _

from core.datasets import PERCENT, REQUIRED, enum
from core.registry import Column, datasets, home_panels, navigation

from .fields import MILESTONE_FIELDS

THEME = _("Gobierno abierto")
KEYWORDS = ("plan de acción", "gobierno abierto", "OGP", "compromisos")


def _commitment_rows():
    from .models import Commitment

    return Commitment.objects.order_by("plan__period_start", "number").values_list(
        "plan__slug",
        "number",
        "title",
        "lead_institution",
        "responsible_unit",
        "start_date",
        "end_date",
        "status",
        "progress",
        "progress_computed_at",
    )


def _with_level(row):
    from . import levels

    return (*row, levels.level_for(row[8]).key)


def _milestone_rows():
    from .models import Milestone

    return Milestone.objects.order_by(
        "commitment__plan__period_start", "commitment__number", "order", "pk"
    ).values_list(
        "commitment__plan__slug",
        "commitment__number",
        "commitment__title",
        *MILESTONE_FIELDS,
    )


def _history_rows():
    from .models import ProgressChange

    return ProgressChange.objects.order_by("changed_at", "pk").values_list(
        "milestone__commitment__plan__slug",
        "milestone__commitment__number",
        "milestone__title",
        "changed_at",
        "old_progress",
        "new_progress",
        "note",
    )


def _indicator_value_rows():
    from .models import IndicatorValue

    return IndicatorValue.objects.order_by(
        "indicator__commitment__plan__period_start", "indicator__commitment__number", "date", "pk"
    ).values_list(
        "indicator__commitment__plan__slug",
        "indicator__commitment__number",
        "indicator_id",
        "indicator__name",
        "indicator__unit",
        "indicator__baseline",
        "indicator__target",
        "date",
        "value",
        "note",
    )


def _latest_change():
    from django.db.models import Max

    from .models import ProgressChange

    return ProgressChange.objects.aggregate(last=Max("changed_at"))["last"]


def register():
    from . import receivers, selectors  # noqa: F401  (receivers: signal handlers)
    from .levels import ALL
    from .models import Commitment, Milestone

    navigation.register(
        key="commitments", url_name="commitments:index", label=_("Compromisos"), order=30
    )
    home_panels.register(
        key="commitments",
        order=10,
        template="commitments/_home_panel.html",
        context=selectors.home_panel,
    )
    plan = Column("plan", "string", _("Identificador del plan de acción"), REQUIRED)
    number = Column("compromiso", "integer", _("Número del compromiso en el plan"), REQUIRED)
    milestone = Column("hito", "string", _("Hito o actividad"), REQUIRED)
    period = (
        Column("inicio", "date", _("Fecha de inicio"), REQUIRED),
        Column("fin", "date", _("Fecha de fin"), REQUIRED),
    )
    datasets.register(
        key="commitments.commitments",
        title=_("Compromisos del Plan de Acción"),
        description=_("Compromisos con su avance, nivel de cumplimiento OGP y fechas."),
        url_name="commitments:export-commitments",
        theme=THEME,
        keywords=KEYWORDS,
        frequency="monthly",
        rows=_commitment_rows,
        transform=_with_level,
        date_field="end_date",
        modified=_latest_change,
        columns=(
            plan,
            Column("numero", "integer", _("Número del compromiso en el plan"), REQUIRED),
            Column("titulo", "string", _("Título del compromiso"), REQUIRED),
            Column("institucion_responsable", "string", _("Institución que lo lidera")),
            Column("unidad_responsable", "string", _("Unidad responsable")),
            *period,
            Column("estado", "string", _("Estado"), enum(Commitment.Status.choices)),
            Column("avance", "number", _("Avance en porcentaje (0 a 100)"), PERCENT),
            Column("avance_calculado", "datetime", _("Cuándo se calculó el avance")),
            Column(
                "nivel_ogp",
                "string",
                _("Nivel de cumplimiento según la OGP"),
                {"enum": [level.key for level in ALL]},
            ),
        ),
        order=10,
    )
    datasets.register(
        key="commitments.milestones",
        title=_("Hitos de los compromisos"),
        description=_("Hitos con peso, fechas, estado y avance."),
        url_name="commitments:export-milestones",
        theme=THEME,
        keywords=KEYWORDS,
        frequency="monthly",
        rows=_milestone_rows,
        date_field="end_date",
        modified=_latest_change,
        columns=(
            plan,
            number,
            Column("titulo_compromiso", "string", _("Título del compromiso")),
            Column("orden", "integer", _("Orden del hito en el compromiso"), {"minimum": 0}),
            milestone,
            Column("peso", "number", _("Peso del hito en el avance del compromiso"), PERCENT),
            *period,
            Column("estado", "string", _("Estado"), enum(Milestone.Status.choices)),
            Column("avance", "number", _("Avance en porcentaje (0 a 100)"), PERCENT),
        ),
        order=11,
    )
    datasets.register(
        key="commitments.history",
        title=_("Historial de avance"),
        description=_("Cada cambio de avance de un hito: fecha, valor anterior y nuevo."),
        url_name="commitments:export-history",
        theme=THEME,
        keywords=KEYWORDS,
        frequency="monthly",
        rows=_history_rows,
        date_field="changed_at__date",
        columns=(
            plan,
            number,
            milestone,
            Column("fecha", "datetime", _("Fecha y hora del cambio"), REQUIRED),
            Column("avance_anterior", "number", _("Avance antes del cambio"), PERCENT),
            Column("avance_nuevo", "number", _("Avance después del cambio"), PERCENT),
            Column("nota", "string", _("Nota pública del cambio")),
        ),
        order=12,
    )
    datasets.register(
        key="commitments.indicator_values",
        title=_("Valores de los indicadores de los compromisos"),
        description=_(
            "Cada medición registrada de un indicador de un compromiso: fecha, valor, "
            "línea base y meta."
        ),
        theme=THEME,
        keywords=(*KEYWORDS, "indicadores"),
        frequency="monthly",
        rows=_indicator_value_rows,
        date_field="date",
        columns=(
            plan,
            number,
            Column("indicador_id", "integer", _("Identificador del indicador"), REQUIRED),
            Column("indicador", "string", _("Nombre del indicador"), REQUIRED),
            Column("unidad", "string", _("Unidad de medida")),
            Column("linea_base", "number", _("Línea base")),
            Column("meta", "number", _("Meta")),
            Column("fecha", "date", _("Fecha de la medición"), REQUIRED),
            Column("valor", "number", _("Valor medido"), REQUIRED),
            Column("nota", "string", _("Nota de la medición")),
        ),
        order=13,
    )
