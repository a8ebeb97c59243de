"""The Forum's public datasets, declared once; registered by registrations.py."""

from django.utils.translation import gettext_lazy as _

from core.columns import PARISH
from core.datasets import REQUIRED, enum
from core.registry import Column, datasets

THEME = _("Participación ciudadana")
KEYWORDS = ("foro multiactor", "actores", "participación")


def _actor_rows():
    from . import selectors
    from .models import Actor

    # Contact data never: only the public fields the directory shows.
    return Actor.objects.order_by("name", "pk").values_list(*selectors.PUBLIC_ACTOR_FIELDS)


def _attendance_rows():
    from .models import Attendance

    return Attendance.objects.order_by(
        "meeting__starts_at", "member__actor__name", "pk"
    ).values_list(
        "meeting_id",
        "meeting__title",
        "meeting__starts_at",
        "member__actor_id",
        "member__actor__name",
        "member__actor__sector",
        "member__role",
        "status",
    )


def register():
    from .models import Actor, Attendance, Membership, Sector

    sector = Column("sector", "string", _("Sector del actor"), enum(Sector.choices))
    datasets.register(
        key="forum.actors",
        title=_("Directorio de actores del Foro Multiactor"),
        description=_(
            "Organizaciones y personas del mapeo de actores: sector, territorio, estado y "
            "fechas. Sin datos de contacto."
        ),
        url_name="forum:export-actors",
        theme=THEME,
        keywords=KEYWORDS,
        frequency="monthly",
        rows=_actor_rows,
        columns=(
            Column(
                "id", "integer", _("Identificador del actor"), {"required": True, "unique": True}
            ),
            Column("nombre", "string", _("Nombre de la organización o persona"), REQUIRED),
            Column("tipo", "string", _("Tipo de actor"), enum(Actor.Kind.choices)),
            sector,
            Column("estado", "string", _("Estado en el foro"), enum(Actor.Status.choices)),
            Column("descripcion", "string", _("Descripción pública")),
            Column("sitio_web", "string", _("Sitio web")),
            Column("parroquia_codigo", "string", _("Código de la parroquia")),
            PARISH,
            Column("invitado_el", "date", _("Fecha de invitación")),
            Column("incorporado_el", "date", _("Fecha de incorporación")),
            Column("retirado_el", "date", _("Fecha de retiro")),
        ),
        order=40,
    )
    datasets.register(
        key="forum.attendance",
        title=_("Sesiones y asistencia del Foro Multiactor"),
        description=_("Asistencia de cada actor miembro a cada sesión del foro."),
        url_name="forum:export-attendance",
        theme=THEME,
        keywords=(*KEYWORDS, "asistencia", "sesiones"),
        frequency="monthly",
        rows=_attendance_rows,
        date_field="meeting__starts_at__date",
        columns=(
            Column("sesion_id", "integer", _("Identificador de la sesión"), REQUIRED),
            Column("sesion", "string", _("Título de la sesión")),
            Column("fecha", "datetime", _("Fecha y hora de la sesión"), REQUIRED),
            Column("actor_id", "integer", _("Identificador del actor"), REQUIRED),
            Column("actor", "string", _("Nombre del actor")),
            sector,
            Column("rol", "string", _("Rol del miembro"), enum(Membership.Role.choices)),
            Column("asistencia", "string", _("Asistencia"), enum(Attendance.Status.choices)),
        ),
        order=41,
    )
