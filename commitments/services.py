"""Writes: progress, milestone changes, indicator values, assessments and the recalculation.

Progress is computed in `recalculate_progress` only, set-based: one UPDATE for the commitments
and one for the plans, whatever their number.
"""

from datetime import date
from decimal import Decimal

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import (
    Avg,
    DecimalField,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    OuterRef,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Round
from django.utils import timezone
from django.utils.translation import gettext as _

from core.registry import indicators as indicator_registry

from . import notices
from .models import (
    ActionPlan,
    Assessment,
    Commitment,
    Indicator,
    IndicatorValue,
    Milestone,
    ProgressChange,
    Snapshot,
)

PERCENT = DecimalField(max_digits=5, decimal_places=2)
ZERO = Value(Decimal(0), output_field=PERCENT)


def _weighted_progress():
    """Weighted mean of a commitment's milestones, as a correlated subquery on OuterRef("pk")."""
    divisor = Sum("weight")
    if connection.vendor == "sqlite":  # it keeps whole decimals as integers and would truncate
        divisor = Cast(divisor, FloatField())
    weighted = (
        Milestone.objects.filter(commitment=OuterRef("pk"))
        .order_by()
        .values("commitment")
        .annotate(
            value=ExpressionWrapper(
                Sum(F("weight") * F("progress")) / divisor,
                output_field=DecimalField(max_digits=20, decimal_places=10),
            )
        )
        .values("value")
    )
    return Coalesce(Round(Subquery(weighted), 2, output_field=PERCENT), ZERO)


def _plan_mean():
    mean = (
        Commitment.objects.filter(plan=OuterRef("pk"))
        .order_by()
        .values("plan")
        .annotate(
            value=Avg("progress", output_field=DecimalField(max_digits=20, decimal_places=10))
        )
        .values("value")
    )
    return Coalesce(Round(Subquery(mean), 2, output_field=PERCENT), ZERO)


# PostgreSQL: one UPDATE ... FROM (SELECT ... GROUP BY), as cheap as touching the rows at all.
# The self-join keeps commitments without milestones (they go back to 0).
_PG_UPDATE = """
UPDATE {commitment} AS c
SET progress = COALESCE(s.value, 0), progress_computed_at = %(now)s
FROM {commitment} AS c2
LEFT JOIN (
    SELECT commitment_id, ROUND(SUM(weight * progress) / SUM(weight), 2) AS value
    FROM {milestone}
    {milestone_filter}
    GROUP BY commitment_id
) AS s ON s.commitment_id = c2.id
WHERE c.id = c2.id {commitment_filter}
"""


def _update_commitments_pg(commitment_ids, now):
    ids = None if commitment_ids is None else list(commitment_ids)
    sql = _PG_UPDATE.format(
        commitment=connection.ops.quote_name(Commitment._meta.db_table),
        milestone=connection.ops.quote_name(Milestone._meta.db_table),
        milestone_filter="" if ids is None else "WHERE commitment_id = ANY(%(ids)s)",
        commitment_filter="" if ids is None else "AND c.id = ANY(%(ids)s)",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"now": now, "ids": ids})


def _update_commitments_orm(commitment_ids, now):
    """The same figures through a correlated subquery, for databases without UPDATE ... FROM."""
    commitments = Commitment.objects.all()
    if commitment_ids is not None:
        commitments = commitments.filter(pk__in=commitment_ids)
    commitments.update(progress=_weighted_progress(), progress_computed_at=now)


def recalculate_progress(*, commitment_ids=None, now=None) -> None:
    """Stores every commitment's progress (weighted mean of its milestones) and every plan's
    (mean of its commitments), with the computation date. Two UPDATEs in all (plus, for given
    commitments, the row locks that make concurrent saves end at the true mean)."""
    now = now or timezone.now()
    if commitment_ids is not None:
        # Two milestones of one commitment saved at once: the second writer waits here until
        # the first commits, so its UPDATE (a new snapshot) sees both milestones. Without the
        # lock, its UPDATE would be computed from the snapshot it started with and write a
        # stale mean over the first one's. Rows are locked in primary-key order.
        with transaction.atomic():
            _lock_commitments(commitment_ids)
            _recalculate(commitment_ids, now)
        return
    _recalculate(None, now)


