import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction

from environment import selectors, services
from environment.models import (
    MovementKind,
    NurseryStock,
    RequestStatus,
    SeedlingRequest,
    StockMovement,
)

from .factories import approved_request, deliver, stock

pytestmark = pytest.mark.django_db
DAY = datetime.date(2022, 2, 1)


def test_production_loss_and_adjustment_move_the_stock_and_the_ledger(nursery, laurel):
    stock(nursery, laurel, 500)
    services.stock_record(
        nursery=nursery, species=laurel, kind=MovementKind.LOSS, quantity=30, occurred_on=DAY
    )
    services.stock_record(
        nursery=nursery, species=laurel, kind=MovementKind.ADJUSTMENT, quantity=-5, occurred_on=DAY
    )
    assert NurseryStock.objects.get(nursery=nursery, species=laurel).quantity == 465
    assert list(StockMovement.objects.order_by("pk").values_list("quantity", flat=True)) == [
        500,
        -30,
        -5,
    ]
    assert selectors.stock_discrepancies() == []


def test_a_loss_larger_than_the_stock_is_refused_and_nothing_is_written(nursery, laurel):
    stock(nursery, laurel, 10)
    with pytest.raises(ValidationError, match="No hay suficientes plántulas de Laurel"):
        services.stock_record(
            nursery=nursery, species=laurel, kind=MovementKind.LOSS, quantity=11, occurred_on=DAY
        )
    assert NurseryStock.objects.get(nursery=nursery, species=laurel).quantity == 10
    assert StockMovement.objects.count() == 1


def test_deliveries_cannot_be_recorded_as_plain_movements(nursery, laurel):
    with pytest.raises(ValidationError):
        services.stock_record(
            nursery=nursery,
            species=laurel,
            kind=MovementKind.DELIVERY,
            quantity=-1,
            occurred_on=DAY,
        )


def test_the_ledger_is_append_only(nursery, laurel):
    movement = stock(nursery, laurel, 100)
    movement.quantity = 1000
    with pytest.raises(ValidationError):
        movement.save()
    with pytest.raises(ValidationError):
        movement.delete()
    with pytest.raises(ValidationError):
        StockMovement.objects.filter(pk=movement.pk).update(quantity=1000)
    with pytest.raises(ValidationError):
        StockMovement.objects.all().delete()
    assert StockMovement.objects.get().quantity == 100


def test_the_database_refuses_negative_stock(nursery, laurel):
    stock(nursery, laurel, 5)
    with pytest.raises(IntegrityError), transaction.atomic():
        NurseryStock.objects.filter(nursery=nursery).update(quantity=-1)


def test_the_database_refuses_a_movement_whose_sign_contradicts_its_kind(nursery, laurel):
    with pytest.raises(IntegrityError), transaction.atomic():
        StockMovement.objects.create(
            nursery=nursery,
            species=laurel,
            kind=MovementKind.PRODUCTION,
            quantity=-3,
            occurred_on=DAY,
        )


def test_delivery_decrements_stock_writes_the_ledger_and_marks_the_request(
    nursery, laurel, guayacan, django_capture_on_commit_callbacks
):
    stock(nursery, laurel, 300)
    stock(nursery, guayacan, 100)
    req = approved_request({laurel: 120, guayacan: 40})
    with django_capture_on_commit_callbacks() as callbacks:
        delivery = deliver(req, nursery, {laurel: 120, guayacan: 40})
    assert len(callbacks) == 2  # announce_data_changed("environment") + the applicant's email
    quantities = dict(
        NurseryStock.objects.filter(nursery=nursery).values_list("species__common_name", "quantity")
    )
    assert quantities == {"Laurel": 180, "Guayacán": 60}
    assert delivery.movements.count() == 2
    req.refresh_from_db()
    assert req.status == RequestStatus.DELIVERED
    assert req.delivered_on == datetime.date(2022, 3, 20)
    assert selectors.stock_discrepancies() == []


def test_a_delivery_that_would_leave_negative_stock_saves_nothing(nursery, laurel, guayacan):
    stock(nursery, laurel, 300)
    stock(nursery, guayacan, 10)
    req = approved_request({laurel: 100, guayacan: 40})
    with pytest.raises(ValidationError) as exc:
        deliver(req, nursery, {laurel: 100, guayacan: 40})
    assert "No hay suficientes plántulas en Vivero Luz de América" in exc.value.messages[0]
    assert "Guayacán: hay 10, se piden 40" in exc.value.messages[0]
    assert NurseryStock.objects.get(nursery=nursery, species=laurel).quantity == 300
    assert StockMovement.objects.filter(kind=MovementKind.DELIVERY).count() == 0
    req.refresh_from_db()
    assert req.status == RequestStatus.APPROVED
    assert req.deliveries.count() == 0


def test_species_never_produced_at_the_nursery_cannot_be_delivered(nursery, laurel):
    req = approved_request({laurel: 1})
    with pytest.raises(ValidationError, match="Laurel: hay 0"):
        deliver(req, nursery, {laurel: 1})


