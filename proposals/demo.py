"""Demo data: the 2021 consultation, about 60 proposals, 15 members' scorecards, a closed
matrix and the three selected proposals that became the commitments of the first plan; and the
consultation of the second plan, open on the day the demo is loaded, with its first proposals.

Deterministic (seeded) and idempotent: a second run finds the consultations and changes nothing.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from core import roles
from core.codes import ALPHABET
from core.models import Community, Parish

from . import demo_texts as texts
from .models import (
    OGP_FIELDS,
    Consultation,
    Criterion,
    OGPValue,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    Score,
    Scorecard,
    Support,
    Theme,
)
from .services import _weighted

SLUG = "consulta-ciudadana-2021"
THEMES = [
    ("ambiente", "Ambiente y reforestación"),
    ("agro", "Producción agropecuaria y precios"),
    ("vialidad", "Vialidad rural"),
    ("datos", "Transparencia y datos abiertos"),
    ("participacion", "Participación ciudadana"),
    ("social", "Servicios sociales y salud"),
]
CRITERIA = [
    ("Relevancia para la provincia", "Atiende una necesidad extendida y sentida.", "3", 1, 5),
    ("Factibilidad", "Técnica, legal y financiera para el Gobierno Provincial.", "2", 1, 5),
    (
        "Valores de gobierno abierto",
        "Transparencia, participación, rendición de cuentas.",
        "2",
        1,
        5,
    ),
    (
        "Impacto en la población",
        "Personas y territorio beneficiados (1 bajo, 10 alto).",
        "1",
        1,
        10,
    ),
]
LETTERS = {
    "t": OGPValue.TRANSPARENCY,
    "p": OGPValue.PARTICIPATION,
    "r": OGPValue.ACCOUNTABILITY,
    "i": OGPValue.TECHNOLOGY,
}
TZ = datetime.timezone(datetime.timedelta(hours=-5))  # Ecuador, no daylight saving


def _at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def _members(stdout):
    return _demo_users(roles.FORUM_MEMBER, "foro", 15)


def _citizens():
    return _demo_users(roles.CITIZEN, "vecino", 20)


def _demo_users(role, prefix, count):
    """`prefix01`… accounts in the role's group, without a password (`demo_accounts` sets one)."""
    group = Group.objects.get(name=role)
    User = get_user_model()
    people = []
    for n in range(1, count + 1):
        user, created = User.objects.get_or_create(username=f"{prefix}{n:02d}")
        if created:
            user.set_unusable_password()
            user.save()
        user.groups.add(group)
        people.append(user)
    return people


def _code(rng, taken):
    while True:
        body = "".join(rng.choice(ALPHABET) for _ in range(8))
        code = f"PR-{body[:4]}-{body[4:]}"
        if code not in taken:
            taken.add(code)
            return code


def load(stdout):
    members = _members(stdout)
    citizens = _citizens()
    if not Consultation.objects.filter(slug=SLUG).exists():
        with transaction.atomic():
            _load(stdout, members, citizens)
    if not Consultation.objects.filter(slug=CURRENT_SLUG).exists():
        with transaction.atomic():
            _load_current(citizens)


CURRENT_SLUG = "consulta-ciudadana-segundo-plan"
CURRENT_OPEN_DAYS = 14  # opened two weeks before the load day
CURRENT_CLOSES_IN = 30


