"""Demo complaints, loaded from environment/demo.py.

About 200 complaints over the plan's first year (Nov 2021 - Oct 2022), across categories and
parishes, with timelines that move the way triage does; and about 30 more over the six weeks
before the day the demo is loaded, so the portal looks alive that day (the home page counts
the complaints of the last 30 days). Seeded, so every run draws the same complaints; written
in bulk; each period is skipped when its first demo code is already there.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from core import codes
from core.models import Parish
from core.reports import ReportEvent, ReportStatus, Source

from .models import Complaint, ComplaintCategory
from .places import PARISH_CENTRES

SEED = 2021
COUNT = 200
START = date(2021, 11, 1)
END = date(2022, 10, 31)
# The current period: dated back from the load day.
CURRENT_SEED = "denuncias-actuales"
CURRENT_COUNT = 30
CURRENT_DAYS = 44
TZ = ZoneInfo("America/Guayaquil")
S = ReportStatus
C = ComplaintCategory

CATEGORY_WEIGHTS = {
    C.DEFORESTATION: 25,
    C.WATER_POLLUTION: 18,
    C.WASTE: 17,
    C.BURNING: 14,
    C.NOISE: 8,
    C.MINING: 8,
    C.WILDLIFE: 6,
    C.OTHER: 4,
}
# How often people in each parish complain (its centre is in places.py).
PARISH_WEIGHTS = {
    "SDO": 30,
    "ALL": 12,
    "LDA": 9,
    "PLI": 8,
    "SJB": 7,
    "VHE": 8,
    "ESF": 5,
    "SMT": 5,
    "LCN": 10,
    "MTR": 6,
    "LVI": 4,
    "PPI": 4,
}
TEXTS = {
    C.DEFORESTATION: [
        "Están talando el bosque en la loma, se escucha la motosierra todo el día.",
        "Cortaron los árboles de la orilla del estero para sembrar pasto.",
        "Sacan madera en camiones de noche desde la zona de bosque protector.",
    ],
    C.WATER_POLLUTION: [
        "Una lubricadora bota aceite quemado al estero.",
        "El agua del río baja con espuma y mal olor desde la semana pasada.",
        "Una porcícola descarga sus desechos directamente al río.",
    ],
    C.WASTE: [
        "Botan basura y escombros al borde de la vía, ya es un botadero.",
        "Queman y dejan fundas de basura junto a la escuela.",
        "Dejan envases de agroquímicos tirados en la quebrada.",
    ],
    C.BURNING: [
        "Queman el rastrojo y el humo llega a las casas.",
        "Se quemó una parte del bosque junto a la finca, fue provocado.",
    ],
    C.NOISE: [
        "Una discoteca tiene música a todo volumen hasta la madrugada.",
        "Una aserradora trabaja de noche con mucho ruido.",
    ],
    C.MINING: [
        "Volquetas sacan material pétreo del río sin permiso.",
        "Hay una draga sacando oro en el río, el agua está turbia.",
    ],
    C.WILDLIFE: [
        "Venden guantas y armadillos cazados en la vía.",
        "Tienen un mono en una jaula en un local de la vía.",
    ],
    C.OTHER: [
        "Fumigan con avioneta muy cerca de las casas y del agua.",
        "Una fábrica bota humo negro todas las tardes.",
    ],
}
REFERENCES = [
    "Junto al puente",
    "Entrada al recinto, a 200 m de la escuela",
    "Vía principal, km 8",
    "Detrás de la cancha",
    "Orilla del río, bajando por el camino de la finca",
    "",
]
INSTITUTIONS = [
    "Ministerio del Ambiente, Agua y Transición Ecológica",
    "GAD Municipal de Santo Domingo",
    "GAD Municipal de La Concordia",
    "Agencia de Regulación y Control Minero",
    "Unidad de Gestión Ambiental del GAD Provincial",
]
NAMES = ["Ana Zambrano", "Luis Calazacón", "Carmen Aguavil", "José Vera", "Rosa Moreira"]
REJECTIONS = [
    "No corresponde a un daño ambiental.",
    "No se encontró el lugar con la referencia dada.",
    "Es competencia de otra entidad y la persona ya fue orientada.",
]


def _pick(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _at(day: date, rng, office=False) -> datetime:
    if office:
        while day.weekday() >= 5:
            day += timedelta(days=1)
    hour = rng.randint(8, 16) if office else rng.randint(6, 20)
    return datetime.combine(day, time(hour, rng.randint(0, 59)), tzinfo=TZ)


def _path(rng, age_days: int):
    """Status steps after filing: [(status, days later, public comment, reason)]."""
    roll = rng.random()
    if roll < 0.05:
        return [(S.DUPLICATE, rng.randint(1, 4), "", "")]
    if roll < 0.16:
        return [
            (S.IN_REVIEW, rng.randint(1, 4), "", ""),
            (S.REJECTED, rng.randint(2, 10), "", rng.choice(REJECTIONS)),
        ]
    steps = [
        (S.IN_REVIEW, rng.randint(1, 5), "Revisamos la denuncia y programamos una visita.", "")
    ]
    if rng.random() < 0.35:
        steps.append((S.REFERRED, rng.randint(2, 8), "", ""))
    steps.append((S.IN_PROGRESS, rng.randint(2, 12), "Un técnico visitó el lugar.", ""))
    if rng.random() < 0.8:
        fast = rng.random() < 0.65
        later = rng.randint(3, 18) if fast else rng.randint(25, 90)
        steps.append((S.RESOLVED, later, "Se corrigió la situación denunciada.", ""))
    # Only the steps that have happened by the end of the demo year.
    done, elapsed = [], 0
    for step in steps:
        elapsed += step[1]
        if elapsed > age_days:
            break
        done.append(step)
    return done


def load(stdout):
    _load_period(stdout, seed=SEED, count=COUNT, start=START, end=END)
    now = timezone.now()
    today = timezone.localdate(now)
    _load_period(
        stdout,
        seed=CURRENT_SEED,
        count=CURRENT_COUNT,
        start=today - timedelta(days=CURRENT_DAYS),
        end=today,
        now=now,
    )


@transaction.atomic
def _load_period(stdout, *, seed, count, start, end, now=None):
    """`count` complaints filed between start and end; with `now`, nothing after it."""
    rng = random.Random(seed)
    plan = [_tracking_code(rng) for _ in range(count)]
    if Complaint.objects.filter(tracking_code=plan[0]).exists():
        stdout.write("denuncias ya cargadas; ", ending="")
        return
    parishes = {p.code: p for p in Parish.objects.filter(code__in=PARISH_WEIGHTS)}
    span = (end - start).days
    days = sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(count))
    complaints, histories = [], []
    for code, filed_day in zip(plan, days, strict=True):
        complaint, history = _complaint(rng, code, filed_day, parishes, end=end, now=now)
        if complaint.status == S.DUPLICATE:
            history = _duplicate(complaint, history, complaints)
        complaint.created_at = history[0][2]
        complaint.updated_at = history[-1][2]
        complaints.append(complaint)
        histories.append(history)

    Complaint.objects.bulk_create(complaints)
    _backdate(complaints, ["created_at", "updated_at"], [(h[0][2], h[-1][2]) for h in histories])
    content_type = ContentType.objects.get_for_model(Complaint)
    _events(content_type, complaints, histories)
    referrals = _referrals(content_type, complaints, histories, seed)
    stdout.write(f"{len(complaints)} denuncias, {referrals} derivaciones; ", ending="")


def _tracking_code(rng) -> str:
    body = "".join(rng.choice(codes.ALPHABET) for _ in range(8))
    return f"DA-{body[:4]}-{body[4:]}"


def _complaint(rng, code, filed_day, parishes, *, end, now):
    """One complaint as filed, walked through its status steps up to `end` (or `now`)."""
    category = _pick(rng, CATEGORY_WEIGHTS)
    parish_code = _pick(rng, PARISH_WEIGHTS)
    lat, lon = (float(v) for v in PARISH_CENTRES[parish_code])
    filed_at = _at(filed_day, rng)
    if now is not None and filed_at > now:  # filed today, earlier than the load hour
        filed_at = now - timedelta(minutes=15)
    steps = _path(rng, (end - filed_day).days)
    anonymous = rng.random() < 0.35
    name = "" if anonymous else rng.choice(NAMES)
    complaint = Complaint(
        tracking_code=code,
        category=category,
        description=rng.choice(TEXTS[category]),
        parish=parishes[parish_code],
        location_reference=rng.choice(REFERENCES),
        latitude=Decimal(str(round(lat + rng.uniform(-0.03, 0.03), 6))),
        longitude=Decimal(str(round(lon + rng.uniform(-0.03, 0.03), 6))),
        date_observed=filed_at.date() - timedelta(days=rng.choice([0, 0, 0, 1, 2, 5])),
        is_anonymous=anonymous,
        reporter_name=name,
        reporter_email=""
        if anonymous or rng.random() < 0.4
        else name.lower().replace(" ", ".").replace("ó", "o") + "@example.org",
        reporter_phone="" if anonymous else f"09{rng.randint(10_000_000, 99_999_999)}",
        source=Source.OPEN311 if rng.random() < 0.1 else Source.WEB,
    )
    return complaint, _walk(rng, complaint, steps, filed_at, now)


def _walk(rng, complaint, steps, filed_at, now):
    """Apply the status steps to the complaint; its history [(from, to, moment, comment,
    reason)], starting with the filing."""
    moment, history = filed_at, [(None, S.RECEIVED, filed_at, "", "")]
    for status, later, comment, reason in steps:
        # Staff act on working days' office hours; every step is at least a day later.
        moment = _at(moment.date() + timedelta(days=later), rng, office=True)
        if now is not None and moment > now:
            break  # not yet: the case is still where it was
        if status == S.REFERRED:
            complaint.assigned_institution = rng.choice(INSTITUTIONS)
            comment = f"Derivada a {complaint.assigned_institution}."
        history.append((history[-1][1], status, moment, comment, reason))
        complaint.status = status
        if reason:
            complaint.status_reason = reason
        if status == S.RESOLVED:
            complaint.resolved_at = moment
    return history


def _duplicate(complaint, history, earlier_complaints):
    """A duplicate points at the last earlier complaint of its category; the history kept."""
    earlier = [c for c in earlier_complaints if c.category == complaint.category]
    earlier = earlier or earlier_complaints[:1]
    if earlier:
        complaint.duplicate_of_code = earlier[-1].tracking_code
        return history
    # The very first complaint cannot duplicate anything: keep it received.
    complaint.status = S.RECEIVED
    return history[:1]


def _events(content_type, complaints, histories) -> None:
    events, stamps = [], []
    for complaint, history in zip(complaints, histories, strict=True):
        for from_status, to_status, moment, comment, reason in history:
            kind = ReportEvent.Kind.FILED if from_status is None else ReportEvent.Kind.STATUS
            if to_status == S.DUPLICATE:
                comment = f"Ya recibimos esta denuncia: {complaint.duplicate_of_code}."
            events.append(
                ReportEvent(
                    content_type=content_type,
                    object_id=complaint.pk,
                    kind=kind,
                    from_status=from_status or "",
                    to_status=to_status,
                    comment=comment or reason,
                )
            )
            stamps.append((moment,))
    ReportEvent.objects.bulk_create(events, batch_size=1000)
    _backdate(events, ["created_at"], stamps)


def _backdate(rows, fields, stamps) -> None:
    """auto_now_add/auto_now stamp "now" on insert: put the demo's dates back."""
    for row, values in zip(rows, stamps, strict=True):
        for field, value in zip(fields, values, strict=True):
            setattr(row, field, value)
    if rows:
        type(rows[0]).objects.bulk_update(rows, fields, batch_size=500)


