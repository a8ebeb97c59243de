"""Writes of the roads app: interventions, report resolution, and the two imports."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractYear, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from core import report_services
from core.photos import clean_image
from core.reports import ReportStatus
from core.signals import announce_data_changed

from .models import Branch, Intervention, RoadReport


def refresh_last_maintenance(branch_ids) -> None:
    """One UPDATE: the latest of the year the last intervention ended and the inventory year.

    Greatest over two Coalesces so a missing side never blanks the other, on every backend.
    """
    latest = (
        Intervention.objects.filter(branch=OuterRef("pk"))
        .order_by()
        .values("branch")
        .annotate(year=Max(ExtractYear("end_date")))
        .values("year")
    )
    if not isinstance(branch_ids, QuerySet):
        branch_ids = list(branch_ids)
    recorded = Subquery(latest)
    inventory = F("inventory_maintenance_year")
    Branch.objects.filter(pk__in=branch_ids).update(
        last_maintenance_year=Greatest(Coalesce(recorded, inventory), Coalesce(inventory, recorded))
    )


def check_intervention(*, branch, start_date, end_date, km_worked, today=None):
    """The rules an intervention obeys whichever way it arrives (form, admin, import)."""
    today = today or timezone.localdate()
    errors = {}
    if km_worked is not None and km_worked <= 0:
        errors["km_worked"] = _("Los km trabajados deben ser mayores que cero.")
    elif km_worked is not None and km_worked > branch.length_km:
        errors["km_worked"] = _(
            "Los km trabajados (%(km)s) superan la extensión del ramal %(code)s (%(len)s km)."
        ) % {"km": km_worked, "code": branch.code, "len": branch.length_km}
    if start_date and end_date and end_date < start_date:
        errors["end_date"] = _("La fecha de fin es anterior a la de inicio.")
    if end_date and end_date > today:
        errors["end_date"] = _("La fecha de fin (%(d)s) está en el futuro.") % {"d": end_date}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def intervention_record(
    *,
    branch: Branch,
    start_date: date,
    end_date: date,
    km_worked,
    kind: str = "rutinario",
    crew: str = "",
    contractor: str = "",
    cost=None,
    notes: str = "",
    photo_before=None,
    photo_after=None,
    by=None,
) -> Intervention:
    # Locked so a concurrent length correction cannot slip under the km check.
    branch = Branch.objects.select_for_update().get(pk=branch.pk)
    check_intervention(branch=branch, start_date=start_date, end_date=end_date, km_worked=km_worked)
    intervention = Intervention(
        branch=branch,
        start_date=start_date,
        end_date=end_date,
        km_worked=km_worked,
        kind=kind,
        crew=crew,
        contractor=contractor,
        cost=cost,
        notes=notes,
        created_by=by,
    )
    for field, upload in (("photo_before", photo_before), ("photo_after", photo_after)):
        if upload:
            try:
                setattr(intervention, field, clean_image(upload))
            except ValidationError as exc:
                raise ValidationError({field: exc.messages}) from exc
    intervention.full_clean()
    intervention.save()
    refresh_last_maintenance([branch.pk])
    announce_data_changed("roads")
    return intervention


@transaction.atomic
def intervention_update(*, intervention: Intervention, by=None) -> Intervention:
    """Saves staff edits (admin) through the same rules and keeps the branch year in step."""
    previous = (
        Intervention.objects.filter(pk=intervention.pk).values_list("branch_id", flat=True).first()
    )
    branch = Branch.objects.select_for_update().get(pk=intervention.branch_id)
    check_intervention(
        branch=branch,
        start_date=intervention.start_date,
        end_date=intervention.end_date,
        km_worked=intervention.km_worked,
    )
    for field in ("photo_before", "photo_after"):
        upload = getattr(intervention, field)
        if upload and not getattr(upload, "_committed", True):
            setattr(intervention, field, clean_image(upload))
    if intervention.pk is None:
        intervention.created_by = by
    intervention.full_clean()
    intervention.save()
    refresh_last_maintenance({branch.pk, previous} - {None})
    announce_data_changed("roads")
    return intervention


@transaction.atomic
def intervention_delete(*, interventions) -> int:
    """Deletes interventions (staff correcting a mistake); their branches' years follow."""
    branch_ids = set(interventions.values_list("branch_id", flat=True))
    RoadReport.objects.filter(resolved_by__in=interventions).update(resolved_by=None)
    count, _detail = interventions.delete()
    refresh_last_maintenance(branch_ids)
    announce_data_changed("roads")
    return count


@transaction.atomic
def report_resolve_with(*, report: RoadReport, intervention: Intervention, by, comment=""):
    """Links a road report to the intervention that fixed it and resolves it (timeline, email)."""
    if report.branch_id and report.branch_id != intervention.branch_id:
        raise ValidationError(
            {"resolved_by": _("La intervención corresponde a otro ramal que el del reporte.")}
        )
    RoadReport.objects.filter(pk=report.pk).update(resolved_by=intervention)
    comment = comment or _("Atendido con la intervención del %(d)s en el ramal %(code)s.") % {
        "d": intervention.end_date.strftime("%d/%m/%Y"),
        "code": intervention.branch.code,
    }
    if report.status != ReportStatus.RESOLVED:
        report = report_services.report_transition(
            report=report, to_status=ReportStatus.RESOLVED, by=by, comment=comment
        )
    announce_data_changed("roads")
    report.refresh_from_db()
    return report