def test_only_approved_requests_are_delivered(nursery, laurel):
    stock(nursery, laurel, 50)
    from .factories import SeedlingRequestFactory

    req = SeedlingRequestFactory()
    with pytest.raises(ValidationError, match="solicitudes aprobadas"):
        deliver(req, nursery, {laurel: 5})


def test_request_transitions_follow_the_rules(laurel):
    from .factories import SeedlingRequestFactory

    req = SeedlingRequestFactory()
    with pytest.raises(ValidationError, match="motivo"):
        services.request_decide(request=req, status=RequestStatus.REJECTED, reason=" ")
    services.request_decide(request=req, status=RequestStatus.REJECTED, reason="Fuera de zona")
    with pytest.raises(ValidationError, match="no puede pasar"):
        services.request_decide(request=req, status=RequestStatus.APPROVED)
    req.refresh_from_db()
    assert (req.status, req.rejection_reason) == (RequestStatus.REJECTED, "Fuera de zona")


def test_a_rejected_request_without_reason_is_refused_by_the_database():
    from .factories import SeedlingRequestFactory

    with pytest.raises(IntegrityError), transaction.atomic():
        SeedlingRequestFactory(status=RequestStatus.REJECTED, rejection_reason="")


def test_submitted_requests_get_an_rf_tracking_code_and_lines(laurel, guayacan):
    from core.models import Parish

    req = services.request_submit(
        applicant_kind="escuela",
        applicant_name="Escuela Fiscal Tsáchila",
        applicant_phone="022750000",
        parish=Parish.objects.get(code="SJB"),
        land_area_ha="0.50",
        purpose="Arborizar el patio",
        lines=[services.Line(laurel, 10), services.Line(guayacan, 5), services.Line(laurel, 5)],
    )
    assert req.tracking_code.startswith("RF-")
    assert dict(req.lines.values_list("species__common_name", "quantity")) == {
        "Laurel": 15,
        "Guayacán": 5,
    }


def test_submitted_coordinates_outside_the_province_are_refused(laurel):
    from core.models import Parish

    with pytest.raises(ValidationError) as exc:
        services.request_submit(
            applicant_kind="finca",
            applicant_name="Finca Quito",
            applicant_phone="099",
            parish=Parish.objects.get(code="SJB"),
            latitude="-0.18",
            longitude="-78.48",  # Quito
            land_area_ha="1",
            purpose="x",
            lines=[services.Line(laurel, 10)],
        )
    assert "longitude" in exc.value.error_dict
    assert SeedlingRequest.objects.count() == 0


def test_stock_check_command_reports_a_tampered_balance(nursery, laurel, capsys):
    stock(nursery, laurel, 40)
    call_command("check_nursery_stock")
    NurseryStock.objects.filter(nursery=nursery).update(quantity=39)  # a write behind the ledger
    with pytest.raises(CommandError, match="1 diferencias"):
        call_command("check_nursery_stock")
    assert selectors.stock_discrepancies() == [
        {"nursery": nursery.name, "species": "Laurel", "stock": 39, "ledger": 40}
    ]


def test_the_applicant_is_emailed_when_the_request_is_approved_and_delivered(
    nursery, laurel, mailoutbox, django_capture_on_commit_callbacks
):
    stock(nursery, laurel, 50)
    with django_capture_on_commit_callbacks(execute=True):
        req = approved_request({laurel: 10})
    with django_capture_on_commit_callbacks(execute=True):
        deliver(req, nursery, {laurel: 10})
    assert [m.to for m in mailoutbox] == [["rosa.finca@example.org"]] * 2
    assert "Aprobada" in mailoutbox[0].subject and req.tracking_code in mailoutbox[0].subject
    assert "Entregada" in mailoutbox[1].subject
    assert req.get_absolute_url() in mailoutbox[1].body


def test_applicants_without_email_get_no_mail(mailoutbox, django_capture_on_commit_callbacks):
    from .factories import SeedlingRequestFactory

    req = SeedlingRequestFactory(applicant_email="")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_decide(request=req, status=RequestStatus.REJECTED, reason="Duplicada")
    assert mailoutbox == []


def test_a_delivery_announces_that_environment_figures_changed(
    nursery, laurel, django_capture_on_commit_callbacks
):
    from core.signals import data_changed

    heard = []

    def listener(sender, **kwargs):
        heard.append(sender)

    data_changed.connect(listener)
    try:
        stock(nursery, laurel, 50)
        req = approved_request({laurel: 10})
        with django_capture_on_commit_callbacks(execute=True):
            deliver(req, nursery, {laurel: 10})
    finally:
        data_changed.disconnect(listener)
    assert heard == ["environment"]


@pytest.mark.parametrize(
    "kind,quantity,message",
    [
        (MovementKind.PRODUCTION, -5, "La producción suma plántulas"),
        (MovementKind.ADJUSTMENT, 0, "La cantidad no puede ser cero."),
    ],
)
def test_movements_with_an_impossible_sign_are_refused_in_spanish(
    nursery, laurel, kind, quantity, message
):
    stock(nursery, laurel, 10)
    with pytest.raises(ValidationError, match=message):
        services.stock_record(
            nursery=nursery, species=laurel, kind=kind, quantity=quantity, occurred_on=DAY
        )
    assert StockMovement.objects.count() == 1