def _load_current(citizens):
    """The consultation open on the load day: proposals received since it opened, most
    already published, the newest two waiting for staff."""
    rng = random.Random(CURRENT_SLUG)
    today = timezone.localdate()
    now = timezone.now()
    consultation = Consultation.objects.create(
        slug=CURRENT_SLUG,
        title=f"Consulta ciudadana {today.year}: segundo Plan de Acción de Gobierno Abierto",
        description=(
            "Consulta ciudadana para el segundo Plan de Acción del Gobierno Provincial de Santo "
            "Domingo de los Tsáchilas. Envíe su propuesta con el Formulario de Propuestas de "
            "Gobierno Abierto; el Foro Multiactor las puntuará en la Matriz de Propuestas."
        ),
        opens_on=today - datetime.timedelta(days=CURRENT_OPEN_DAYS),
        closes_on=today + datetime.timedelta(days=CURRENT_CLOSES_IN),
    )
    themes = {
        key: Theme.objects.create(consultation=consultation, name=name, order=i)
        for i, (key, name) in enumerate(THEMES)
    }
    for i, (name, desc, weight, low, high) in enumerate(CRITERIA):
        Criterion.objects.create(
            consultation=consultation,
            name=name,
            description=desc,
            weight=Decimal(weight),
            scale_min=low,
            scale_max=high,
            order=i,
        )
    parishes = {p.code: p for p in Parish.objects.all()}
    communities = {c.code: c for c in Community.objects.all()}
    taken = set(Proposal.objects.values_list("tracking_code", flat=True))
    published = []
    count = len(texts.CURRENT)
    for n, entry in enumerate(texts.CURRENT):
        theme, title, problem, solution, values, parish, comuna, public = entry
        # Spread over the days since opening, oldest first; never later than now.
        days_ago = CURRENT_OPEN_DAYS - round(n * CURRENT_OPEN_DAYS / count)
        created = min(
            _at(today - datetime.timedelta(days=days_ago), rng.randrange(8, 20)),
            now - datetime.timedelta(hours=count - n),
        )
        proposal = Proposal.objects.create(
            consultation=consultation,
            theme=themes[theme],
            tracking_code=_code(rng, taken),
            title=title,
            problem=problem,
            solution=solution,
            parish=parishes.get(parish),
            community=communities.get(comuna),
            proposer_name=f"Persona proponente {n + 101}",
            proposer_email=f"proponente{n + 101}@ejemplo.ec",
            status=ProposalStatus.PUBLISHED if public else ProposalStatus.RECEIVED,
            created_at=created,
            **{OGP_FIELDS[LETTERS[ch]]: True for ch in values},
        )
        ProposalEvent.objects.create(
            proposal=proposal, to_status=ProposalStatus.RECEIVED, created_at=created
        )
        if public:
            moved = min(created + datetime.timedelta(days=rng.randrange(1, 3)), now)
            Proposal.objects.filter(pk=proposal.pk).update(published_at=moved)
            ProposalEvent.objects.create(
                proposal=proposal,
                from_status=ProposalStatus.RECEIVED,
                to_status=ProposalStatus.PUBLISHED,
                created_at=moved,
            )
            published.append(proposal)
    _supports(rng, citizens, published)


