"""The first action plan (delivered July 2021, launched November 2021) with its three
commitments, whose milestones compute to 100 %, 95 % and 90 %. Idempotent and deterministic."""

from datetime import date, datetime, time
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from core.registry import indicators as indicator_registry
from forum.models import Actor
from proposals.models import Proposal

from . import services
from .models import (
    ActionPlan,
    Assessment,
    Commitment,
    Evidence,
    Indicator,
    IndicatorValue,
    Milestone,
    ProgressChange,
)

OGP_URL = "https://www.opengovpartnership.org/members/santo-domingo-de-los-tsachilas-ecuador/"

# (order, title, weight, start, end, [(date, progress), ...] ending at the final value)
COMMITMENTS = [
    {
        "number": 1,
        "title": "Política pública de reforestación y sistema digital de control ambiental",
        "problem": "La reforestación y el control ambiental dependían de trámites en papel; la "
        "ciudadanía no sabía cuántas especies se entregaban ni dónde, y sus denuncias "
        "ambientales no tenían seguimiento público.",
        "objective": "Co-crear una política pública de reforestación y cuidado ambiental y un "
        "sistema digital de control ambiental y entrega de especies, con denuncias ciudadanas "
        "que se siguen en línea.",
        "values": ["transparency", "participation", "technology"],
        "unit": "Dirección de Gestión Ambiental",
        "co": ["Fundapi", "Fundación Ambiental Río Toachi", "Comuna Chigüilpe"],
        "proposal": "Política pública de reforestación y sistema digital de control ambiental y "
        "entrega de especies",
        "milestones": [
            (
                1,
                "Mesas de co-creación de la política pública de reforestación",
                "2",
                date(2021, 11, 15),
                date(2022, 3, 31),
                [(date(2022, 1, 20), 50), (date(2022, 3, 30), 100)],
            ),
            (
                2,
                "Aprobación de la política pública por el Consejo Provincial",
                "2",
                date(2022, 4, 1),
                date(2022, 6, 30),
                [(date(2022, 6, 28), 100)],
            ),
            (
                3,
                "Sistema digital de control ambiental y entrega de especies",
                "3",
                date(2022, 1, 10),
                date(2022, 10, 31),
                [(date(2022, 5, 15), 40), (date(2022, 8, 20), 80), (date(2022, 10, 28), 100)],
            ),
            (
                4,
                "Canal de denuncias ambientales ciudadanas con seguimiento público",
                "3",
                date(2022, 3, 1),
                date(2022, 11, 30),
                [(date(2022, 7, 1), 60), (date(2022, 11, 25), 100)],
            ),
        ],
        "indicators": [
            (
                "Plantas entregadas a la ciudadanía",
                "plantas",
                "0",
                "20000",
                "environment.seedlings_delivered",
                "12500",
            ),
            (
                "Denuncias ambientales resueltas en 30 días",
                "denuncias",
                "0",
                "100",
                "environment.complaints_resolved_30d",
                "64",
            ),
        ],
    },
    {
        "number": 2,
        "title": "Precios agrícolas abiertos con participación de los productores",
        "problem": "Los productores venden en finca a intermediarios sin conocer los precios de "
        "referencia; los datos de producción y precios no se publicaban en formatos abiertos.",
        "objective": "Tecnificar a productores y hacerlos partícipes del diseño, la recolección y "
        "la publicación de datos de producción y precios agrícolas en formatos abiertos.",
        "values": ["transparency", "participation", "technology"],
        "unit": "Dirección de Fomento Productivo",
        "co": ["Asociación de Cacaoteros de Luz de América", "Negocios La Tierrita", "Fundapi"],
        "proposal": "Precios agrícolas abiertos con participación de los productores",
        "milestones": [
            (
                1,
                "Capacitación (tecnificación) de productores en registro de datos",
                "1",
                date(2021, 12, 1),
                date(2022, 4, 30),
                [(date(2022, 2, 15), 50), (date(2022, 4, 29), 100)],
            ),
            (
                2,
                "Diseño participativo de la recolección de precios y producción",
                "1",
                date(2022, 2, 1),
                date(2022, 5, 31),
                [(date(2022, 5, 30), 100)],
            ),
            (
                3,
                "Publicación de agroprecios en formatos abiertos",
                "1",
                date(2022, 5, 1),
                date(2022, 10, 31),
                [(date(2022, 7, 15), 60), (date(2022, 10, 20), 100)],
            ),
            (
                4,
                "Enlace con el sitio de venta directa «negocios la tierrita»",
                "1",
                date(2022, 8, 1),
                date(2022, 12, 15),
                [(date(2022, 10, 1), 40), (date(2022, 12, 10), 80)],
            ),
        ],
        "indicators": [
            (
                "Observaciones de precios publicadas",
                "observaciones",
                "0",
                "20000",
                "agroprices.observations_published",
                "3800",
            ),
        ],
    },
    {
        "number": 3,
        "title": "Monitoreo ciudadano del estado de la red vial rural",
        "problem": "La ciudadanía no podía saber qué ramales de la red vial rural se mantenían ni "
        "en qué estado estaban, ni reportar daños con seguimiento.",
        "objective": "Un proceso participativo y una plataforma para monitorear y controlar el "
        "estado de la red vial rural de la provincia.",
        "values": ["transparency", "accountability", "technology"],
        "unit": "Dirección de Obras Públicas",
        "co": [
            "Comité de Usuarios Viales de Monterrey",
            "GAD Parroquial de Alluriquín",
            "Red de Jóvenes por la Transparencia",
        ],
        "proposal": "Monitoreo ciudadano del estado de la red vial rural",
        "milestones": [
            (
                1,
                "Proceso participativo de priorización de ramales",
                "30",
                date(2021, 12, 1),
                date(2022, 4, 30),
                [(date(2022, 3, 1), 50), (date(2022, 4, 28), 100)],
            ),
            (
                2,
                "Plataforma de monitoreo del estado de la red vial rural",
                "30",
                date(2022, 2, 1),
                date(2022, 9, 30),
                [(date(2022, 6, 1), 50), (date(2022, 9, 29), 100)],
            ),
            (
                3,
                "Publicación del consolidado de ramales 2019-2022",
                "20",
                date(2022, 9, 1),
                date(2022, 11, 30),
                [(date(2022, 11, 28), 100)],
            ),
            (
                4,
                "Reportes ciudadanos de daños en vías con seguimiento público",
                "20",
                date(2022, 6, 1),
                date(2022, 12, 31),
                [(date(2022, 9, 1), 20), (date(2022, 12, 20), 50)],
            ),
        ],
        "indicators": [
            # The published consolidated report counts 2019-2022: so does the figure.
            (
                "Km real atendido (consolidado 2019-2022)",
                "km",
                "0",
                "1719.4",
                "roads.km_worked",
                "1719.4",
                date(2019, 1, 1),
                date(2022, 12, 31),
            ),
        ],
    },
]


