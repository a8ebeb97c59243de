"""The public datasets of reforestation, declared once; registered by registrations.py.

Applicants' names, phones, e-mails and places never leave: deliveries name the parish and
the kind of applicant, and requests are counted per parish, species and month."""

from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils.translation import gettext_lazy as _

from core.columns import PARISH, UNIQUE
from core.datasets import REQUIRED, enum
from core.registry import Column, datasets

THEME = _("Ambiente")
NON_NEGATIVE = {"minimum": 0}
KEYWORDS = ("reforestación", "plántulas", "viveros", "ambiente")


def _delivery_rows():
    from .models import DeliveryLine

    return (
        DeliveryLine.objects.order_by("delivery__delivered_on", "pk")
        .annotate(year=ExtractYear("delivery__delivered_on"))
        .values_list(
            "delivery__delivered_on",
            "year",
            "delivery__nursery__name",
            "delivery__request__parish__name",
            "delivery__request__applicant_kind",
            "species__scientific_name",
            "species__common_name",
            "quantity",
            "delivery__request__land_area_ha",
        )
    )


def _survival_rows():
    from .models import DeliveryLine, FollowUpVisit

    latest = FollowUpVisit.objects.filter(line=OuterRef("pk")).order_by("-visited_on", "-pk")
    return (
        DeliveryLine.objects.annotate(
            last_visit=Subquery(latest.values("visited_on")[:1]),
            last_surviving=Subquery(latest.values("surviving")[:1]),
        )
        .filter(last_visit__isnull=False)
        .order_by("delivery__delivered_on", "pk")
        .values_list(
            "delivery__delivered_on",
            "delivery__request__parish__name",
            "species__scientific_name",
            "quantity",
            "last_visit",
            "last_surviving",
        )
    )


def _species_rows():
    from .models import Species

    for s in Species.objects.order_by("scientific_name"):
        yield (s.scientific_name, s.common_name, s.family, s.origin, ";".join(s.uses))


def _request_rows():
    from .models import RequestLine

    return (
        RequestLine.objects.annotate(month=TruncMonth("request__received_on"))
        .values_list("month", "request__parish__name", "species__scientific_name")
        .annotate(
            requests=Count("request_id", distinct=True),
            seedlings=Sum("quantity"),
        )
        .order_by("month", "request__parish__name", "species__scientific_name")
    )


def register():
    from .models import ApplicantKind, Origin

    species = Column("especie_nombre_cientifico", "string", _("Nombre científico de la especie"))
    delivered_on = Column("fecha_entrega", "date", _("Fecha de entrega"), REQUIRED)
    datasets.register(
        key="environment.deliveries",
        title=_("Entregas de plántulas"),
        description=_(
            "Cada especie entregada: fecha, vivero, parroquia, tipo de solicitante, cantidad y "
            "superficie. Sin datos personales."
        ),
        url_name="environment:export-deliveries",
        theme=THEME,
        keywords=KEYWORDS,
        frequency="monthly",
        rows=_delivery_rows,
        date_field="delivery__delivered_on",
        columns=(
            delivered_on,
            Column("anio", "integer", _("Año de la entrega")),
            Column("vivero", "string", _("Vivero que entregó")),
            PARISH,
            Column(
                "tipo_solicitante", "string", _("Tipo de solicitante"), enum(ApplicantKind.choices)
            ),
            species,
            Column("especie_nombre_comun", "string", _("Nombre común de la especie")),
            Column("cantidad", "integer", _("Plántulas entregadas"), {"minimum": 1}),
            Column("superficie_ha", "number", _("Superficie a reforestar (ha)"), {"minimum": 0}),
        ),
        order=40,
    )
    datasets.register(
        key="environment.survival",
        title=_("Supervivencia de las plantaciones"),
        description=_("Plántulas entregadas y vivas en la última visita de seguimiento."),
        url_name="environment:export-survival",
        theme=THEME,
        keywords=(*KEYWORDS, "supervivencia"),
        frequency="monthly",
        rows=_survival_rows,
        date_field="delivery__delivered_on",
        columns=(
            delivered_on,
            PARISH,
            species,
            Column("entregadas", "integer", _("Plántulas entregadas"), {"minimum": 1}),
            Column("fecha_ultima_visita", "date", _("Fecha de la última visita")),
            Column("vivas_ultima_visita", "integer", _("Plantas vivas"), NON_NEGATIVE),
        ),
        order=41,
    )
    datasets.register(
        key="environment.species",
        title=_("Catálogo de especies forestales"),
        description=_("Nombre científico y común, familia, origen y usos."),
        url_name="environment:export-species",
        theme=THEME,
        keywords=(*KEYWORDS, "especies", "flora"),
        rows=_species_rows,
        columns=(
            Column("nombre_cientifico", "string", _("Nombre científico"), UNIQUE),
            Column("nombre_comun", "string", _("Nombre común")),
            Column("familia", "string", _("Familia botánica")),
            Column("origen", "string", _("Origen"), enum(Origin.choices)),
            Column("usos", "string", _("Usos, separados por punto y coma")),
        ),
        order=42,
    )
    datasets.register(
        key="environment.seedling_requests",
        title=_("Solicitudes de plántulas por parroquia, especie y mes"),
        description=_(
            "Número de solicitudes y plántulas pedidas por mes de recepción, parroquia y "
            "especie. Datos agregados: ningún solicitante aparece."
        ),
        theme=THEME,
        keywords=(*KEYWORDS, "solicitudes"),
        frequency="monthly",
        rows=_request_rows,
        date_field="month",
        columns=(
            Column("mes", "date", _("Primer día del mes de recepción"), REQUIRED),
            PARISH,
            species,
            Column("solicitudes", "integer", _("Solicitudes que piden la especie"), {"minimum": 1}),
            Column("plantulas_solicitadas", "integer", _("Plántulas pedidas"), {"minimum": 1}),
        ),
        order=43,
    )