REFERRAL_NOTES = [
    "Solicitamos inspección del lugar y que nos informen lo actuado.",
    "Caso de su competencia; la denuncia tiene fotos en el portal.",
    "",
]
REFERRAL_ANSWERS = [
    "Se realizó la inspección y se notificó al responsable.",
    "Se abrió un expediente administrativo y se ordenó la remediación.",
    "Se coordinó un operativo con la policía ambiental.",
]


def _referrals(content_type, complaints, histories, seed) -> int:
    """The referral records behind the «derivada» steps: the institution (invented e-mails),
    the day it was sent and, for the cases resolved since, the institution's answer."""
    from core.casework import Institution, Referral

    rng = random.Random(f"{seed}|derivaciones")
    institutions = {
        name: Institution.objects.get_or_create(
            name=name, defaults={"email": f"derivaciones{n}@ejemplo.ec"}
        )[0]
        for n, name in enumerate(INSTITUTIONS, start=1)
    }
    rows, stamps = [], []
    for complaint, history in zip(complaints, histories, strict=True):
        for _from, to_status, moment, _comment, _reason in history:
            if to_status != S.REFERRED:
                continue
            answered = history[-1][2] if complaint.status == S.RESOLVED else None
            rows.append(
                Referral(
                    content_type=content_type,
                    object_id=complaint.pk,
                    institution=institutions[complaint.assigned_institution],
                    note=rng.choice(REFERRAL_NOTES),
                    answer=rng.choice(REFERRAL_ANSWERS) if answered else "",
                    answered_at=answered,
                )
            )
            stamps.append((moment,))
    Referral.objects.bulk_create(rows)
    _backdate(rows, ["sent_at"], stamps)
    return len(rows)
