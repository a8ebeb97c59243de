"""Reads: public lists, the matrix with its aggregates, datasets, home panel, indicator."""

from datetime import date
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    F,
    Max,
    Min,
    Q,
    StdDev,
    Window,
)
from django.db.models.functions import Rank
from django.utils import timezone

from .models import (
    PUBLIC_STATUSES,
    Consultation,
    Proposal,
    ProposalStatus,
    Score,
    Scorecard,
    Support,
)


def public_proposals():
    return Proposal.objects.public().select_related("consultation", "theme", "parish", "community")


def proposal_for_public(pk):
    return public_proposals().prefetch_related("duplicates").filter(pk=pk).first()


def open_consultations(today=None):
    today = today or timezone.localdate()
    return Consultation.objects.filter(opens_on__lte=today, closes_on__gte=today)


def consultations_with_counts():
    return Consultation.objects.annotate(
        published=Count("proposals", filter=_public_q("proposals__status")),
    )


def _public_q(field):
    hidden = field.replace("status", "is_hidden")
    return Q(**{f"{field}__in": PUBLIC_STATUSES, hidden: False})


def matrix_rows(consultation: Consultation) -> list[dict]:
    """One row per public proposal: weighted mean (0-100), scorers, spread and rank, all from
    database aggregates (one query), plus each criterion's mean (a second query)."""
    mean = Avg("scorecards__weighted_score")
    proposals = (
        Proposal.objects.public()
        .filter(consultation=consultation)
        .select_related("theme", "parish")
        .annotate(
            mean=mean,
            scorers=Count("scorecards"),
            spread=StdDev("scorecards__weighted_score"),
            low=Min("scorecards__weighted_score"),
            high=Max("scorecards__weighted_score"),
            rank=Window(Rank(), order_by=F("mean").desc(nulls_last=True)),
        )
        .order_by(F("mean").desc(nulls_last=True), "pk")
    )
    per_criterion = {}
    for row in (
        Score.objects.filter(scorecard__proposal__consultation=consultation)
        .values("scorecard__proposal_id", "criterion_id")
        .annotate(mean=Avg("value"))
    ):
        per_criterion[(row["scorecard__proposal_id"], row["criterion_id"])] = row["mean"]
    criteria = list(consultation.criteria.all())
    rows = []
    for proposal in proposals:
        rows.append(
            {
                "proposal": proposal,
                "rank": proposal.rank if proposal.scorers else None,
                "mean": _round(proposal.mean),
                "scorers": proposal.scorers,
                "spread": _round(proposal.spread),
                "low": _round(proposal.low),
                "high": _round(proposal.high),
                "criteria": [
                    _round(per_criterion.get((proposal.pk, c.pk)), places="0.1") for c in criteria
                ],
            }
        )
    return rows


def proposal_matrix_result(proposal: Proposal) -> dict | None:
    """The proposal's place in its consultation's closed matrix (None while it is open)."""
    if not (proposal.is_public and proposal.consultation.matrix_is_closed):
        return None
    figures = proposal.scorecards.aggregate(
        mean=Avg("weighted_score"), scorers=Count("pk"), spread=StdDev("weighted_score")
    )
    if not figures["scorers"]:
        return None
    peers = Proposal.objects.public().filter(consultation_id=proposal.consultation_id)
    ahead = (
        peers.annotate(mean=Avg("scorecards__weighted_score"))
        .filter(mean__gt=figures["mean"])
        .count()
    )
    return {
        "rank": ahead + 1,
        "total": peers.count(),
        "mean": _round(figures["mean"]),
        "scorers": figures["scorers"],
        "spread": _round(figures["spread"]),
    }


def _round(value, places="0.01"):
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(places))


def matrix_table(consultation: Consultation):
    """Columns and rows of the matrix for CSV/XLSX (no personal data)."""
    criteria = list(consultation.criteria.all())
    columns = [
        "posicion",
        "codigo",
        "titulo",
        "eje",
        "parroquia",
        "puntaje_ponderado",
        "puntuaciones",
        "desviacion_estandar",
        "minimo",
        "maximo",
        *[f"{c.name} ({c.scale_min}-{c.scale_max}, peso {c.weight})" for c in criteria],
        "seleccionada",
    ]
    rows = [
        [
            row["rank"],
            row["proposal"].tracking_code,
            row["proposal"].title,
            row["proposal"].theme.name,
            row["proposal"].parish.name if row["proposal"].parish else "",
            row["mean"],
            row["scorers"],
            row["spread"],
            row["low"],
            row["high"],
            *row["criteria"],
            "sí" if row["proposal"].is_selected else "no",
        ]
        for row in matrix_rows(consultation)
    ]
    return columns, rows


def member_scorecards(consultation: Consultation, member) -> dict:
    """proposal id -> the member's weighted score, for the 'your scores' column."""
    if not (member and member.is_authenticated):
        return {}
    return dict(
        member.proposal_scorecards.filter(proposal__consultation=consultation).values_list(
            "proposal_id", "weighted_score"
        )
    )


def next_unscored(proposal: Proposal, member) -> Proposal | None:
    """The member's next public proposal of the same consultation without their scorecard:
    the first after this one (by id), else the first before it; None when all are scored."""
    pending = (
        Proposal.objects.public()
        .filter(consultation_id=proposal.consultation_id)
        .exclude(pk=proposal.pk)
        .exclude(scorecards__member=member)
        .order_by("pk")
    )
    return pending.filter(pk__gt=proposal.pk).first() or pending.first()


def home_panel(request):
    open_now = list(
        open_consultations().annotate(received=Count("proposals")).order_by("closes_on")[:3]
    )
    counts = Proposal.objects.aggregate(
        published=Count("pk", filter=_public_q("status")),
        selected=Count("pk", filter=_public_q("status") & _selected_q()),
    )
    return {"open_consultations": open_now, **counts}


def _selected_q():
    return Q(status=ProposalStatus.SELECTED)


def published_between(start: date, end: date) -> Decimal:
    """Indicator proposals.published: public proposals received within the range."""
    return Decimal(Proposal.objects.public().filter(created_at__date__range=(start, end)).count())


def account_supports(user):
    """The proposals this person supports, for "Mi cuenta"."""
    supports = (
        Support.objects.filter(user=user).select_related("proposal").order_by("-created_at")[:20]
    )
    return [
        {
            "label": s.proposal.title,
            "url": s.proposal.get_absolute_url(),
            "status": s.proposal.get_status_display(),
            "date": s.created_at,
        }
        for s in supports
    ]


def account_scorecards(user):
    """The forum member's scorecards, for "Mi cuenta"."""
    cards = (
        Scorecard.objects.filter(member=user)
        .select_related("proposal")
        .order_by("-updated_at")[:50]
    )
    return [
        {
            "label": c.proposal.title,
            "url": c.proposal.get_absolute_url(),
            "status": f"{c.weighted_score}",
            "date": c.updated_at,
        }
        for c in cards
    ]


def account_proposals(user):
    """The proposals filed with this account's (verified) e-mail, for "Mi cuenta"."""
    if not user.email:
        return []
    proposals = Proposal.objects.filter(proposer_email__iexact=user.email).order_by("-pk")[:20]
    return [
        {
            "label": p.title,
            "url": p.get_tracking_url(),
            "status": p.get_status_display(),
        }
        for p in proposals
    ]