# Manual indicators: quarterly reports of 2022 reaching the final figure.
QUARTERS = [
    (date(2022, 3, 31), Decimal("0.25")),
    (date(2022, 6, 30), Decimal("0.5")),
    (date(2022, 9, 30), Decimal("0.8")),
    (date(2022, 12, 31), Decimal(1)),
]


def _aware(day):
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _plan():
    plan, _ = ActionPlan.objects.update_or_create(
        slug="primer-plan-2021-2022",
        defaults={
            "title": "Primer Plan de Acción de Gobierno Abierto 2021-2022",
            "summary": "Tres compromisos co-creados con el Foro Multiactor a partir de la consulta "
            "ciudadana: ambiente, agroproducción y vialidad.",
            "period_start": date(2021, 7, 1),
            "period_end": date(2022, 12, 31),
            "status": ActionPlan.Status.CLOSED,
            "delivered_on": date(2021, 7, 30),
            "launched_on": date(2021, 11, 18),
        },
    )
    return plan


def _milestones(commitment, spec):
    for order, title, weight, start, end, steps in spec["milestones"]:
        milestone, _ = Milestone.objects.update_or_create(
            commitment=commitment,
            order=order,
            defaults={
                "title": title,
                "weight": Decimal(weight),
                "start_date": start,
                "end_date": end,
            },
        )
        if milestone.changes.exists():
            continue
        old = Decimal(0)
        for day, value in steps:
            ProgressChange.objects.create(
                milestone=milestone,
                old_progress=old,
                new_progress=value,
                changed_at=_aware(day),
                note="Informe de seguimiento",
            )
            old = Decimal(value)
        status = Milestone.Status.DONE if old == 100 else Milestone.Status.ONGOING
        Milestone.objects.filter(pk=milestone.pk).update(progress=old, status=status)
        Evidence.objects.get_or_create(
            milestone=milestone,
            title=f"Informe de avance: {title}",
            defaults={
                # A document (the open progress history, CSV), not the commitment's own page.
                "url": f"{settings.SITE_URL}{reverse('commitments:export-history')}?format=csv",
                "published_on": steps[-1][0],
            },
        )


