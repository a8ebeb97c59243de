"""Demo forum: ~40 actors, 15 active members (plus 3 former), 12 sessions 2020-2022, and the
sessions of the current cycle dated from the load day: one held three weeks ago, two to come.

Deterministic (seeded) and idempotent: rows are found by their natural keys and only created
when missing.
"""

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.models import Community, Parish

from . import services
from .models import Actor, AgendaItem, Attendance, Decision, Meeting, Membership

TZ = ZoneInfo("America/Guayaquil")
PARISHES = ["SDO", "ALL", "LDA", "PLI", "SJB", "VHE", "ESF", "SMT", "LCN", "MTR", "LVI", "PPI"]

# (name, kind, sector, community code or "")
ACTORS = [
    ("Fundapi", "organizacion", "sociedad_civil", ""),
    ("Asociación de Mujeres Emprendedoras de Alluriquín", "organizacion", "sociedad_civil", ""),
    ("Comité Pro Mejoras de Valle Hermoso", "organizacion", "sociedad_civil", ""),
    ("Red de Jóvenes por la Transparencia", "organizacion", "sociedad_civil", ""),
    ("Asociación de Cacaoteros de Luz de América", "organizacion", "sociedad_civil", ""),
    ("Fundación Ambiental Río Toachi", "organizacion", "sociedad_civil", ""),
    ("Colectivo Ciudadano La Concordia", "organizacion", "sociedad_civil", ""),
    ("Junta de Agua Potable de Puerto Limón", "organizacion", "sociedad_civil", ""),
    ("Asociación de Ganaderos de El Esfuerzo", "organizacion", "sociedad_civil", ""),
    ("Comité de Usuarios Viales de Monterrey", "organizacion", "sociedad_civil", ""),
    ("Pontificia Universidad Católica, sede Santo Domingo", "organizacion", "academia", ""),
    ("Universidad UTE, sede Santo Domingo", "organizacion", "academia", ""),
    ("Universidad Regional Autónoma de los Andes, Santo Domingo", "organizacion", "academia", ""),
    ("Instituto Superior Tecnológico Tsáchila", "organizacion", "academia", ""),
    ("Observatorio Ciudadano Universitario de La Concordia", "organizacion", "academia", ""),
    ("Rosa Aguavil", "persona", "activista", ""),
    ("Jorge Zambrano", "persona", "activista", ""),
    ("Lucía Cedeño", "persona", "activista", ""),
    ("Marco Calazacón", "persona", "activista", ""),
    ("Diana Mendoza", "persona", "activista", ""),
    ("Pedro Vera", "persona", "activista", ""),
    ("GADPSDT, Dirección de Planificación", "organizacion", "publico", ""),
    ("GADPSDT, Dirección de Gestión Ambiental", "organizacion", "publico", ""),
    ("GADPSDT, Dirección de Vialidad", "organizacion", "publico", ""),
    ("GADPSDT, Dirección de Fomento Productivo", "organizacion", "publico", ""),
    ("GAD Parroquial de Alluriquín", "organizacion", "publico", ""),
    ("GAD Parroquial de Puerto Limón", "organizacion", "publico", ""),
    ("GAD Municipal de La Concordia", "organizacion", "publico", ""),
    ("Cámara de Comercio de Santo Domingo", "organizacion", "privado", ""),
    ("Asociación de Exportadores de Plátano", "organizacion", "privado", ""),
    ("Centro de Acopio El Esfuerzo", "organizacion", "privado", ""),
    ("Cooperativa de Transporte Interparroquial Toachi", "organizacion", "privado", ""),
    ("Negocios La Tierrita", "organizacion", "privado", ""),
    ("Gobernación de la Nacionalidad Tsáchila", "organizacion", "pueblo", ""),
    ("Comuna Chigüilpe", "organizacion", "pueblo", "TS-CHI"),
    ("Comuna Congoma", "organizacion", "pueblo", "TS-CON"),
    ("Comuna El Poste", "organizacion", "pueblo", "TS-EPO"),
    ("Comuna Otongo Mapalí", "organizacion", "pueblo", "TS-OMA"),
    ("Comuna Peripa", "organizacion", "pueblo", "TS-PER"),
    ("Comuna Los Naranjos", "organizacion", "pueblo", "TS-LNA"),
]
INVITED = {5, 14, 19, 32, 39}  # indexes of actors still only invited
WITHDRAWN = {9, 20, 31}  # indexes of actors that left