def _load(stdout, members, citizens):
    rng = random.Random(2021)
    consultation = Consultation.objects.create(
        slug=SLUG,
        title="Consulta ciudadana 2021: Plan de Acción de Gobierno Abierto",
        description=(
            "Primera consulta ciudadana del Gobierno Provincial de Santo Domingo de los "
            "Tsáchilas en la Alianza para el Gobierno Abierto (OGP Local). La ciudadanía envió "
            "sus propuestas con el Formulario de Propuestas de Gobierno Abierto; el Foro "
            "Multiactor las puntuó en la Matriz de Propuestas y seleccionó las que se "
            "convirtieron en los compromisos del primer Plan de Acción."
        ),
        opens_on=datetime.date(2021, 3, 1),
        closes_on=datetime.date(2021, 4, 30),
        matrix_closed_at=_at(datetime.date(2021, 5, 28), 17),
    )
    themes = {
        key: Theme.objects.create(consultation=consultation, name=name, order=i)
        for i, (key, name) in enumerate(THEMES)
    }
    criteria = [
        Criterion.objects.create(
            consultation=consultation,
            name=name,
            description=desc,
            weight=Decimal(weight),
            scale_min=low,
            scale_max=high,
            order=i,
        )
        for i, (name, desc, weight, low, high) in enumerate(CRITERIA)
    ]
    parishes = {p.code: p for p in Parish.objects.all()}
    communities = {c.code: c for c in Community.objects.all()}
    taken = set(Proposal.objects.values_list("tracking_code", flat=True))
    by_title = {}

    def make(entry, status, **extra):
        theme, title, problem, solution, values, parish, comuna = entry[:7]
        created = _at(
            consultation.opens_on + datetime.timedelta(days=rng.randrange(60)), rng.randrange(8, 20)
        )
        flags = {OGP_FIELDS[LETTERS[ch]]: True for ch in values}
        proposal = Proposal.objects.create(
            consultation=consultation,
            theme=themes[theme],
            tracking_code=_code(rng, taken),
            title=title,
            problem=problem,
            solution=solution,
            parish=parishes.get(parish),
            community=communities.get(comuna),
            organisation=rng.choice(["", "", "Fundapi", "Asociación de productores", ""])
            if theme != "social"
            else "",
            # Demo contacts are invented and stay private like real ones.
            proposer_name=f"Persona proponente {len(by_title) + 1}",
            proposer_email=f"proponente{len(by_title) + 1:02d}@ejemplo.ec",
            status=status,
            created_at=created,
            **flags,
            **extra,
        )
        ProposalEvent.objects.create(
            proposal=proposal, to_status=ProposalStatus.RECEIVED, created_at=created
        )
        if status != ProposalStatus.RECEIVED:
            moved = created + datetime.timedelta(days=rng.randrange(2, 8))
            if status in (ProposalStatus.PUBLISHED, ProposalStatus.SELECTED):
                proposal.published_at = moved
                proposal.save(update_fields=["published_at"])
            comment = extra.get("status_reason", "")
            first = ProposalStatus.PUBLISHED if status == ProposalStatus.SELECTED else status
            ProposalEvent.objects.create(
                proposal=proposal,
                from_status=ProposalStatus.RECEIVED,
                to_status=first,
                comment=comment,
                created_at=moved,
            )
        by_title[title] = proposal
        return proposal

    selected_at = _at(datetime.date(2021, 6, 4), 11)
    selected = [
        make(entry, ProposalStatus.SELECTED, selected_at=selected_at) for entry in texts.SELECTED
    ]
    published = [
        make(entry, ProposalStatus.PUBLISHED) for entry in [*texts.OTHERS, *texts.EXTRA_PUBLISHED]
    ]
    for entry in texts.DUPLICATES:
        original = by_title[entry[7]]
        dup = make(entry, ProposalStatus.DUPLICATE, duplicate_of=original)
        dup.events.filter(to_status=ProposalStatus.DUPLICATE).update(
            comment=f"Duplicada de {original.tracking_code}."
        )
    for entry, reason in zip(texts.REJECTED, texts.REJECTION_REASONS, strict=True):
        make(entry, ProposalStatus.REJECTED, status_reason=reason)
    for proposal in selected:
        ProposalEvent.objects.create(
            proposal=proposal,
            from_status=ProposalStatus.PUBLISHED,
            to_status=ProposalStatus.SELECTED,
            comment="Seleccionada por el Foro Multiactor para el Plan de Acción 2021-2022.",
            created_at=selected_at,
        )

    _scorecards(rng, criteria, members, selected, published)
    _supports(rng, citizens + members, selected + published)


def _scorecards(rng, criteria, members, selected, published):
    cards, scores = [], []
    for proposal in [*selected, *published]:
        # Each proposal has a "merit" the members roughly agree on; the selected ones led.
        merit = rng.uniform(0.82, 0.95) if proposal in selected else rng.uniform(0.25, 0.8)
        for member in members:
            values = {}
            for c in criteria:
                span = c.scale_max - c.scale_min
                noisy = merit + rng.gauss(0, 0.15)
                values[c.pk] = max(c.scale_min, min(c.scale_max, c.scale_min + round(noisy * span)))
            cards.append(
                (
                    Scorecard(
                        proposal=proposal,
                        member=member,
                        weighted_score=_weighted(criteria, values),
                        comment=rng.choice(
                            ["", "", "", "Prioritaria para el territorio.", "Requiere presupuesto."]
                        ),
                    ),
                    values,
                )
            )
    Scorecard.objects.bulk_create([card for card, _values in cards], batch_size=500)
    for card, values in cards:
        scores.extend(Score(scorecard=card, criterion_id=k, value=v) for k, v in values.items())
    Score.objects.bulk_create(scores, batch_size=1000)


def _supports(rng, people, proposals):
    rows = []
    counts = {}
    for proposal in proposals:
        share = 0.7 if proposal.status == ProposalStatus.SELECTED else rng.uniform(0, 0.5)
        for person in people:
            if rng.random() < share:
                rows.append(Support(proposal=proposal, user=person))
                counts[proposal.pk] = counts.get(proposal.pk, 0) + 1
    Support.objects.bulk_create(rows, batch_size=1000)
    for pk, n in counts.items():
        Proposal.objects.filter(pk=pk).update(support_count=n)
