"""The public datasets of proposals, declared once; registered by registrations.py."""

from django.db.models import Case, CharField, F, Value, When
from django.utils.translation import gettext_lazy as _

from core.columns import PARISH, TRACKING_CODE
from core.datasets import REQUIRED, enum
from core.registry import Column, datasets

THEME = _("Participación ciudadana")
KEYWORDS = ("propuestas", "consulta ciudadana", "participación", "gobierno abierto")


def _proposal_rows():
    from .models import Proposal

    # No personal data: the organisation only when the proposal is not anonymous.
    return (
        Proposal.objects.public()
        .annotate(
            public_org=Case(
                When(is_anonymous=True, then=Value("")),
                default=F("organisation"),
                output_field=CharField(),
            )
        )
        .order_by("consultation__opens_on", "pk")
        .values_list(
            "tracking_code",
            "consultation__title",
            "theme__name",
            "title",
            "problem",
            "solution",
            "parish__name",
            "community__name",
            "public_org",
            "serves_transparency",
            "serves_participation",
            "serves_accountability",
            "serves_technology",
            "status",
            "support_count",
            "created_at",
            "selected_at",
        )
    )


def _matrix_rows():
    """Results of every closed matrix, one row per proposal (computed, so a generator)."""
    from .models import Consultation
    from .selectors import matrix_rows

    for consultation in Consultation.objects.filter(matrix_closed_at__isnull=False).order_by(
        "opens_on", "pk"
    ):
        for row in matrix_rows(consultation):
            p = row["proposal"]
            yield (
                consultation.title,
                row["rank"],
                p.tracking_code,
                p.title,
                p.theme.name,
                row["mean"],
                row["scorers"],
                row["spread"],
                p.is_selected,
            )


def _criteria_rows():
    from .models import Criterion

    return (
        Criterion.objects.filter(consultation__matrix_closed_at__isnull=False)
        .order_by("consultation__opens_on", "consultation_id", "order", "pk")
        .values_list(
            "consultation__slug",
            "consultation__title",
            "order",
            "name",
            "description",
            "weight",
            "scale_min",
            "scale_max",
        )
    )


def register():
    from .models import ProposalStatus

    consultation = Column("consulta", "string", _("Título de la consulta"), REQUIRED)
    code = Column("codigo", "string", _("Código de seguimiento de la propuesta"), REQUIRED)
    datasets.register(
        key="proposals.published",
        title=_("Propuestas ciudadanas publicadas"),
        description=_(
            "Propuestas de las consultas ciudadanas: eje, territorio, problema, solución, "
            "valores de gobierno abierto, estado y apoyos. Sin datos personales."
        ),
        url_name="proposals:dataset-proposals",
        theme=THEME,
        keywords=KEYWORDS,
        rows=_proposal_rows,
        date_field="created_at__date",
        columns=(
            TRACKING_CODE,
            consultation,
            Column("eje", "string", _("Eje temático")),
            Column("titulo", "string", _("Título"), REQUIRED),
            Column("problema", "string", _("Problema que plantea")),
            Column("solucion", "string", _("Solución que propone")),
            PARISH,
            Column("comunidad", "string", _("Comunidad")),
            Column("organizacion", "string", _("Organización (vacía si es anónima)")),
            Column("transparencia", "boolean", _("Contribuye a la transparencia")),
            Column("participacion_ciudadana", "boolean", _("Contribuye a la participación")),
            Column("rendicion_de_cuentas", "boolean", _("Contribuye a la rendición de cuentas")),
            Column("tecnologia_e_innovacion", "boolean", _("Usa tecnología e innovación")),
            Column("estado", "string", _("Estado"), enum(ProposalStatus.choices)),
            Column("apoyos", "integer", _("Apoyos recibidos"), {"minimum": 0}),
            Column("recibida_el", "datetime", _("Fecha de recepción"), REQUIRED),
            Column("seleccionada_el", "datetime", _("Fecha de selección")),
        ),
        order=30,
    )
    datasets.register(
        key="proposals.matrix",
        title=_("Resultados de la Matriz de Propuestas"),
        description=_(
            "Por consulta con matriz cerrada: puntaje ponderado, número de puntuaciones, "
            "dispersión, puesto y selección de cada propuesta."
        ),
        url_name="proposals:dataset-matrix",
        theme=THEME,
        keywords=(*KEYWORDS, "matriz", "priorización"),
        rows=_matrix_rows,
        columns=(
            consultation,
            Column("posicion", "integer", _("Puesto en la matriz"), {"minimum": 1}),
            code,
            Column("titulo", "string", _("Título de la propuesta")),
            Column("eje", "string", _("Eje temático")),
            Column("puntaje_ponderado", "number", _("Puntaje ponderado medio")),
            Column("puntuaciones", "integer", _("Miembros que puntuaron"), {"minimum": 0}),
            Column("desviacion_estandar", "number", _("Dispersión de los puntajes")),
            Column("seleccionada", "boolean", _("Seleccionada por el Foro")),
        ),
        order=31,
    )
    datasets.register(
        key="proposals.criteria",
        title=_("Criterios de la Matriz de Propuestas"),
        description=_(
            "Los criterios con que el Foro puntuó cada consulta con matriz cerrada: nombre, "
            "descripción, peso y escala."
        ),
        theme=THEME,
        keywords=(*KEYWORDS, "matriz", "criterios"),
        rows=_criteria_rows,
        columns=(
            Column("consulta_slug", "string", _("Identificador de la consulta"), REQUIRED),
            consultation,
            Column("orden", "integer", _("Orden del criterio"), {"minimum": 0}),
            Column("criterio", "string", _("Nombre del criterio"), REQUIRED),
            Column("descripcion", "string", _("Descripción del criterio")),
            Column("peso", "number", _("Peso en el puntaje ponderado"), {"minimum": 0}),
            Column("escala_minima", "integer", _("Mínimo de la escala")),
            Column("escala_maxima", "integer", _("Máximo de la escala")),
        ),
        order=32,
    )