# (username, first, last, actor index, role, joined, left or None, drifting)
MEMBERS = [
    ("foro01", "Ana", "Quiñónez", 0, "coordinacion", date(2020, 10, 15), None, False),
    ("foro02", "Luis", "Andrade", 21, "coordinacion", date(2020, 10, 15), None, False),
    ("foro03", "Carmen", "Aguavil", 33, "miembro", date(2020, 10, 15), None, False),
    ("foro04", "Julio", "Mera", 10, "miembro", date(2020, 10, 15), None, False),
    ("foro05", "Patricia", "Loor", 1, "miembro", date(2020, 10, 15), None, False),
    ("foro06", "Rosa", "Aguavil", 15, "miembro", date(2020, 10, 15), None, False),
    ("foro07", "Andrés", "Vélez", 22, "miembro", date(2020, 10, 15), None, False),
    ("foro08", "Gabriela", "Intriago", 11, "miembro", date(2021, 1, 10), None, False),
    ("foro09", "Manuel", "Calazacón", 34, "miembro", date(2021, 1, 10), None, True),
    ("foro10", "Sofía", "Paredes", 28, "observador", date(2021, 1, 10), None, True),
    ("foro11", "Héctor", "Cevallos", 23, "miembro", date(2021, 3, 1), None, False),
    ("foro12", "Elena", "Moreira", 4, "miembro", date(2021, 3, 1), None, True),
    ("foro13", "Jorge", "Zambrano", 16, "miembro", date(2021, 6, 1), None, False),
    ("foro14", "Mariela", "Ortiz", 2, "miembro", date(2021, 6, 1), None, True),
    ("foro15", "Wilson", "Tapia", 24, "observador", date(2021, 9, 1), None, False),
    ("foro16", "Fernando", "Ruiz", 9, "miembro", date(2020, 10, 15), date(2021, 8, 1), False),
    ("foro17", "Pedro", "Vera", 20, "miembro", date(2020, 10, 15), date(2022, 2, 1), False),
    ("foro18", "Ramiro", "Solís", 31, "observador", date(2021, 1, 10), date(2021, 12, 1), False),
]

# (date, hour, title, place, agenda, decisions)
MEETINGS = [
    (
        date(2020, 11, 12),
        9,
        "Sesión de instalación del Foro Multiactor",
        "Auditorio del GADPSDT",
        [
            "Bienvenida y presentación de los actores",
            "Alianza para el Gobierno Abierto (OGP Local)",
            "Reglamento de funcionamiento del foro",
        ],
        [
            "Se instala el Foro Multiactor con sus miembros fundadores.",
            "Se aprueba el reglamento de funcionamiento del foro.",
        ],
    ),
    (
        date(2020, 12, 10),
        9,
        "Mapeo de actores y ampliación del foro",
        "En línea",
        ["Resultados del mapeo de actores", "Actores a invitar por territorio"],
        ["Se invita a las comunas tsáchilas y a las juntas parroquiales que faltan."],
    ),
    (
        date(2021, 2, 18),
        15,
        "Diseño de la consulta ciudadana",
        "Universidad UTE, sede Santo Domingo",
        ["Formulario de Propuestas de Gobierno Abierto", "Difusión en parroquias rurales"],
        ["Se aprueba el formulario de propuestas.", "La consulta se abre del 1 al 31 de marzo."],
    ),
    (
        date(2021, 4, 15),
        9,
        "Análisis de la Matriz de Propuestas",
        "Auditorio del GADPSDT",
        ["Resultados de la consulta ciudadana", "Criterios de relevancia y factibilidad"],
        ["Se adoptan los criterios de valoración de la matriz."],
    ),
    (
        date(2021, 5, 20),
        9,
        "Selección de compromisos",
        "Auditorio del GADPSDT",
        ["Votación de la Matriz de Propuestas", "Compromisos candidatos"],
        ["Se seleccionan tres compromisos: ambiente, agroproducción y vialidad."],
    ),
    (
        date(2021, 7, 8),
        15,
        "Validación del Plan de Acción",
        "En línea",
        ["Objetivos, actividades e indicadores de cada compromiso", "Entrega a OGP Local"],
        ["Se valida el Plan de Acción y se envía a OGP Local."],
    ),
    (
        date(2021, 11, 11),
        10,
        "Lanzamiento del Plan de Acción",
        "Parque Zaracay, Santo Domingo",
        ["Presentación pública del plan", "Responsables de cada compromiso"],
        ["Cada compromiso tendrá una mesa de seguimiento con actores del foro."],
    ),
    (
        date(2022, 2, 17),
        9,
        "Seguimiento: compromiso ambiental",
        "Vivero provincial",
        ["Avance de la política de reforestación", "Sistema de entrega de especies"],
        ["Se publicarán mensualmente las entregas de especies."],
    ),
    (
        date(2022, 4, 21),
        9,
        "Seguimiento: agroprecios y tecnificación",
        "Centro de Acopio El Esfuerzo",
        ["Precios agrícolas en datos abiertos", "Capacitación a productores"],
        ["Se suman dos centros de acopio a la publicación de precios."],
    ),
    (
        date(2022, 7, 14),
        9,
        "Seguimiento: red vial rural",
        "GAD Parroquial de Puerto Limón",
        ["Informe consolidado de ramales 2019-2022", "Plataforma de reportes viales"],
        ["Se prioriza el mantenimiento de los ramales con necesidad alta."],
    ),
    (
        date(2022, 9, 22),
        15,
        "Evaluación intermedia del plan",
        "En línea",
        ["Avance de los tres compromisos", "Retos: sostener y ampliar el foro"],
        ["Se convoca a nuevos actores para el segundo plan."],
    ),
    (
        date(2022, 12, 1),
        9,
        "Cierre del primer plan y lecciones aprendidas",
        "Auditorio del GADPSDT",
        ["Informe final de cumplimiento", "Lecciones aprendidas", "Hoja de ruta del segundo plan"],
        [
            "Se aprueba el informe final del primer Plan de Acción.",
            "Se publicarán las lecciones aprendidas en el portal.",
        ],
    ),
]