def _indicators(commitment, spec):
    for name, unit, baseline, target, key, manual_value, *since in spec["indicators"]:
        # since: optional (first, last) day the computed figure counts
        computed = key in indicator_registry
        indicator, _ = Indicator.objects.update_or_create(
            commitment=commitment,
            name=name,
            defaults={
                "unit": unit,
                "baseline": Decimal(baseline),
                "target": Decimal(target),
                "source": Indicator.Source.COMPUTED if computed else Indicator.Source.MANUAL,
                "source_key": key if computed else "",
                "source_note": "Datos del portal" if computed else "Informe de la dirección",
                "counted_from": since[0] if since and computed else None,
                "counted_until": since[1] if since and computed else None,
            },
        )
        if computed:
            IndicatorValue.objects.filter(indicator=indicator).delete()
        else:
            final = Decimal(manual_value)
            quarters = {day: (final * share).quantize(Decimal(1)) for day, share in QUARTERS}
            IndicatorValue.objects.filter(indicator=indicator).exclude(date__in=quarters).delete()
            for day, value in quarters.items():
                IndicatorValue.objects.update_or_create(
                    indicator=indicator,
                    date=day,
                    defaults={"value": value, "note": "Informe trimestral de la dirección"},
                )


def _links(commitment, spec):
    """Forum actors and the selected proposal, when their apps' demo data is loaded."""
    commitment.co_implementers.add(*Actor.objects.filter(name__in=spec["co"]))
    commitment.proposals.add(*Proposal.objects.selected().filter(title=spec["proposal"]))


@transaction.atomic
def load(stdout):
    plan = _plan()
    for spec in COMMITMENTS:
        values = spec["values"]
        commitment, _ = Commitment.objects.update_or_create(
            plan=plan,
            number=spec["number"],
            defaults={
                "title": spec["title"],
                "problem": spec["problem"],
                "objective": spec["objective"],
                "transparency": "transparency" in values,
                "participation": "participation" in values,
                "accountability": "accountability" in values,
                "technology": "technology" in values,
                "responsible_unit": spec["unit"],
                "start_date": date(2021, 11, 18),
                "end_date": date(2022, 12, 31),
                "status": Commitment.Status.FINISHED,
            },
        )
        _milestones(commitment, spec)
        _indicators(commitment, spec)
        _links(commitment, spec)
    first = plan.commitments.get(number=1)
    Assessment.objects.get_or_create(
        commitment=first,
        defaults={
            "opened_government": Assessment.Verdict.YES,
            "explanation": "La entrega de especies y las denuncias ambientales pasaron a ser "
            "públicas y verificables en línea; la política se co-creó con el Foro.",
            "evidence_url": OGP_URL,
            "status": Assessment.Status.CONFIRMED,
        },
    )
    _closing_the_loop(plan)
    services.recalculate_all()


def _closing_the_loop(plan):
    """Forum decisions behind the commitments, the Forum's answer to every proposal of the
    consultation (selected or not) and the plan's lessons learned."""
    from forum.models import Decision

    from .decisions import DecisionLink, LessonsLearned

    decisions = list(Decision.objects.select_related("meeting").order_by("meeting__starts_at"))
    for commitment, decision in zip(plan.commitments.order_by("number"), decisions, strict=False):
        DecisionLink.objects.get_or_create(decision=decision, commitment=commitment)
    for proposal in Proposal.objects.filter(commitments__plan=plan, forum_answer=""):
        Proposal.objects.filter(pk=proposal.pk).update(
            forum_answer="El Foro la seleccionó por su puntaje en la matriz y su viabilidad "
            "con el presupuesto del GAD; es ahora un compromiso del plan."
        )
    consultations = Proposal.objects.filter(commitments__plan=plan).values("consultation_id")
    Proposal.objects.filter(
        consultation_id__in=consultations, status="publicada", forum_answer=""
    ).update(
        forum_answer="El Foro valoró la propuesta, pero no alcanzó el puntaje de la matriz o "
        "no es competencia del GAD Provincial; la tendremos en cuenta en el próximo ciclo."
    )
    Proposal.consultation.field.related_model.objects.filter(
        pk__in=consultations, matrix_closed_at__isnull=False, outcome_published_at__isnull=True
    ).update(outcome_published_at=F("matrix_closed_at"))
    LessonsLearned.objects.get_or_create(
        plan=plan,
        defaults={
            "text": "Convocar al Foro con un mes de anticipación y publicar el orden del día.\n"
            "Responder a cada propuesta, también a las no seleccionadas.\n"
            "Medir el avance con hitos verificables y evidencia pública."
        },
    )
