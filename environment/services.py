"""Reforestation writes: the stock ledger, requests, deliveries and follow-up visits.

Every function owns its transaction. Stock rows are locked in primary-key order with
`select_for_update` so two deliveries of the same seedlings queue instead of both passing the
check; the database CHECK (quantity >= 0) is the last line of defence.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core import notifications
from core.codes import new_tracking_code, normalise_tracking_code
from core.photos import clean_image
from core.signals import announce_data_changed

from .models import (
    Delivery,
    DeliveryLine,
    FollowUpVisit,
    MovementKind,
    Nursery,
    NurseryStock,
    RequestLine,
    RequestStatus,
    SeedlingRequest,
    Species,
    StockMovement,
)


@dataclass(frozen=True)
class Line:
    species: Species
    quantity: int


def _merge(lines: Iterable[Line]) -> dict[int, Line]:
    merged: dict[int, Line] = {}
    for line in lines:
        if line.quantity is None or int(line.quantity) <= 0:
            raise ValidationError(_("Las cantidades deben ser mayores que cero."))
        previous = merged.get(line.species.pk)
        total = int(line.quantity) + (previous.quantity if previous else 0)
        merged[line.species.pk] = Line(line.species, total)
    if not merged:
        raise ValidationError(_("Indique al menos una especie y su cantidad."))
    return merged


def _locked_stock(nursery: Nursery, species_ids) -> dict[int, NurseryStock]:
    rows = (
        NurseryStock.objects.select_for_update()
        .filter(nursery=nursery, species_id__in=species_ids)
        .order_by("pk")
    )
    return {row.species_id: row for row in rows}


@transaction.atomic
def stock_record(
    *,
    nursery: Nursery,
    species: Species,
    kind: str,
    quantity: int,
    occurred_on: date,
    by=None,
    note: str = "",
) -> StockMovement:
    """Production (+), loss (-) or adjustment (±) of one species in one nursery."""
    if kind == MovementKind.DELIVERY:
        raise ValidationError(_("Las entregas se registran desde una solicitud aprobada."))
    quantity = int(quantity)
    if quantity == 0:
        raise ValidationError({"quantity": _("La cantidad no puede ser cero.")})
    if kind == MovementKind.LOSS and quantity > 0:
        quantity = -quantity  # people type losses as positive numbers
    NurseryStock.objects.get_or_create(nursery=nursery, species=species)
    stock = _locked_stock(nursery, [species.pk])[species.pk]
    if stock.quantity + quantity < 0:
        raise ValidationError(
            _(
                "No hay suficientes plántulas de %(species)s en %(nursery)s: hay %(available)s "
                "y el movimiento resta %(requested)s."
            ),
            params={
                "species": species.common_name,
                "nursery": nursery.name,
                "available": stock.quantity,
                "requested": -quantity,
            },
        )
    movement = StockMovement(
        nursery=nursery,
        species=species,
        kind=kind,
        quantity=quantity,
        occurred_on=occurred_on,
        note=note,
        recorded_by=by,
    )
    movement.full_clean()
    movement.save()
    NurseryStock.objects.filter(pk=stock.pk).update(quantity=F("quantity") + quantity)
    return movement


@transaction.atomic
def request_submit(
    *,
    applicant_kind: str,
    applicant_name: str,
    parish,
    land_area_ha,
    purpose: str,
    lines: Iterable[Line],
    applicant_phone: str = "",
    applicant_email: str = "",
    location_reference: str = "",
    latitude=None,
    longitude=None,
    received_on: date | None = None,
) -> SeedlingRequest:
    merged = _merge(lines)
    request = SeedlingRequest(
        tracking_code=new_tracking_code("RF"),
        applicant_kind=applicant_kind,
        applicant_name=applicant_name,
        applicant_phone=applicant_phone,
        applicant_email=applicant_email,
        parish=parish,
        location_reference=location_reference,
        latitude=latitude,
        longitude=longitude,
        land_area_ha=land_area_ha,
        purpose=purpose,
        received_on=received_on or timezone.localdate(),
        language=notifications.request_language(),
    )
    if not (applicant_phone or applicant_email):
        raise ValidationError(
            {"applicant_phone": _("Deje un teléfono o un correo para coordinar la entrega.")}
        )
    request.full_clean()
    request.save()
    RequestLine.objects.bulk_create(
        [
            RequestLine(request=request, species=ln.species, quantity=ln.quantity)
            for ln in merged.values()
        ]
    )
    _notify(request, event="received", template="request_received", transactional=True)
    return request


ALLOWED = {
    RequestStatus.RECEIVED: {RequestStatus.APPROVED, RequestStatus.REJECTED},
    RequestStatus.APPROVED: {RequestStatus.REJECTED},
    RequestStatus.DELIVERED: set(),
    RequestStatus.REJECTED: set(),
}


@transaction.atomic
def request_decide(
    *, request: SeedlingRequest, status: str, by=None, reason: str = "", on: date | None = None
) -> SeedlingRequest:
    """Approve or reject (with a reason). Delivered is reached only through `delivery_record`."""
    request = SeedlingRequest.objects.select_for_update().get(pk=request.pk)
    if status not in ALLOWED[request.status]:
        raise ValidationError(
            {
                "status": _("Una solicitud «%(current)s» no puede pasar a «%(target)s».")
                % {
                    "current": request.get_status_display(),
                    "target": RequestStatus(status).label,
                }
            }
        )
    if status == RequestStatus.REJECTED and not reason.strip():
        raise ValidationError({"rejection_reason": _("Indique el motivo del rechazo.")})
    request.status = status
    request.rejection_reason = reason.strip() if status == RequestStatus.REJECTED else ""
    request.decided_on = on or timezone.localdate()
    request.decided_by = by
    request.save(update_fields=["status", "rejection_reason", "decided_on", "decided_by"])
    _notify(request)
    return request


def _notify(
    request: SeedlingRequest, *, event="", template="request_status", transactional=False
) -> None:
    """E-mail the applicant, if they left an address, once per event (by default the status)."""
    if request.applicant_email:
        notifications.notify(
            key=f"seedling-request:{request.pk}:{event or request.status}",
            to=request.applicant_email,
            template=f"environment/email/{template}",
            objects={"req": request},
            language=request.language,
            transactional=transactional,
        )


def delivery_record(
    *,
    request: SeedlingRequest,
    nursery: Nursery,
    lines: Iterable[Line],
    delivered_on: date | None = None,
    by=None,
    note: str = "",
) -> Delivery:
    """Delivers seedlings of an approved request from one nursery; all or nothing."""
    try:
        with transaction.atomic():
            delivery = _deliver(request, nursery, lines, delivered_on, by, note)
    except IntegrityError as exc:  # the CHECK caught what the lock should have prevented
        raise ValidationError(
            _("El vivero no tiene suficientes plántulas para esta entrega; no se guardó nada.")
        ) from exc
    return delivery


def _deliver(request, nursery, lines, delivered_on, by, note):
    merged = _merge(lines)
    delivered_on = delivered_on or timezone.localdate()
    request = SeedlingRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in (RequestStatus.APPROVED, RequestStatus.DELIVERED):
        raise ValidationError(
            _("Solo se entregan plántulas de solicitudes aprobadas (esta está «%(status)s»).")
            % {"status": request.get_status_display()}
        )
    stock = _locked_stock(nursery, list(merged))
    short = []
    for species_id, line in merged.items():
        available = stock[species_id].quantity if species_id in stock else 0
        if available < line.quantity:
            short.append(
                _("%(species)s: hay %(available)s, se piden %(requested)s")
                % {
                    "species": line.species.common_name,
                    "available": available,
                    "requested": line.quantity,
                }
            )
    if short:
        raise ValidationError(
            _("No hay suficientes plántulas en %(nursery)s. %(detail)s. No se guardó nada.")
            % {"nursery": nursery.name, "detail": "; ".join(short)}
        )
    delivery = Delivery(
        request=request, nursery=nursery, delivered_on=delivered_on, delivered_by=by, note=note
    )
    delivery.full_clean()
    delivery.save()
    DeliveryLine.objects.bulk_create(
        [
            DeliveryLine(delivery=delivery, species=ln.species, quantity=ln.quantity)
            for ln in merged.values()
        ]
    )
    StockMovement.objects.bulk_create(
        [
            StockMovement(
                nursery=nursery,
                species=ln.species,
                kind=MovementKind.DELIVERY,
                quantity=-ln.quantity,
                occurred_on=delivered_on,
                delivery=delivery,
                recorded_by=by,
            )
            for ln in merged.values()
        ]
    )
    for species_id, line in merged.items():
        NurseryStock.objects.filter(pk=stock[species_id].pk).update(
            quantity=F("quantity") - line.quantity
        )
    if request.status != RequestStatus.DELIVERED:
        request.status = RequestStatus.DELIVERED
        request.delivered_on = delivered_on
        request.save(update_fields=["status", "delivered_on"])
        _notify(request)
    announce_data_changed("environment")
    return delivery


@transaction.atomic
def visit_record(
    *,
    line: DeliveryLine,
    visited_on: date,
    surviving: int,
    photo=None,
    notes: str = "",
    by=None,
) -> FollowUpVisit:
    if surviving is None or int(surviving) < 0:
        raise ValidationError({"surviving": _("Indique cuántas plantas siguen vivas.")})
    if int(surviving) > line.quantity:
        raise ValidationError(
            {
                "surviving": _(
                    "No pueden sobrevivir más plantas (%(surviving)s) de las entregadas "
                    "(%(delivered)s)."
                )
                % {"surviving": surviving, "delivered": line.quantity}
            }
        )
    if visited_on < line.delivery.delivered_on:
        raise ValidationError({"visited_on": _("La visita no puede ser anterior a la entrega.")})
    visit = FollowUpVisit(
        line=line, visited_on=visited_on, surviving=int(surviving), notes=notes, visited_by=by
    )
    if photo:
        try:
            visit.photo = clean_image(photo)
        except ValidationError as exc:
            raise ValidationError({"photo": exc.messages}) from exc
    visit.full_clean()
    visit.save()
    announce_data_changed("environment")
    return visit


def request_tracking_url(code: str) -> str | None:
    """The public page of the seedling request with this code (for /seguimiento/)."""
    normalised = normalise_tracking_code(code or "")
    if not normalised.startswith("RF-"):
        return None
    found = SeedlingRequest.objects.filter(tracking_code=normalised).first()
    return found.get_absolute_url() if found is not None else None