def _actors():
    parishes = {p.code: p for p in Parish.objects.all()}
    communities = {c.code: c for c in Community.objects.select_related("parish")}
    actors = []
    for i, (name, kind, sector, community_code) in enumerate(ACTORS):
        community = communities.get(community_code)
        parish = community.parish if community else parishes[PARISHES[i % len(PARISHES)]]
        if i in INVITED:
            status, joined, withdrawn = Actor.Status.INVITED, None, None
        elif i in WITHDRAWN:
            status, joined, withdrawn = Actor.Status.WITHDRAWN, date(2020, 10, 15), date(2022, 2, 1)
        else:
            status, joined, withdrawn = Actor.Status.ACTIVE, date(2020, 10, 15), None
        slug = f"actor{i + 1:02d}"
        actor, _created = Actor.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "sector": sector,
                "parish": parish,
                "community": community,
                "description": f"{name}: actor del mapeo de gobierno abierto provincial.",
                "contact_name": "Responsable de enlace",
                "contact_email": f"{slug}@example.org",
                "contact_phone": f"09{8000000 + i * 1371:08d}",
                "status": status,
                "invited_on": date(2020, 9, 1),
                "joined_on": joined,
                "withdrawn_on": withdrawn,
            },
        )
        actors.append(actor)
    return actors


def _members(actors):
    User = get_user_model()
    members = []
    for username, first, last, actor_i, role, joined, left, drifting in MEMBERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, first_name=first, last_name=last)
            user.set_unusable_password()
            user.save()
        membership = Membership.objects.filter(
            user=user, actor=actors[actor_i], joined_on=joined
        ).first()
        if membership is None:
            membership = services.membership_create(
                user=user, actor=actors[actor_i], role=role, joined_on=joined
            )
            if left:
                membership = services.membership_end(membership=membership, left_on=left)
        members.append((membership, drifting))
    return members