def _lock_commitments(commitment_ids) -> None:
    list(
        Commitment.objects.select_for_update()
        .filter(pk__in=list(commitment_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _recalculate(commitment_ids, now) -> None:
    if connection.vendor == "postgresql":
        _update_commitments_pg(commitment_ids, now)
    else:
        _update_commitments_orm(commitment_ids, now)
    plans = ActionPlan.objects.all()
    if commitment_ids is not None:
        plans = plans.filter(pk__in=Commitment.objects.filter(pk__in=commitment_ids).values("plan"))
        list(plans.select_for_update().order_by("pk").values_list("pk", flat=True))  # as above
    plans.update(progress=_plan_mean(), progress_computed_at=now)


def _check_progress(value) -> Decimal:
    try:
        value = Decimal(str(value))
    except ArithmeticError as exc:
        raise ValidationError({"progress": _("El avance debe ser un número.")}) from exc
    if not value.is_finite():
        raise ValidationError({"progress": _("El avance debe ser un número.")})
    if not Decimal(0) <= value <= Decimal(100):
        raise ValidationError({"progress": _("El avance debe ser un porcentaje entre 0 y 100.")})
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def milestone_set_progress(
    *, milestone: Milestone, progress, by, note: str = "", when=None
) -> ProgressChange | None:
    """Records the change (who, when, old, new) and recomputes the commitment's progress."""
    new = _check_progress(progress)
    locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
    old = locked.progress
    if old == new:
        return None
    change = ProgressChange.objects.create(
        milestone=locked,
        old_progress=old,
        new_progress=new,
        changed_at=when or timezone.now(),
        changed_by=by,
        note=note[:300],
    )
    status = locked.status
    if new == 100:
        status = Milestone.Status.DONE
    elif new > 0:
        status = Milestone.Status.ONGOING
    Milestone.objects.filter(pk=locked.pk).update(
        progress=new, status=status, version=F("version") + 1
    )
    milestone.progress, milestone.status = new, status
    before = Commitment.objects.values_list("progress", flat=True).get(pk=locked.commitment_id)
    recalculate_progress(commitment_ids=[locked.commitment_id])
    change.milestone = Milestone.objects.select_related("commitment").get(pk=locked.pk)
    notices.milestone_progressed(change)
    commitment = change.milestone.commitment
    if commitment.progress >= 100 > before:
        notices.commitment_completed(commitment)
    return change


def refresh_manual_indicators(*, indicator_ids=None) -> None:
    """Current value of a manual indicator = its latest dated value (one UPDATE)."""
    latest = IndicatorValue.objects.filter(indicator=OuterRef("pk")).order_by("-date")
    qs = Indicator.objects.filter(source=Indicator.Source.MANUAL)
    if indicator_ids is not None:
        qs = qs.filter(pk__in=indicator_ids)
    qs.update(
        current_value=Subquery(latest.values("value")[:1]),
        current_as_of=Subquery(latest.values("date")[:1]),
    )


@transaction.atomic
def indicator_value_record(
    *, indicator: Indicator, date: date, value, note: str = ""
) -> IndicatorValue:
    if indicator.source != Indicator.Source.MANUAL:
        raise ValidationError(
            _("Este indicador se calcula con datos del portal; no admite valores manuales.")
        )
    row = IndicatorValue.objects.filter(indicator=indicator, date=date).first()
    row = row or IndicatorValue(indicator=indicator, date=date)
    row.value, row.note = value, note
    row.full_clean()
    row.save()
    refresh_manual_indicators(indicator_ids=[indicator.pk])
    return row


def recalculate_computed_indicators(*, today: date) -> int:
    """Calls each computed indicator's registered function over its plan's period up to today.

    An unregistered key or a failing function raises: the caller's transaction rolls back, so
    previous values stay as they were.
    """
    rows = list(
        Indicator.objects.filter(source=Indicator.Source.COMPUTED).select_related(
            "commitment__plan"
        )
    )
    for row in rows:
        # Results keep accruing after a plan closes: the figure runs from its start to today.
        start = row.counted_from or row.commitment.plan.period_start
        end = min(row.counted_until, today) if row.counted_until else today
        value = indicator_registry.get(row.source_key).value(start, end)
        row.current_value = value.quantize(Decimal("0.01"))
        row.current_as_of = end
    Indicator.objects.bulk_update(rows, ["current_value", "current_as_of"], batch_size=500)
    return len(rows)


def _snapshot_data() -> dict:
    return {
        "plans": {
            str(pk): str(progress)
            for pk, progress in ActionPlan.objects.values_list("pk", "progress")
        },
        "commitments": {
            str(pk): str(progress)
            for pk, progress in Commitment.objects.values_list("pk", "progress")
        },
        "indicators": {
            str(pk): (None if value is None else str(value))
            for pk, value in Indicator.objects.values_list("pk", "current_value")
        },
    }


@transaction.atomic
def recalculate_all(*, today: date | None = None) -> Snapshot:
    """Indicators, then progress, then the day's snapshot; all or nothing.

    Re-running on the same day rewrites that day's snapshot rather than adding one.
    """
    now = timezone.now()
    today = today or timezone.localdate()
    recalculate_computed_indicators(today=today)
    refresh_manual_indicators()
    recalculate_progress(now=now)
    snapshot, _created = Snapshot.objects.update_or_create(
        date=today, defaults={"taken_at": now, "data": _snapshot_data()}
    )
    return snapshot


@transaction.atomic
def assessment_record(
    *, commitment: Commitment, by, opened_government: str, explanation: str, evidence_url: str = ""
) -> Assessment:
    """The forum's end-of-commitment assessment; only once the commitment has finished.

    A member's text is a proposal until a moderator confirms it; once confirmed, only a
    moderator changes it (and it stays confirmed). The history keeps every version and author."""
    moderator = rules.test_rule("core.is_forum_moderator", by)
    if not (moderator or rules.test_rule("core.is_forum_member", by)):
        raise PermissionDenied(_("Solo los miembros del Foro Multiactor evalúan compromisos."))
    if commitment.status != Commitment.Status.FINISHED:
        raise ValidationError(
            _("El compromiso se evalúa cuando ha finalizado; aún está «%(status)s».")
            % {"status": commitment.get_status_display()}
        )
    assessment = Assessment.objects.select_for_update().filter(
        commitment=commitment
    ).first() or Assessment(commitment=commitment)
    if assessment.is_confirmed and not moderator:
        raise PermissionDenied(
            _("El Foro ya confirmó esta evaluación; solo un moderador puede cambiarla.")
        )
    assessment.opened_government = opened_government
    assessment.explanation = explanation
    assessment.evidence_url = evidence_url
    assessment.assessed_by = by
    if moderator:
        _confirm(assessment, by)
    assessment.full_clean()
    assessment.save()
    return assessment


def _confirm(assessment, by):
    assessment.status = Assessment.Status.CONFIRMED
    assessment.confirmed_by = by
    assessment.confirmed_at = timezone.now()


@transaction.atomic
def assessment_confirm(*, commitment: Commitment, by) -> Assessment:
    """A moderator makes the proposed assessment the forum's public record."""
    if not rules.test_rule("core.is_forum_moderator", by):
        raise PermissionDenied(_("Solo un moderador confirma la evaluación del Foro."))
    assessment = Assessment.objects.select_for_update().filter(commitment=commitment).first()
    if assessment is None:
        raise ValidationError(_("Aún no hay una evaluación propuesta para confirmar."))
    _confirm(assessment, by)
    assessment.save(update_fields=["status", "confirmed_by", "confirmed_at", "assessed_at"])
    return assessment


@transaction.atomic
def commitment_from_proposal(*, proposal, plan: ActionPlan, by) -> Commitment:
    """Staff turn a selected proposal into a commitment of `plan`, prefilled from it and
    linked both ways; staff then complete the OGP template in the admin."""
    if not rules.test_rule("core.is_portal_staff", by):
        raise PermissionDenied(_("Solo el personal del portal crea compromisos."))
    if not proposal.is_selected:
        raise ValidationError(
            _("Solo una propuesta seleccionada por el Foro puede volverse compromiso.")
        )
    existing = proposal.commitments.filter(plan=plan).first()
    if existing is not None:
        return existing
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    last = plan.commitments.aggregate(last=Max("number"))["last"] or 0
    commitment = Commitment(
        plan=plan,
        number=last + 1,
        title=proposal.title[:250],
        problem=proposal.problem,
        objective=proposal.solution,
        transparency=proposal.serves_transparency,
        participation=proposal.serves_participation,
        accountability=proposal.serves_accountability,
        technology=proposal.serves_technology,
        start_date=plan.launched_on or plan.period_start,
        end_date=plan.period_end,
        status=Commitment.Status.PLANNED,
    )
    commitment.full_clean()
    commitment.save()
    commitment.proposals.add(proposal)
    notices.proposal_became_commitment(commitment, proposal)
    return commitment
