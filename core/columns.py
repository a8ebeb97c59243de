"""Dataset columns that several apps publish alike, declared once (name, type, description)."""

from django.utils.translation import gettext_lazy as _

from .datasets import REQUIRED
from .registry import Column

UNIQUE = {**REQUIRED, "unique": True}
TRACKING_CODE = Column("codigo", "string", _("Código de seguimiento"), UNIQUE)
PARISH = Column("parroquia", "string", _("Parroquia"))
CHANNEL = Column("canal", "string", _("Canal de recepción"))
# Where a citizen report is: the coordinates rounded to two decimals (about 1.1 km).
REPORT_PLACE = (
    Column("referencia", "string", _("Referencia del lugar")),
    Column("latitud_aprox", "number", _("Latitud aproximada (2 decimales)")),
    Column("longitud_aprox", "number", _("Longitud aproximada (2 decimales)")),
)
