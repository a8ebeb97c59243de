"""Reads for pages, the home panel, exports and the API. Query counts do not grow with rows."""

from decimal import Decimal

from django.db.models import Prefetch

from .models import ActionPlan, Commitment, Evidence, Indicator, Milestone, ProgressChange


def current_plan() -> ActionPlan | None:
    """The plan in implementation, else the most recent one."""
    return (
        ActionPlan.objects.filter(status=ActionPlan.Status.IMPLEMENTATION).first()
        or ActionPlan.objects.first()
    )


def plan_commitments(plan: ActionPlan):
    return plan.commitments.order_by("number")


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
            Prefetch("indicators", queryset=Indicator.objects.order_by("pk")),
        )
        .get(pk=pk)
    )


def commitment_timeline(commitment: Commitment):
    return (
        ProgressChange.objects.filter(milestone__commitment=commitment)
        .select_related("milestone", "changed_by")
        .order_by("-changed_at", "-pk")
    )


def progress_series(commitment: Commitment, milestones, changes) -> list[tuple[str, Decimal]]:
    """The commitment's progress after each recorded change, replayed from the history.

    Milestones start at the value before their first recorded change (or their current
    value when never changed); the last figure of each day is the day's point.
    """
    milestones = list(milestones)
    changes = sorted(changes, key=lambda c: (c.changed_at, c.pk))
    total_weight = sum((m.weight for m in milestones), Decimal(0))
    if not milestones or not changes or total_weight <= 0:
        return []
    state = {m.pk: m.progress for m in milestones}
    for change in reversed(changes):
        state[change.milestone_id] = change.old_progress
    weights = {m.pk: m.weight for m in milestones}
    points = {}
    for change in changes:
        state[change.milestone_id] = change.new_progress
        value = sum(weights[pk] * state[pk] for pk in weights) / total_weight
        points[change.changed_at.date().isoformat()] = value.quantize(Decimal("0.01"))
    return list(points.items())


def milestones_export_rows():
    return (
        Milestone.objects.order_by("commitment__plan__period_start", "commitment__number", "order")
        .values_list(
            "commitment__plan__slug",
            "commitment__number",
            "commitment__title",
            "order",
            "title",
            "weight",
            "start_date",
            "end_date",
            "status",
            "progress",
        )
        .iterator()
    )


def commitments_export_rows():
    from . import levels

    for row in Commitment.objects.order_by("plan__period_start", "number").values_list(
        "plan__slug",
        "number",
        "title",
        "lead_institution",
        "responsible_unit",
        "start_date",
        "end_date",
        "status",
        "progress",
        "progress_computed_at",
    ):
        yield (*row, levels.level_for(row[8]).key)


def history_export_rows():
    return (
        ProgressChange.objects.order_by("changed_at", "pk")
        .values_list(
            "milestone__commitment__plan__slug",
            "milestone__commitment__number",
            "milestone__title",
            "changed_at",
            "old_progress",
            "new_progress",
            "note",
        )
        .iterator()
    )
