"""Reads for pages, the home panel, exports and the API. Query counts do not grow with rows."""

from decimal import Decimal

from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.text import Truncator

from forum.models import Actor
from proposals.models import Proposal

from .models import (
    ActionPlan,
    Commitment,
    Evidence,
    Indicator,
    IndicatorValue,
    Milestone,
    ProgressChange,
)


def current_plan() -> ActionPlan | None:
    """The plan in implementation, else the most recent one."""
    return (
        ActionPlan.objects.filter(status=ActionPlan.Status.IMPLEMENTATION).first()
        or ActionPlan.objects.first()
    )


def plan_commitments(plan: ActionPlan):
    return plan.commitments.order_by("number")


def proposals_awaiting_commitment():
    """Selected proposals no commitment comes from yet (staff turn them into commitments)."""
    return (
        Proposal.objects.selected()
        .filter(commitments__isnull=True)
        .only("pk", "title", "tracking_code")
        .order_by("pk")
    )


def home_panel(request) -> dict:
    plan = current_plan()
    return {"plan": plan, "commitments": list(plan_commitments(plan)) if plan else []}


def commitment_for_page(pk: int):
    return (
        Commitment.objects.select_related("plan", "assessment")
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.order_by("order", "pk").prefetch_related(
                    Prefetch("evidence", queryset=Evidence.objects.order_by("-published_on", "pk"))
                ),
            ),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("pk").prefetch_related(
                    Prefetch("values", queryset=IndicatorValue.objects.order_by("date"))
                ),
            ),
            # Only what the public may see: no proposer or contact data is even loaded.
            Prefetch(
                "proposals",
                queryset=Proposal.objects.public()
                .only("pk", "title", "tracking_code", "status")
                .order_by("pk"),
            ),
            Prefetch("co_implementers", queryset=Actor.objects.only("pk", "name").order_by("name")),
        )
        .get(pk=pk)
    )


def commitment_timeline(commitment: Commitment):
    return (
        ProgressChange.objects.filter(milestone__commitment=commitment)
        .select_related("milestone", "changed_by")
        .order_by("-changed_at", "-pk")
    )


def _replay(milestones, changes) -> tuple[Decimal | None, list[tuple[str, Decimal]]]:
    """The commitment's progress before any recorded change, and after each one.

    Milestones start at the value before their first recorded change (or their current
    value when never changed); the last figure of each day is the day's point.
    """
    milestones = list(milestones)
    changes = sorted(changes, key=lambda c: (c.changed_at, c.pk))
    total_weight = sum((m.weight for m in milestones), Decimal(0))
    if not milestones or total_weight <= 0:
        return None, []
    weights = {m.pk: m.weight for m in milestones}
    state = {m.pk: m.progress for m in milestones}
    for change in reversed(changes):
        state[change.milestone_id] = change.old_progress

    def mean():
        value = sum(weights[pk] * state[pk] for pk in weights) / total_weight
        return value.quantize(Decimal("0.01"))

    start, points = mean(), {}
    for change in changes:
        state[change.milestone_id] = change.new_progress
        points[timezone.localtime(change.changed_at).date()] = mean()
    return start, list(points.items())


def progress_series(commitment: Commitment, milestones, changes) -> list[tuple[str, Decimal]]:
    return _replay(milestones, changes)[1]


def plan_history(plan: ActionPlan, commitments) -> list[dict]:
    """One line per commitment on shared dates, each carrying its last value forward.

    Three queries whatever the number of commitments (those given, milestones, changes).
    """
    by_commitment_m, by_commitment_c = {}, {}
    for m in Milestone.objects.filter(commitment__plan=plan).only(
        "pk", "commitment_id", "weight", "progress"
    ):
        by_commitment_m.setdefault(m.commitment_id, []).append(m)
    changes = (
        ProgressChange.objects.filter(milestone__commitment__plan=plan)
        .annotate(commitment_id=F("milestone__commitment_id"))
        .only("pk", "milestone_id", "old_progress", "new_progress", "changed_at")
    )
    for change in changes:
        by_commitment_c.setdefault(change.commitment_id, []).append(change)
    replayed = {
        c.pk: _replay(by_commitment_m.get(c.pk, []), by_commitment_c.get(c.pk, []))
        for c in commitments
    }
    per_commitment = {pk: dict(points) for pk, (_start, points) in replayed.items()}
    dates = sorted({d for points in per_commitment.values() for d in points})
    series = []
    for c in commitments:
        points, last = [], replayed[c.pk][0]
        for day in dates:
            last = per_commitment[c.pk].get(day, last)
            points.append((day, last))
        if per_commitment[c.pk]:
            label = Truncator(f"{c.number}. {c.title}").chars(44)  # "…" when cut
            series.append({"label": label, "points": points})
    return series


def plan_inclusion(plan):
    """Who proposed in the consultations that fed this plan, by self-declared gender and
    Tsáchila community: counts only, small groups folded (core.inclusion)."""
    from core.inclusion import gender_and_community
    from proposals.models import Proposal

    consultations = Proposal.objects.filter(commitments__plan=plan).values("consultation_id")
    return gender_and_community(Proposal.objects.filter(consultation_id__in=consultations))