def _meetings(members):
    rng = random.Random(2020)
    for n, (day, hour, title, place, agenda, decisions) in enumerate(MEETINGS):
        starts = datetime(day.year, day.month, day.day, hour, tzinfo=TZ)
        ends = starts + timedelta(hours=3)
        meeting, created = Meeting.objects.get_or_create(
            title=title,
            starts_at=starts,
            defaults={
                "ends_at": ends,
                "place": "" if place == "En línea" else place,
                "online_url": "https://meet.example.org/foro-multiactor"
                if place == "En línea"
                else "",
                "description": f"Sesión ordinaria n.º {n + 1} del Foro Multiactor.",
                "minutes": _minutes(n + 1, title, agenda, decisions),
                "minutes_published_at": ends + timedelta(days=7),
            },
        )
        for i, item in enumerate(agenda, start=1):
            AgendaItem.objects.get_or_create(meeting=meeting, order=i, defaults={"title": item})
        for i, text in enumerate(decisions, start=1):
            Decision.objects.get_or_create(meeting=meeting, order=i, defaults={"text": text})
        progress = n / (len(MEETINGS) - 1)
        for membership, drifting in members:
            # Always draw, so each session's numbers don't depend on which rows already exist.
            draw = rng.random()
            if not membership.is_active_on(day):
                continue
            chance = 0.9 - (0.75 * progress if drifting else 0.0)
            if draw < chance:
                status = Attendance.Status.PRESENT
            elif draw < chance + 0.08:
                status = Attendance.Status.EXCUSED
            else:
                status = Attendance.Status.ABSENT
            Attendance.objects.get_or_create(
                meeting=meeting, member=membership, defaults={"status": status}
            )


def _minutes(number, title, agenda, decisions):
    lines = [
        f"Acta de la sesión n.º {number} del Foro Multiactor: {title}.",
        "",
        "Puntos tratados:",
    ]
    lines += [f"{i}. {item}" for i, item in enumerate(agenda, start=1)]
    lines += ["", "Decisiones:"] + [f"- {d}" for d in decisions]
    lines += ["", "Se levanta la sesión con la asistencia registrada al pie de esta acta."]
    return "\n".join(lines)


# The current cycle: (days from the load day, hour, title, place, agenda); negative = held.
CURRENT = [
    (
        -21,
        15,
        "Instalación del Foro para el segundo Plan de Acción",
        "Auditorio del GADPSDT",
        ["Bienvenida a los nuevos actores", "Calendario de la consulta ciudadana"],
        ["Se abre la consulta ciudadana para el segundo Plan de Acción."],
    ),
    (
        9,
        15,
        "Revisión de las propuestas recibidas",
        "GAD Parroquial de Alluriquín",
        ["Propuestas publicadas hasta la fecha", "Dudas sobre la matriz de puntuación"],
        [],
    ),
    (
        37,
        9,
        "Priorización de propuestas en la Matriz",
        "En línea",
        ["Puntuación de las propuestas", "Selección para el segundo plan"],
        [],
    ),
]


def _current_meetings(members):
    """The sessions of the current cycle, once (found by the first one's title)."""
    if Meeting.objects.filter(title=CURRENT[0][2]).exists():
        return
    rng = random.Random("foro-actual")
    today = timezone.localdate()
    now = timezone.now()
    for n, (days, hour, title, place, agenda, decisions) in enumerate(CURRENT):
        day = today + timedelta(days=days)
        starts = datetime(day.year, day.month, day.day, hour, tzinfo=TZ)
        ends = starts + timedelta(hours=3)
        held = ends < now
        meeting = Meeting.objects.create(
            title=title,
            starts_at=starts,
            ends_at=ends,
            place="" if place == "En línea" else place,
            online_url="https://meet.example.org/foro-multiactor" if place == "En línea" else "",
            description=f"Sesión n.º {n + 1} del segundo ciclo del Foro Multiactor.",
            minutes=_minutes(n + 1, title, agenda, decisions) if held else "",
            minutes_published_at=ends + timedelta(days=2) if held else None,
        )
        for i, item in enumerate(agenda, start=1):
            AgendaItem.objects.create(meeting=meeting, order=i, title=item)
        for i, text in enumerate(decisions, start=1):
            Decision.objects.create(meeting=meeting, order=i, text=text)
        if not held:
            continue
        for membership, drifting in members:
            draw = rng.random()
            if not membership.is_active_on(day):
                continue
            chance = 0.55 if drifting else 0.85
            if draw < chance:
                status = Attendance.Status.PRESENT
            elif draw < chance + 0.08:
                status = Attendance.Status.EXCUSED
            else:
                status = Attendance.Status.ABSENT
            Attendance.objects.create(meeting=meeting, member=membership, status=status)


@transaction.atomic
def load(stdout=None):
    actors = _actors()
    members = _members(actors)
    _meetings(members)
    _current_meetings(members)
    services.sync_member_roles()
    if stdout is not None:
        stdout.write(f"{Actor.objects.count()} actores, {Meeting.objects.count()} sesiones")
