"""The complaints dataset, declared once; registered by registrations.py.

Never the complainant's name, e-mail, phone or IP; the place is rounded to about 1.1 km."""

from django.utils.translation import gettext_lazy as _

from core import geo
from core.columns import CHANNEL, PARISH, REPORT_PLACE, TRACKING_CODE
from core.datasets import REQUIRED
from core.registry import Column, datasets


def complaint_rows():
    from .selectors import public_complaints

    return (
        public_complaints()
        .order_by("created_at", "pk")
        .values_list(
            "tracking_code",
            "category",
            "status",
            "parish__name",
            "location_reference",
            "latitude",
            "longitude",
            "date_observed",
            "created_at",
            "resolved_at",
            "source",
            "description",
        )
    )


def public_row(row):
    from core.reports import ReportStatus

    from .models import Complaint

    categories = dict(Complaint._meta.get_field("category").choices)
    code, category, status, parish, ref, lat, lon, *rest = row
    return (
        code,
        str(categories.get(category, category)),
        str(dict(ReportStatus.choices).get(status, status)),
        parish or "",
        ref,
        geo.public_coordinate(lat),
        geo.public_coordinate(lon),
        *rest,
    )


def register():
    from .models import Complaint

    datasets.register(
        key="environment.complaints",
        title=_("Denuncias ambientales"),
        description=_(
            "Categoría, estado, parroquia, ubicación aproximada (unos 1,1 km) y fechas de cada "
            "denuncia. Sin datos de quien denuncia."
        ),
        url_name="environment:complaint-export",
        theme=_("Ambiente"),
        keywords=("denuncias", "ambiente", "contaminación", "deforestación"),
        frequency="daily",
        rows=complaint_rows,
        transform=public_row,
        date_field="created_at__date",
        modified=lambda: (
            Complaint.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
        ),
        columns=(
            TRACKING_CODE,
            Column("categoria", "string", _("Categoría")),
            Column("estado", "string", _("Estado")),
            PARISH,
            *REPORT_PLACE,
            Column("fecha_observada", "date", _("Fecha en que se observó el daño")),
            Column("recibida", "datetime", _("Fecha de recepción"), REQUIRED),
            Column("resuelta", "datetime", _("Fecha de resolución")),
            CHANNEL,
            Column("descripcion", "string", _("Descripción pública")),
        ),
        order=41,
    )
